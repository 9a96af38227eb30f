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
from zonestack.gandi.rrset import LiveSet
from zonestack.model import RecordSet, Zone
from zonestack.names import APEX

#: Record sets Gandi manages itself; a record file cannot declare them (validation rejects them).
GANDI_MANAGED = frozenset({(APEX, "NS"), (APEX, "SOA")})



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
    """Every category of one zone; ``drift`` is true when anything but ``ignored`` is set."""

    zone: str
    missing: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    unmanaged: list[Entry] = field(default_factory=list)
    ignored: list[Entry] = field(default_factory=list)
    state_only: list[Entry] = field(default_factory=list)
    error: str = ""

    CATEGORIES = ("missing", "changed", "unmanaged", "ignored", "state_only")

    @property
    def drift(self) -> bool:
        return bool(self.missing or self.changed or self.unmanaged or self.state_only)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"zone": self.zone, "drift": self.drift, "error": self.error or None}
        for category in self.CATEGORIES:
            data[category] = [e.to_dict() for e in getattr(self, category)]
        return data


def audit_zone(zone: Zone, live: Iterable[LiveSet], state: Iterable[StateRecord]) -> ZoneAudit:
    """Sort every record set of ``zone`` into the audit's categories."""
    report = ZoneAudit(zone.name)
    live_by_key = {(s.name.lower(), s.type.upper()): s for s in live}
    state_keys = {r.key for r in state}
    for key in sorted(zone.by_key):
        declared = zone.by_key[key]
        current = live_by_key.get(key)
        if current is None:
            report.missing.append(_entry(declared, None, key in state_keys))
        elif _differs(declared, current):
            report.changed.append(_entry(declared, current, key in state_keys))
    for key in sorted(live_by_key):
        if key in zone.by_key:
            continue
        entry = _entry(None, live_by_key[key], key in state_keys)
        if key in GANDI_MANAGED:
            report.ignored.append(_with_reason(entry, "managed by Gandi"))
        elif zone.is_ignored(key[0]):
            report.ignored.append(_with_reason(entry, "matches ignore"))
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
