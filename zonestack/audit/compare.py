"""The audit's comparison: one zone's live record sets vs its file vs its state.

Pure (no I/O), so the categories are unit-tested on plain data. Values are
compared as sets of canonical strings, i.e. exactly as Gandi stores them: the
loader already turned declared values into that form (TXT quoted and split),
so a difference here is a difference a deploy would really change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from zonestack.audit.state import StateRecord
from zonestack.deploy.reconcile import CONFLICT, GANDI_MANAGED, prune_candidates
from zonestack.gandi.rrset import LiveSet
from zonestack.model import RecordSet, Zone

#: Why the next deploy deletes a live set it does not manage (``terraform_data.prune``).
PRUNE_REASONS = {
    CONFLICT: "conflicts with a declared set at this name: the next deploy deletes it",
    "authoritative": "authoritative zone, not declared or ignored: the next deploy deletes it",
}
ADOPT_FIX = "the next `zonestack deploy` adopts it (an import in the plan)"


@dataclass(frozen=True)
class Entry:
    """One record set in one category; ``declared``/``live`` hold what each side has."""

    name: str
    type: str
    live_ttl: int | None = None
    live_values: tuple[str, ...] = ()
    declared_ttl: int | None = None
    declared_values: tuple[str, ...] = ()
    in_state: bool = False
    reason: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "type": self.type,
            "live": None if self.live_ttl is None else {"ttl": self.live_ttl, "values": list(self.live_values)},
            "declared": None if self.declared_ttl is None else {"ttl": self.declared_ttl,
                                                                "values": list(self.declared_values)},
            "in_state": self.in_state, "reason": self.reason,
        }


@dataclass
class ZoneAudit:
    """Every category of one zone.

    ``drift`` is true when the next deploy would change the zone: something
    missing, changed, in state but not declared (destroyed) or to be pruned.
    ``unmanaged`` (live, not declared, left alone in an additive zone),
    ``ignored`` and ``not_in_state`` (declared and live, adopted by the next
    deploy without touching DNS) are reported but are not drift.
    """

    zone: str
    missing: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    unmanaged: list[Entry] = field(default_factory=list)
    ignored: list[Entry] = field(default_factory=list)
    state_only: list[Entry] = field(default_factory=list)
    not_in_state: list[Entry] = field(default_factory=list)
    prune: list[Entry] = field(default_factory=list)
    error: str = ""

    CATEGORIES = ("missing", "changed", "unmanaged", "ignored", "state_only", "not_in_state", "prune")

    @property
    def drift(self) -> bool:
        return bool(self.missing or self.changed or self.state_only or self.prune)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"zone": self.zone, "drift": self.drift, "error": self.error or None}
        for category in self.CATEGORIES:
            data[category] = [e.to_dict() for e in getattr(self, category)]
        return data


def audit_zone(zone: Zone, live: Iterable[LiveSet], state: Iterable[StateRecord]) -> ZoneAudit:
    """Sort every record set of ``zone`` into the audit's categories (one live listing, the state)."""
    report = ZoneAudit(zone.name)
    live = list(live)
    live_by_key = {(s.name.lower(), s.type.upper()): s for s in live}
    state = list(state)
    state_keys = {r.key for r in state}
    pruned = {p.key: p.reason for p in prune_candidates(zone, live, state_keys)}
    for key in sorted(zone.by_key):
        declared = zone.by_key[key]
        current = live_by_key.get(key)
        if current is None:
            report.missing.append(_entry(declared, None, key in state_keys))
            continue
        differs = _differs(declared, current)
        if differs:
            report.changed.append(_entry(declared, current, key in state_keys))
        if key not in state_keys:
            fix = ADOPT_FIX + (", then updates it" if differs else "")
            report.not_in_state.append(_with_reason(_entry(declared, current, False), fix))
    for key in sorted(live_by_key):
        if key in zone.by_key:
            continue
        entry = _entry(None, live_by_key[key], key in state_keys)
        if key in GANDI_MANAGED:
            report.ignored.append(_with_reason(entry, "managed by Gandi"))
        elif zone.is_ignored(key[0]):
            report.ignored.append(_with_reason(entry, "matches ignore"))
        elif key in pruned:
            report.prune.append(_with_reason(entry, PRUNE_REASONS.get(pruned[key], pruned[key])))
        else:
            report.unmanaged.append(entry)
    for record in sorted(state, key=lambda r: r.key):
        if record.key not in zone.by_key:
            current = live_by_key.get(record.key)
            entry = _entry(None, current, True) if current else Entry(record.name, record.type, in_state=True)
            report.state_only.append(_with_reason(entry, f"{record.address} would be destroyed"))
    return report


def _differs(declared: RecordSet, live: LiveSet) -> bool:
    return declared.ttl != live.ttl or set(declared.values) != set(live.values)


def _entry(declared: RecordSet | None, live: LiveSet | None, in_state: bool) -> Entry:
    source = declared or live
    assert source is not None
    return Entry(
        name=declared.name if declared else live.name.lower(),  # type: ignore[union-attr]
        type=source.type.upper(),
        live_ttl=live.ttl if live else None,
        live_values=tuple(sorted(live.values)) if live else (),
        declared_ttl=declared.ttl if declared else None,
        declared_values=tuple(sorted(declared.values)) if declared else (),
        in_state=in_state,
    )


def _with_reason(entry: Entry, reason: str) -> Entry:
    return Entry(entry.name, entry.type, entry.live_ttl, entry.live_values, entry.declared_ttl,
                 entry.declared_values, entry.in_state, reason)
