"""The one diff: a zone's declaration against Gandi (the live listing) and Terraform's state.

Every part of zonestack that asks "what differs" asks :func:`diff` — the guarded
deploy (adoption, prunes, the cheap refresh, untaint), ``audit``, the demo's
change set, ``adopt`` — and every part that asks "are these two record sets
equal" asks :func:`same`. (``verify`` compares DNS *answers*, not stored
strings; it keeps its own, named notion in :mod:`zonestack.verify.compare`.)

**Equal** (:func:`same`): the same TTL and the same *set* of values, each value in
the canonical form Gandi stores and returns (the loader writes declared values in
that form: TXT quoted and split, host names absolute and lower-case). Sets, not
lists: the provider keeps ``values`` as a Terraform set, and Gandi may return a
value twice (acme.sh#2302), which Terraform then sees once.

**Categories** of :class:`ZoneDiff` (one per (name, type)):

* ``add``: declared, not live;
* ``change``: declared and live, not equal;
* ``adopt``: declared and live but not in state (the deploy imports it; a 409
  otherwise, go-gandi issue #126);
* ``destroy``: in state, no longer declared;
* ``prune``: live, not declared, not in state, not ignored, not Gandi's (apex
  NS/SOA), and either in the way of a declared set at its name (``conflict``: a
  CNAME is alone at its name, RFC 1034 §3.6.2, which Gandi enforces with a 400;
  an apex ALIAS replaces the apex A/AAAA) or undeclared in an ``authoritative``
  zone; zonestack deletes these itself (:mod:`zonestack.deploy.prune`);
* ``unmanaged``: live, not declared, left alone (additive zones);
* ``ignored``: live and matching ``ignore:``, or Gandi's own apex NS/SOA;
* ``drift``: in state, and live differs from state (someone changed it at Gandi);
  the deploy refreshes exactly those resources before planning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zonestack.model import RecordLike, RecordSet, Zone
from zonestack.names import APEX
from zonestack.tfstate import EMPTY, RecordView, StateRecord, ZoneState

CONFLICT = "conflict"
AUTHORITATIVE = "authoritative"
GANDI_MANAGED = frozenset({(APEX, "NS"), (APEX, "SOA")})
"""Record sets Gandi manages itself (its apex NS delegation, SOA): never pruned, never adopted."""
GANDI_NAMESERVERS = ".gandi.net."
"""Gandi's LiveDNS nameservers are ``ns-<n>-{a,b,c}.gandi.net`` (docs/gandi-livedns.md §3)."""
MANAGED_BY_GANDI = "managed by Gandi"


def apex_ns_elsewhere(record: RecordLike) -> tuple[str, ...]:
    """The values of a live apex NS set that are not Gandi's LiveDNS nameservers (empty: all are)."""
    found = as_record_set(record)
    if found.key != (APEX, "NS"):
        return ()
    return tuple(v for v in found.values if not v.lower().rstrip(".").endswith(GANDI_NAMESERVERS.rstrip(".")))


def gandi_managed_reason(record: RecordLike) -> str:
    """Why a live apex NS/SOA is left alone; for apex NS pointing away from Gandi, a warning saying so."""
    elsewhere = apex_ns_elsewhere(record)
    if not elsewhere:
        return MANAGED_BY_GANDI
    return (f"apex NS points away from Gandi ({', '.join(elsewhere)}): resolvers following it do not get this zone "
            "from Gandi's LiveDNS; set the nameservers at the registrar, or remove these NS records at Gandi")
_APEX_ADDRESS_TYPES = frozenset({"A", "AAAA"})

Key = tuple[str, str]


def as_record_set(item: RecordLike) -> RecordSet:
    """``item`` as the model's ``RecordSet``: name lower case, type upper case, values as given."""
    if isinstance(item, RecordSet):
        return item
    return RecordSet(str(item.name).lower(), str(item.type).upper(), int(item.ttl), tuple(str(v) for v in item.values))


def same(a: RecordLike | None, b: RecordLike | None) -> bool:
    """True when both are absent, or both hold the same TTL and the same set of canonical values."""
    if a is None or b is None:
        return a is None and b is None
    return int(a.ttl) == int(b.ttl) and set(a.values) == set(b.values)


def conflicts(name: str, declared_types: Iterable[str], live_type: str) -> bool:
    """True if a live set ``name``/``live_type`` cannot stay beside the declared types at ``name``.

    A CNAME is alone at its name (RFC 1034 §3.6.2, RFC 2181 §10.1; Gandi answers 400
    to a CNAME beside other types); an apex ALIAS replaces the apex A/AAAA (Gandi
    answers the ALIAS target's addresses). The same type is not a conflict: it is adopted.
    """
    declared = {t.upper() for t in declared_types}
    live_type = live_type.upper()
    if not declared or live_type in declared:
        return False
    if "CNAME" in declared or live_type == "CNAME":
        return True
    if name == APEX:
        if "ALIAS" in declared and live_type in _APEX_ADDRESS_TYPES:
            return True
        if live_type == "ALIAS" and declared & _APEX_ADDRESS_TYPES:
            return True
    return False


@dataclass(frozen=True)
class Change:
    """A declared set that is live with another TTL or other values."""

    declared: RecordSet
    live: RecordSet

    @property
    def key(self) -> Key:
        return self.declared.key


@dataclass(frozen=True)
class Prune(RecordView):
    """A live set zonestack deletes, exactly as listed; ``reason`` is ``conflict`` or ``authoritative``."""

    record: RecordSet
    reason: str

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        return {"name": r.name, "type": r.type, "ttl": r.ttl, "values": list(r.values), "reason": self.reason}


@dataclass(frozen=True)
class Drift:
    """A resource in state whose live set differs (``live`` None: gone at Gandi)."""

    state: StateRecord
    live: RecordSet | None

    @property
    def why(self) -> str:
        if self.live is None:
            return "gone at Gandi"
        if self.live.ttl != self.state.ttl:
            return f"TTL {self.state.ttl} → {self.live.ttl} at Gandi"
        return "values changed at Gandi"


@dataclass(frozen=True)
class ZoneDiff:
    """Every category of one zone (see the module docstring); each sorted by (name, type).

    ``zone_live``: the zone exists at Gandi (False: the deploy creates it).
    ``import_domain``: it exists but the ``gandi_livedns_domain`` is not in state.
    ``snapshots_drift``: the zone's ``automatic_snapshots`` at Gandi differs from state.
    """

    zone: str
    zone_live: bool
    add: tuple[RecordSet, ...] = ()
    change: tuple[Change, ...] = ()
    adopt: tuple[RecordSet, ...] = ()
    destroy: tuple[StateRecord, ...] = ()
    prune: tuple[Prune, ...] = ()
    unmanaged: tuple[RecordSet, ...] = ()
    ignored: tuple[tuple[RecordSet, str], ...] = ()
    drift: tuple[Drift, ...] = ()
    import_domain: bool = False
    snapshots_drift: bool = False

    @property
    def in_sync(self) -> bool:
        """Nothing to do at Gandi or in state: no add, change, adopt, destroy, prune or drift."""
        return not (self.add or self.change or self.adopt or self.destroy or self.prune or self.drift
                    or self.import_domain or self.snapshots_drift or not self.zone_live)

    @property
    def conflict_names(self) -> frozenset[str]:
        """Names where a pruned set makes room for a declared one (delete before create)."""
        return frozenset(p.record.name for p in self.prune if p.reason == CONFLICT)


def diff(declared: Zone, live: Sequence[RecordLike] | None, state: ZoneState = EMPTY,
         domain: Mapping[str, Any] | None = None) -> ZoneDiff:
    """Compare ``declared`` with the ``live`` listing (None: the zone is not at Gandi) and ``state``.

    ``domain``: the zone object from Gandi (``GET /domains/{fqdn}``), for
    ``automatic_snapshots`` drift; None skips that comparison. Pure.
    """
    in_state = state.by_key
    if live is None:
        return ZoneDiff(declared.name, False, add=tuple(sorted(declared.records, key=_key)),
                        destroy=tuple(r for r in state.records if r.key not in declared.by_key),
                        drift=tuple(Drift(r, None) for r in state.records))
    listing = {s.key: s for s in (as_record_set(item) for item in live)}
    declared_at: dict[str, set[str]] = {}
    for name, rtype in declared.by_key:
        declared_at.setdefault(name, set()).add(rtype)
    add, change, adopt = [], [], []
    for key in sorted(declared.by_key):
        want, have = declared.by_key[key], listing.get(key)
        if have is None:
            add.append(want)
            continue
        if not same(want, have):
            change.append(Change(want, have))
        if key not in in_state:
            adopt.append(have)
    prune, unmanaged, ignored = [], [], []
    for key in sorted(listing):
        if key in declared.by_key or key in in_state:
            continue
        have = listing[key]
        if key in GANDI_MANAGED:
            ignored.append((have, gandi_managed_reason(have)))
        elif declared.is_ignored(key[0]):
            ignored.append((have, "matches ignore"))
        elif conflicts(key[0], declared_at.get(key[0], ()), key[1]):
            prune.append(Prune(have, CONFLICT))
        elif declared.authoritative:
            prune.append(Prune(have, AUTHORITATIVE))
        else:
            unmanaged.append(have)
    destroy = tuple(r for r in state.records if r.key not in declared.by_key)
    drift = tuple(Drift(r, listing.get(r.key)) for r in state.records if not same(r, listing.get(r.key)))
    snapshots = (domain is not None and state.automatic_snapshots is not None
                 and bool(domain.get("automatic_snapshots")) != state.automatic_snapshots)
    return ZoneDiff(declared.name, True, tuple(add), tuple(change), tuple(adopt), destroy, tuple(prune),
                    tuple(unmanaged), tuple(ignored), drift, import_domain=not state.domain,
                    snapshots_drift=snapshots)


def in_the_way(declared: Zone, seeded: Iterable[RecordLike]) -> list[RecordSet]:
    """Of the sets Gandi seeded in a zone just created, those a declared set needs gone.

    Same (name, type) as a declared set (the provider's ``POST`` would answer 409) or a
    conflicting type at a declared name (CNAME beside anything, apex A/AAAA beside
    ALIAS: 400). Everything else Gandi seeded stays, unmanaged (additive zones), or is an
    ``authoritative`` prune of the next deploy.
    """
    declared_at: dict[str, set[str]] = {}
    for name, rtype in declared.by_key:
        declared_at.setdefault(name, set()).add(rtype)
    found = []
    for item in seeded:
        record = as_record_set(item)
        if record.key in GANDI_MANAGED:
            continue
        if record.key in declared.by_key or conflicts(record.name, declared_at.get(record.name, ()), record.type):
            found.append(record)
    return sorted(found, key=_key)


def _key(record: RecordSet) -> Key:
    return record.key
