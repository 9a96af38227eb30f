"""The delegation stack's saved plan, read from ``terraform show -json`` (pure).

Only ``gandi_nameservers.delegation`` can change. ``PlannedFlip`` says what it would do and to
which nameservers, so the cutover can show it in one line and refuse a plan whose nameservers
are not exactly the zone's LiveDNS ones (the data source answers an empty list on any API error).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zonestack.delegation import RESOURCE_ID

ADDRESS = f"gandi_nameservers.{RESOURCE_ID}"


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
