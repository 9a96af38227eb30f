"""Remove Gandi's default record sets that collide with a zone's declared ones.

A zone Gandi creates may come pre-filled (apex MX, ``www`` CNAME, SRV...). The
provider creates each declared record set with ``POST``, which fails with 409
when the set already exists, so the default must go first. Only sets whose
(name, type) the zone declares are removed: the stack replaces them a moment
later. Anything undeclared is someone else's and is left alone.
"""

from __future__ import annotations

from zonestack.gandi import LiveDNSClient, LiveRRset
from zonestack.model import Zone


def colliding(zone: Zone, live: list[LiveRRset]) -> list[LiveRRset]:
    """The live record sets whose (name, type) ``zone`` declares, in API order."""
    declared = {(r.name, r.type.upper()) for r in zone.records}
    return [rrset for rrset in live if rrset.key in declared]


def clear_defaults(client: LiveDNSClient, zone: Zone, *, dry_run: bool = False) -> tuple[list[LiveRRset], int]:
    """Delete the colliding sets; returns them and how many live sets were kept."""
    live = client.list_rrsets(zone.name)
    doomed = colliding(zone, live)
    if not dry_run:
        for rrset in doomed:
            client.delete_rrset(zone.name, rrset.name, rrset.type)
    return doomed, len(live) - len(doomed)
