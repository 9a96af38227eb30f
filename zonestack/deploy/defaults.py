"""Remove Gandi's default record sets that would block a newly created zone's declared ones.

Runs only right after a plan created the zone (``terraform_data.clear_defaults``,
emitted when the pre-plan reconcile found no zone at Gandi): if Gandi seeded it
(apex MX, ``www`` CNAME, parking ``@ A``...), the provider's ``POST`` of a
declared set at the same (name, type) answers 409, and a declared set beside a
seeded set of a conflicting type (CNAME with anything, apex ALIAS with A/AAAA)
answers 400. Those seeded sets go, and nothing else: a set Terraform state
holds is never touched (issue 8.1/8.7: deleting it would be a hidden wipe), nor
an undeclared, non-conflicting set (someone else's). A zone that already
existed is adopted by the reconcile instead, with every deletion in the plan.
"""

from __future__ import annotations

from collections.abc import Iterable

from zonestack.deploy.reconcile import CONFLICT, Key, prune_candidates
from zonestack.gandi import LiveDNSClient, LiveRRset
from zonestack.model import Zone


def colliding(zone: Zone, live: list[LiveRRset], in_state: Iterable[Key] = ()) -> list[LiveRRset]:
    """The live record sets, not in state, whose (name, type) ``zone`` declares or that conflict
    with a declared set at their name; in API order."""
    state = set(in_state)
    declared = {r.key for r in zone.records}
    conflicting = {p.key for p in prune_candidates(zone, live, state) if p.reason == CONFLICT}
    return [rrset for rrset in live if rrset.key not in state and (rrset.key in declared or rrset.key in conflicting)]


def clear_defaults(client: LiveDNSClient, zone: Zone, *, dry_run: bool = False,
                   in_state: Iterable[Key] = ()) -> tuple[list[LiveRRset], int]:
    """Delete the colliding sets (never one in ``in_state``); returns them and how many live sets were kept."""
    live = client.list_rrsets(zone.name)
    doomed = colliding(zone, live, in_state)
    if not dry_run:
        for rrset in doomed:
            client.delete_rrset(zone.name, rrset.name, rrset.type)
    return doomed, len(live) - len(doomed)
