"""A zone's saved Terraform plan, summarised from ``terraform show -json``.

The guard decides on this, not on Terraform's one-line summary, because it
needs to know *which* record sets change (apex NS) and how big the zone is
(every record resource in config or state appears in ``resource_changes``,
unchanged ones as ``no-op``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from zonestack.diff import Prune
from zonestack.names import APEX
from zonestack.resource_ids import DOMAIN_RESOURCE_TYPE, RECORD_RESOURCE_TYPE


class PlanJsonError(ValueError):
    """``terraform show -json`` output that is not a plan document."""


@dataclass(frozen=True)
class SetValue:
    """A record set's TTL (seconds) and values, as the plan holds them (values sorted)."""

    ttl: int
    values: tuple[str, ...]

    @classmethod
    def of(cls, attrs: Any) -> SetValue | None:
        if not isinstance(attrs, dict) or attrs.get("values") is None:
            return None
        return cls(int(attrs.get("ttl") or 0), tuple(sorted(str(v) for v in attrs["values"])))


@dataclass(frozen=True)
class RecordChange:
    """One record set's planned change: Terraform's actions plus its name and type."""

    address: str
    name: str
    type: str
    actions: tuple[str, ...]
    importing: bool = False
    before: SetValue | None = None
    after: SetValue | None = None

    @property
    def kind(self) -> str:
        """``no-op``, ``create``, ``update``, ``delete`` or ``replace``."""
        if "delete" in self.actions and "create" in self.actions:
            return "replace"
        for kind in ("create", "update", "delete"):
            if kind in self.actions:
                return kind
        return "no-op"


@dataclass(frozen=True)
class ZonePlan:
    """What applying the zone's saved plan does; ``size`` = record sets declared or in state.

    ``prunes``: the live sets zonestack deletes itself before ``terraform apply`` (from the
    run's snapshot, :mod:`zonestack.deploy.prune`); they count as destroys for the guard.
    ``creates_zone``: the plan creates the zone at LiveDNS (``gandi_livedns_domain``).
    """

    zone: str
    records: tuple[RecordChange, ...] = field(default_factory=tuple)
    other_changes: int = 0
    other_imports: int = 0
    prunes: tuple[Prune, ...] = ()
    creates_zone: bool = False
    zone_action: str = ""
    """What the plan does to the zone object itself: "", "create", "import", "change" or "import+change"."""
    outputs_changed: bool = False
    """Output values change (e.g. the configuration fingerprint): applying writes state only."""

    @property
    def size(self) -> int:
        return len(self.records) + len(self.prunes)

    def count(self, *kinds: str) -> int:
        return sum(1 for r in self.records if r.kind in kinds)

    @property
    def imports(self) -> int:
        return sum(1 for r in self.records if r.importing) + self.other_imports

    @property
    def adds(self) -> int:
        return self.count("create", "replace")

    @property
    def changes(self) -> int:
        return self.count("update")

    @property
    def destroys(self) -> int:
        """Record resources deleted or replaced, plus the live sets the prune deletes."""
        return self.count("delete", "replace") + len(self.prunes)

    @property
    def no_changes(self) -> bool:
        return not (self.imports or self.adds or self.changes or self.destroys or self.other_changes)

    @property
    def apex_ns(self) -> tuple[RecordChange, ...]:
        """Planned changes to the apex NS record set (Gandi's delegation of the zone)."""
        return tuple(r for r in self.records if (r.name, r.type) == (APEX, "NS") and r.kind != "no-op")


def parse_plan(zone: str, text: str, prunes: tuple[Prune, ...] = ()) -> ZonePlan:
    """Summarise the JSON plan ``text`` of ``zone`` (with the run's ``prunes``); raises PlanJsonError."""
    start = text.find("{")
    try:
        data = json.loads(text[start:]) if start >= 0 else None
    except json.JSONDecodeError as exc:
        raise PlanJsonError(f"{zone}: terraform show -json is not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or "format_version" not in data:
        raise PlanJsonError(f"{zone}: terraform show -json did not return a plan document")
    records: list[RecordChange] = []
    other = other_imports = 0
    creates_zone = False
    zone_action = ""
    for item in data.get("resource_changes") or []:
        change = item.get("change") or {}
        actions = tuple(change.get("actions") or ("no-op",))
        if item.get("mode", "managed") != "managed":
            continue
        if item.get("type") != RECORD_RESOURCE_TYPE:
            other_imports += 1 if change.get("importing") else 0
            other += 0 if actions in (("no-op",), ("read",)) else 1
            if item.get("type") == DOMAIN_RESOURCE_TYPE:
                creates_zone = creates_zone or ("create" in actions and not change.get("importing"))
                zone_action = _zone_action(actions, bool(change.get("importing")))
            continue
        attrs = _attributes(change)
        records.append(RecordChange(
            address=str(item.get("address", "")),
            name=str(attrs.get("name", "")),
            type=str(attrs.get("type", "")).upper(),
            actions=actions,
            importing=bool(change.get("importing")),
            before=SetValue.of(change.get("before")),
            after=SetValue.of(change.get("after")),
        ))
    outputs = any(tuple((c or {}).get("actions") or ("no-op",)) != ("no-op",)
                  for c in (data.get("output_changes") or {}).values())
    return ZonePlan(zone, tuple(sorted(records, key=lambda r: r.address)), other, other_imports,
                    tuple(sorted(prunes, key=lambda p: p.key)), creates_zone, zone_action, outputs)


def _zone_action(actions: tuple[str, ...], importing: bool) -> str:
    if "create" in actions:
        return "create"
    if "update" in actions:
        return "import+change" if importing else "change"
    return "import" if importing else ""


def _attributes(change: dict[str, Any]) -> dict[str, Any]:
    """Name and type from the side that has them (``after`` is null on delete)."""
    for side in ("after", "before"):
        value = change.get(side)
        if isinstance(value, dict) and value.get("name") is not None:
            return value
    return {}
