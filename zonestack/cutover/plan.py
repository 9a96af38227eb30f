"""The delegation stack's saved plan, read from ``terraform show -json`` (pure).

``gandi_nameservers.delegation`` (the flip) and ``gandi_dnssec_key.*`` (DS keys at the registry,
``KeyChange``) can change. ``PlannedFlip`` says what it would do and to
which nameservers, so the cutover can show it in one line and refuse a plan whose nameservers
are not exactly the zone's LiveDNS ones (the data source answers an empty list on any API error).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zonestack.delegation import RESOURCE_ID

ADDRESS = f"gandi_nameservers.{RESOURCE_ID}"
DNSSEC_KEY_TYPE = "gandi_dnssec_key"


@dataclass(frozen=True)
class PlannedFlip:
    """``actions`` (Terraform's, e.g. ("create",), ("update",), ("no-op",)); ``before``/``after``:
    the nameservers in state / planned (None when unknown: no state, or known only after apply)."""

    actions: tuple[str, ...]
    before: tuple[str, ...] | None
    after: tuple[str, ...] | None

    @property
    def no_changes(self) -> bool:
        return self.actions in ((), ("no-op",), ("read",))

    def line(self) -> str:
        if self.no_changes:
            return f"{ADDRESS}: no changes (nameservers {', '.join(self.after or self.before or ())})"
        before = ", ".join(self.before) if self.before else "not managed yet"
        after = ", ".join(self.after) if self.after is not None else "(known after apply)"
        return f"{ADDRESS}: {'/'.join(self.actions)}: nameservers {before} -> {after}"

    def mismatch(self, livedns: Sequence[str]) -> str:
        """Why the planned nameservers are not the zone's LiveDNS ones ('' when they are)."""
        if self.no_changes:
            return ""
        if not self.after:
            return "the plan sets no nameservers (LiveDNS gave none?)"
        want = sorted(n.rstrip(".").lower() for n in livedns)
        if sorted(n.rstrip(".").lower() for n in self.after) != want:
            return f"the plan sets {', '.join(self.after)}, but LiveDNS serves the zone at {', '.join(want)}"
        return ""


def _names(values: Mapping[str, Any] | None) -> tuple[str, ...] | None:
    if not isinstance(values, Mapping):
        return None
    names = values.get("nameservers")
    return tuple(str(n) for n in names) if isinstance(names, list) else None


def read_plan(plan: Mapping[str, Any]) -> PlannedFlip:
    """The flip in ``terraform show -json``'s document (no entry: nothing to do)."""
    for item in plan.get("resource_changes") or []:
        if item.get("address") == ADDRESS:
            change = item.get("change") or {}
            return PlannedFlip(tuple(change.get("actions") or ()), _names(change.get("before")),
                               _names(change.get("after")))
    return PlannedFlip((), None, None)


@dataclass(frozen=True)
class KeyChange:
    """A planned change of one ``gandi_dnssec_key`` (a DS at the registry): ``address`` (its name holds
    the key tag, e.g. ``gandi_dnssec_key.ksk_12345``) and Terraform's ``actions``."""

    address: str
    actions: tuple[str, ...]

    @property
    def publishes(self) -> bool:
        return "create" in self.actions

    def line(self) -> str:
        verb = {("create",): "publish the DS", ("delete",): "withdraw the DS",
                ("delete", "create"): "replace the DS", ("create", "delete"): "replace the DS"}
        return f"{self.address}: {verb.get(self.actions, '/'.join(self.actions))} at the registry"


def key_changes(plan: Mapping[str, Any]) -> list[KeyChange]:
    """Every ``gandi_dnssec_key`` the plan changes (no-ops left out)."""
    found = []
    for item in plan.get("resource_changes") or []:
        if item.get("type") == DNSSEC_KEY_TYPE:
            actions = tuple((item.get("change") or {}).get("actions") or ())
            if actions not in ((), ("no-op",), ("read",)):
                found.append(KeyChange(str(item.get("address")), actions))
    return found


def keys_with_flip(keys: Sequence[KeyChange]) -> str:
    """Why a plan that flips the nameservers must not publish a DS in the same apply ('' if it does not).

    Resolvers keep asking the old nameservers for the old delegation's NS TTL after the flip; a DS for
    LiveDNS's key published meanwhile makes the old servers' answers fail validation (RFC 4035 §5)."""
    published = [k.address for k in keys if k.publishes]
    if not published:
        return ""
    return (f"the plan would publish a DS ({', '.join(published)}) in the same apply as the flip: flip first "
            "(set `dnssec: false` for now), then `zonestack dnssec` once the old delegation's NS TTL has passed")
