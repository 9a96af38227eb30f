"""The audit's categories: one zone's live record sets vs its file vs its state.

A view of the one diff (:func:`zonestack.diff.diff`): the same categories the
deploy acts on, as entries a report can print. Pure (no I/O). Values compare as
:func:`zonestack.diff.same` compares them: sets of canonical strings, exactly as
Gandi stores them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from zonestack.diff import AUTHORITATIVE, CONFLICT, MANAGED_BY_GANDI, RecordLike, apex_ns_elsewhere, as_record_set, diff
from zonestack.gandi_defaults import contradiction
from zonestack.model import RecordSet, Zone
from zonestack.names import APEX
from zonestack.tfstate import EMPTY, StateRecord, ZoneState

#: Why the next deploy deletes a live set it does not manage (its prunes).
PRUNE_REASONS = {
    CONFLICT: "conflicts with a declared set at this name: the next deploy deletes it",
    AUTHORITATIVE: "authoritative zone, not declared or ignored: the next deploy deletes it",
}
ADOPT_FIX = "the next `zonestack deploy` adopts it (an import in the plan)"
LiveSet = RecordLike


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
    deploy without touching DNS) are reported but are not drift. ``contradicts``:
    unmanaged sets that are Gandi's unchanged mail defaults in a zone whose declared
    ``@ MX`` is elsewhere (:mod:`zonestack.gandi_defaults`); they are drift.
    """

    zone: str
    missing: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    unmanaged: list[Entry] = field(default_factory=list)
    ignored: list[Entry] = field(default_factory=list)
    state_only: list[Entry] = field(default_factory=list)
    not_in_state: list[Entry] = field(default_factory=list)
    prune: list[Entry] = field(default_factory=list)
    contradicts: list[Entry] = field(default_factory=list)
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    """Not drift, but worth a look: live apex NS pointing away from Gandi."""

    CATEGORIES = ("missing", "changed", "unmanaged", "ignored", "state_only", "not_in_state", "prune",
                  "contradicts")

    @property
    def drift(self) -> bool:
        """The zone does not serve what its file says: the next deploy would change it, or a Gandi
        default the deploy leaves alone contradicts the declaration (``contradicts``)."""
        return bool(self.missing or self.changed or self.state_only or self.prune or self.contradicts)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"zone": self.zone, "drift": self.drift, "error": self.error or None,
                                   "warnings": list(self.warnings)}
        for category in self.CATEGORIES:
            data[category] = [e.to_dict() for e in getattr(self, category)]
        return data


def audit_zone(zone: Zone, live: Iterable[RecordLike], state: ZoneState | Iterable[StateRecord] = EMPTY) -> ZoneAudit:
    """Sort every record set of ``zone`` into the audit's categories (one live listing, the state)."""
    if not isinstance(state, ZoneState):
        state = ZoneState(tuple(state))
    listing = [as_record_set(item) for item in live]
    found = diff(zone, listing, state)
    in_state = state.keys
    live_by_key = {r.key: r for r in listing}
    report = ZoneAudit(zone.name)
    for record in found.add:
        report.missing.append(_entry(record, None, record.key in in_state))
    for item in found.change:
        report.changed.append(_entry(item.declared, item.live, item.key in in_state))
    changed = {c.key for c in found.change}
    for have in found.adopt:
        fix = ADOPT_FIX + (", then updates it" if have.key in changed else "")
        report.not_in_state.append(_with_reason(_entry(zone.by_key[have.key], have, False), fix))
    for have, why in found.ignored:
        report.ignored.append(_with_reason(_entry(None, have, False), why))
        if why != MANAGED_BY_GANDI and apex_ns_elsewhere(have):
            report.warnings.append(f"@ NS: {why}")
    for prune in found.prune:
        report.prune.append(_with_reason(_entry(None, prune.record, False),
                                         PRUNE_REASONS.get(prune.reason, prune.reason)))
    mx = zone.by_key.get((APEX, "MX"))
    for have in found.unmanaged:
        why = contradiction(have.name, have.type, tuple(have.values), mx.values if mx else None)
        if why:
            report.contradicts.append(_with_reason(_entry(None, have, False), why))
        else:
            report.unmanaged.append(_entry(None, have, False))
    for stale in found.destroy:
        current = live_by_key.get(stale.key)
        entry = _entry(None, current, True) if current else Entry(stale.name, stale.type, in_state=True)
        report.state_only.append(_with_reason(entry, f"{stale.address} would be destroyed"))
    for bucket in (report.ignored, report.prune, report.unmanaged, report.state_only, report.contradicts):
        bucket.sort(key=lambda e: (e.name, e.type))
    return report


def _entry(declared: RecordSet | None, live: RecordLike | None, in_state: bool) -> Entry:
    source = declared or live
    assert source is not None
    return Entry(
        name=declared.name if declared else str(source.name).lower(),
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
