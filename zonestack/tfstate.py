"""A zone's Terraform state, parsed once: the one reader of Terraform's v4 state document.

Terraform state says which live record sets the stack owns. Every part of the
deploy that needs it (adoption, the cheap refresh, untaint, the guard, audit)
reads the :class:`ZoneState` parsed here from the text the backend holds (the
local file, or ``terraform state pull`` for pg; see
:mod:`zonestack.deploy.snapshot`). Pure except :func:`read_local_state`, the one reader of the local backend's file.

The provider (go-gandi 2.3.0) stores in state what the API returned: record
values exactly as Gandi stores them (TXT quoted), so state compares with a
listing directly (:func:`zonestack.diff.same`).

A document that cannot be understood raises :class:`StateError` with one line
naming the file, what is wrong, and the runbook step that recovers it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zonestack.model import RecordSet
from zonestack.resource_ids import DOMAIN_RESOURCE_TYPE, RECORD_RESOURCE_TYPE

RECOVERY = "runbooks/state-recovery.md (\"A damaged state file\")"
"""Where a person is sent when state cannot be read."""


class StateError(ValueError):
    """A state document that exists but cannot be understood (one line, naming the file)."""


class RecordView:
    """Name, type, TTL and values of the ``record`` (a ``RecordSet``) an object carries."""

    record: RecordSet

    @property
    def key(self) -> tuple[str, str]:
        return self.record.key

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def type(self) -> str:
        return self.record.type

    @property
    def ttl(self) -> int:
        return self.record.ttl

    @property
    def values(self) -> tuple[str, ...]:
        return self.record.values


@dataclass(frozen=True)
class StateRecord(RecordView):
    """One ``gandi_livedns_record`` instance in state: its address, its record set, whether tainted.

    ``tainted``: Terraform marked the instance (a create whose read-back failed);
    see :mod:`zonestack.deploy.untaint`.
    """

    address: str
    record: RecordSet
    tainted: bool = False


@dataclass(frozen=True)
class ZoneState:
    """What one zone's state holds.

    ``records``: the managed record sets, sorted by (name, type). ``domain_address``: the
    ``gandi_livedns_domain`` resource's address when it is in state (None otherwise);
    ``automatic_snapshots``: its attribute (None when absent). ``terraform_version``,
    ``lineage``, ``serial``: the document's header. ``outputs``: output values by name.
    ``resources``: every managed resource instance count (records, domain and any other).
    """

    records: tuple[StateRecord, ...] = ()
    domain_address: str | None = None
    automatic_snapshots: bool | None = None
    terraform_version: str = ""
    lineage: str = ""
    serial: int = 0
    outputs: Mapping[str, Any] = field(default_factory=dict)
    resources: int = 0

    @property
    def domain(self) -> bool:
        """The zone itself (``gandi_livedns_domain``) is in state."""
        return self.domain_address is not None

    @property
    def empty(self) -> bool:
        return self.resources == 0

    @property
    def by_key(self) -> dict[tuple[str, str], StateRecord]:
        return {r.key: r for r in self.records}

    @property
    def keys(self) -> frozenset[tuple[str, str]]:
        return frozenset(r.key for r in self.records)

    @property
    def tainted(self) -> tuple[StateRecord, ...]:
        return tuple(r for r in self.records if r.tainted)


EMPTY = ZoneState()


def parse_state(text: str, source: str = "state", zone: str | None = None) -> ZoneState:
    """The :class:`ZoneState` of a Terraform v4 state document; ``""`` is the empty state.

    ``source`` names the document in messages (the file path, or ``<zone> (pg state)``).
    ``zone`` keeps only that zone's record sets and zone object (a stack of a user's
    cdktf app may hold several zones; zonestack's own stacks hold one).
    Raises :class:`StateError`: not JSON (cut short, hand-edited), not a state document,
    or a record instance without readable attributes.
    """
    if not text.strip():
        return EMPTY
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateError(f"{source}:{exc.lineno}: the Terraform state is damaged (not valid JSON: {exc.msg}, "
                         f"column {exc.colno}; cut short or edited by hand?); nothing was changed. Recover it: "
                         f"{RECOVERY}") from None
    if not isinstance(data, dict) or not isinstance(data.get("resources", []), list) or "version" not in data:
        raise StateError(f"{source}:1: not a Terraform state document (no version/resources); nothing was "
                         f"changed. Recover it: {RECOVERY}")
    records: list[StateRecord] = []
    domain_address: str | None = None
    snapshots: bool | None = None
    count = 0
    for resource in data.get("resources") or []:
        if not isinstance(resource, dict) or resource.get("mode", "managed") != "managed":
            continue
        instances = [i for i in resource.get("instances") or [] if isinstance(i, dict)]
        rtype = resource.get("type")
        address = f"{rtype}.{resource.get('name', '?')}"
        if zone is not None and rtype in (RECORD_RESOURCE_TYPE, DOMAIN_RESOURCE_TYPE):
            instances = [i for i in instances if _zone_of(i, rtype) in (zone.lower().rstrip("."), None)]
        count += len(instances)
        if rtype == RECORD_RESOURCE_TYPE:
            records.extend(_record(address, instance, source) for instance in instances)
        elif rtype == DOMAIN_RESOURCE_TYPE and instances:
            domain_address = address
            value = (instances[0].get("attributes") or {}).get("automatic_snapshots")
            snapshots = None if value is None else bool(value)
    outputs = {str(k): (v or {}).get("value") for k, v in (data.get("outputs") or {}).items() if isinstance(v, dict)}
    try:
        serial = int(data.get("serial") or 0)
    except (TypeError, ValueError):
        serial = 0
    return ZoneState(tuple(sorted(records, key=lambda r: r.key)), domain_address, snapshots,
                     str(data.get("terraform_version") or ""), str(data.get("lineage") or ""), serial, outputs, count)


def _zone_of(instance: Mapping[str, Any], rtype: Any) -> str | None:
    """The zone an instance belongs to (a record's ``zone``, a domain's ``name``); None if unreadable."""
    attrs = instance.get("attributes")
    if not isinstance(attrs, dict):
        return None
    value = attrs.get("zone" if rtype == RECORD_RESOURCE_TYPE else "name")
    return str(value).lower().rstrip(".") if isinstance(value, str) else None


def _record(address: str, instance: Mapping[str, Any], source: str) -> StateRecord:
    attrs = instance.get("attributes")
    if not isinstance(attrs, dict):
        raise StateError(f"{source}:1: the Terraform state is damaged ({address} has no attributes); "
                         f"recover it: {RECOVERY}")
    try:
        record = RecordSet(str(attrs["name"]), str(attrs["type"]).upper(), int(attrs.get("ttl") or 0),
                           tuple(str(v) for v in attrs.get("values") or ()))
    except (KeyError, TypeError, ValueError) as exc:
        raise StateError(f"{source}:1: the Terraform state is damaged ({address} has unreadable attributes: "
                         f"{exc}); recover it: {RECOVERY}") from None
    return StateRecord(address, record, instance.get("status") == "tainted")


def read_local_state(path: Path, shown: str | Path | None = None, zone: str | None = None) -> ZoneState:
    """The local backend's state file at ``path`` (no Terraform run); the empty state when there is
    none yet. ``shown`` names it in messages (default: ``path``); ``zone`` as for
    :func:`parse_state`. Raises :class:`StateError`."""
    label = str(shown if shown is not None else path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return EMPTY
    except (OSError, UnicodeDecodeError) as exc:
        raise StateError(f"{label}:1: cannot read the Terraform state: "
                         f"{getattr(exc, 'strerror', None) or exc}") from None
    return parse_state(text, label, zone)
