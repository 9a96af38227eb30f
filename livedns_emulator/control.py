"""Direct state operations shared by the Python API and the admin HTTP API.

These bypass authentication and HTTP on purpose: they set up the world a test
needs (tokens, registered domains, existing zones, records "written by another
tool"). Values still go through the API's normalisation and validation, so
the state is always one the real API could have produced.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from livedns_emulator import auth, normalise
from livedns_emulator.defaults import default_rrsets
from livedns_emulator.errors import ApiError
from livedns_emulator.model import Zone
from livedns_emulator.rrsets import parse_rrset, sorted_rrsets
from livedns_emulator.settings import Settings
from livedns_emulator.store import Store


def add_token(store: Store, token: str, *, scheme: str = "Bearer",
              expires_at: datetime | None = None, scopes: Sequence[str] = auth.SCOPES,
              domains: Sequence[str] | None = None, org: str = "org-1",
              label: str | None = None) -> str:
    """Register (or replace) a credential; returns its label (safe to log)."""
    record = auth.make_token(token, scheme=scheme, expires_at=expires_at, scopes=tuple(scopes),
                             domains=None if domains is None else tuple(domains), org=org,
                             label=label)
    with store.write() as state:
        state.tokens[record.digest] = record
    return record.label


def register_domain(store: Store, fqdn: str, *, org: str = "org-1") -> None:
    """Mark ``fqdn`` as registered at Gandi, so ``POST /domains`` may attach it."""
    with store.write() as state:
        state.registered[normalise.zone_fqdn(fqdn)] = org


def create_zone(store: Store, settings: Settings, fqdn: str, *, seed_defaults: bool = False,
                org: str = "org-1", automatic_snapshots: bool | None = None) -> None:
    """Create a LiveDNS zone directly (also registers the domain)."""
    fqdn = normalise.zone_fqdn(fqdn)
    auto = settings.automatic_snapshots_default if automatic_snapshots is None \
        else automatic_snapshots
    with store.write() as state:
        if fqdn in state.zones:
            raise ValueError(f"zone {fqdn} already exists")
        zone = Zone(fqdn, org, auto)
        if seed_defaults:
            zone.rrsets = {(r.name, r.type): r for r in default_rrsets()}
        state.zones[fqdn] = zone
        state.registered.setdefault(fqdn, org)


def put_rrset(store: Store, settings: Settings, fqdn: str, name: str, rtype: str,
              values: Sequence[str], ttl: int = normalise.DEFAULT_TTL) -> None:
    """Upsert an rrset as the API would store it (TXT quoted), without HTTP.

    No automatic snapshot is taken: this is a direct state edit. ``ValueError``
    carries the API's error body when the rrset is invalid or the zone unknown.
    """
    fqdn = normalise.zone_fqdn(fqdn)
    item: dict[str, Any] = {"rrset_name": name, "rrset_type": rtype,
                            "rrset_values": list(values), "rrset_ttl": ttl}
    try:
        rrset = parse_rrset(item, fqdn, settings)
    except ApiError as exc:
        raise ValueError(f"invalid rrset: {exc.body}") from None
    with store.write() as state:
        zone = state.zones.get(fqdn)
        if zone is None:
            raise ValueError(f"no zone {fqdn}")
        if rrset.values or settings.keep_empty_rrset_on_put:
            zone.rrsets[(rrset.name, rrset.type)] = rrset
        else:
            zone.rrsets.pop((rrset.name, rrset.type), None)


def rrsets(store: Store, fqdn: str) -> list[dict[str, Any]]:
    """The zone's rrsets in API order, as API objects without ``rrset_href``."""
    with store.read() as state:
        zone = state.zones.get(normalise.zone_fqdn(fqdn))
        if zone is None:
            raise ValueError(f"no zone {fqdn}")
        return [r.as_api() for r in sorted_rrsets(zone.rrsets.values())]


def delete_zone(store: Store, fqdn: str) -> None:
    """Remove a zone and its snapshots (the real API has no such route)."""
    with store.write() as state:
        if state.zones.pop(normalise.zone_fqdn(fqdn), None) is None:
            raise ValueError(f"no zone {fqdn}")
