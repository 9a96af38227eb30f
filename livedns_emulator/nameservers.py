"""The hashed LiveDNS nameservers of a zone (§6.4).

Production answers three ``ns-<n>-{a,b,c}.gandi.net`` names derived from the
zone; the emulator derives ``<n>`` deterministically so tests can assert it. If
the zone has NS records at the apex, those are returned instead (trailing dots
dropped), as the docs describe.
"""

from __future__ import annotations

import hashlib

from livedns_emulator.model import Zone


def hashed_nameservers(fqdn: str) -> list[str]:
    """``ns-<n>-a/b/c.gandi.net`` with ``n`` in 1..400 taken from SHA-256 of the name."""
    number = int(hashlib.sha256(fqdn.encode()).hexdigest(), 16) % 400 + 1
    return [f"ns-{number}-{letter}.gandi.net" for letter in "abc"]


def zone_nameservers(zone: Zone) -> list[str]:
    """Apex NS values if any, else the hashed names."""
    apex = zone.rrsets.get(("@", "NS"))
    if apex is not None and apex.values:
        return [v.rstrip(".") for v in apex.values]
    return hashed_nameservers(zone.fqdn)
