"""What a deploy of one zone would change, computed by zonestack itself (no Terraform).

Where the provider cannot be had, the demo still shows the change set the
guarded deploy would make, from the same facts and the same rules the deploy
uses: the record file, the live zone (one listing) and the local state.

* a zone not yet at LiveDNS is created; Gandi may seed it with default record
  sets, and the deploy removes those in the way of declared ones right after
  creating the zone (:func:`zonestack.diff.in_the_way`); the others stay, unmanaged;
* an existing zone is sorted by the one diff (:func:`zonestack.diff.diff`, as
  ``audit`` and the deploy sort it): a declared set not live is added, one whose TTL or values
  differ is changed, a live declared set not in state is adopted (imported), a
  set in state no longer declared is destroyed, a conflicting (or, in an
  authoritative zone, undeclared) live set is pruned, anything else is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from zonestack.audit.compare import audit_zone
from zonestack.diff import RecordLike, as_record_set, in_the_way
from zonestack.model import Zone
from zonestack.tfstate import EMPTY, ZoneState

LiveSet = RecordLike


@dataclass(frozen=True)
class Change:
    """One line of the change set: ``+`` add, ``~`` change, ``-`` remove, ``=`` left alone."""

    sign: str
    name: str
    type: str
    detail: str

    def __str__(self) -> str:
        return f"{self.sign} {self.name} {self.type}: {self.detail}"


@dataclass
class ChangeSet:
    zone: str
    creates_zone: bool = False
    changes: list[Change] = field(default_factory=list)

    def count(self, sign: str) -> int:
        return sum(1 for c in self.changes if c.sign == sign)

    def summary(self) -> str:
        """``example.com: create the zone, 16 to add, 0 to change, 5 to remove, 5 left alone``."""
        parts = ["create the zone"] if self.creates_zone else []
        parts += [f"{self.count('+')} to add", f"{self.count('~')} to change", f"{self.count('-')} to remove",
                  f"{self.count('=')} left alone"]
        return f"{self.zone}: " + ", ".join(parts)

    @property
    def empty(self) -> bool:
        return not self.creates_zone and not any(c.sign in "+~-" for c in self.changes)


def _values(values: Iterable[str]) -> str:
    return " ".join(values)


def _adds(zone: Zone, keys: Iterable[tuple[str, str]] | None = None) -> list[Change]:
    wanted = set(keys) if keys is not None else None
    return [Change("+", r.name, r.type, f"ttl {r.ttl}, {_values(r.values)}")
            for r in zone.records if wanted is None or r.key in wanted]


def change_set(zone: Zone, live: Sequence[LiveSet] | None, state: ZoneState = EMPTY,
               seeded_defaults: Sequence[LiveSet] = ()) -> ChangeSet:
    """The change set for ``zone``.

    ``live`` is the zone's record sets at LiveDNS, or None if the zone does not
    exist there yet; then ``seeded_defaults`` are the record sets Gandi would put
    in the new zone (empty if it seeds none).
    """
    result = ChangeSet(zone.name)
    if live is None:
        result.creates_zone = True
        seeded = [as_record_set(r) for r in seeded_defaults]
        cleared = {r.key for r in in_the_way(zone, seeded)}
        for rrset in seeded:
            if rrset.key in cleared:
                result.changes.append(Change("-", rrset.name, rrset.type,
                                             "Gandi default in the way of a declared set, removed right after "
                                             "the zone is created"))
            else:
                result.changes.append(Change("=", rrset.name, rrset.type, "Gandi default, not declared: left alone"))
        result.changes += _adds(zone)
        return result
    audit = audit_zone(zone, live, state)
    result.changes += _adds(zone, [(e.name, e.type) for e in audit.missing])
    for entry in audit.not_in_state:
        result.changes.append(Change("+", entry.name, entry.type, "live and declared: adopted (imported into state)"))
    for entry in audit.changed:
        result.changes.append(Change("~", entry.name, entry.type,
                                     f"ttl {entry.live_ttl} -> {entry.declared_ttl}, "
                                     f"{_values(entry.live_values)} -> {_values(entry.declared_values)}"))
    for entry in audit.state_only:
        result.changes.append(Change("-", entry.name, entry.type, "in state, no longer declared: destroyed"))
    for entry in audit.prune:
        result.changes.append(Change("-", entry.name, entry.type, f"pruned: {entry.reason}"))
    for entry in audit.unmanaged:
        result.changes.append(Change("=", entry.name, entry.type, "not declared: left alone"))
    return result
