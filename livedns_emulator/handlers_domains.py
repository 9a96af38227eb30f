"""``/domains`` routes (§6.2–6.4): list, create, get, patch, nameservers.

``POST /domains`` only attaches domains "registered at Gandi" (others get the
404 octodns turns into "This domain is not registered at Gandi"), unless the
``allow_unregistered_domains`` knob is on.
"""

from __future__ import annotations

from typing import Any

from livedns_emulator import normalise
from livedns_emulator.context import Ctx
from livedns_emulator.defaults import default_rrsets
from livedns_emulator.errors import domain_conflict, not_found, validation
from livedns_emulator.httpio import Response
from livedns_emulator.model import Zone
from livedns_emulator.nameservers import zone_nameservers
from livedns_emulator.normalise import Invalid
from livedns_emulator.pagination import paginate
from livedns_emulator.rrsets import parse_items, require_object


def domain_object(ctx: Ctx, zone: Zone) -> dict[str, Any]:
    """The §5.1 domain object."""
    return {
        "fqdn": zone.fqdn,
        "automatic_snapshots": zone.automatic_snapshots,
        "domain_href": ctx.url("domains", zone.fqdn),
        "domain_records_href": ctx.url("domains", zone.fqdn, "records"),
        "domain_keys_href": ctx.url("domains", zone.fqdn, "keys"),
    }


def list_domains(ctx: Ctx) -> Response:
    """Zones visible to the token, filtered by ``sharing_id`` (its organisation)."""
    query = ctx.request.query
    assert ctx.principal is not None
    with ctx.reading() as state:
        visible = sorted(f for f, z in state.zones.items() if ctx.principal.sees(f, z.org))
    sharing = query.get("sharing_id")
    shown = visible if not sharing or sharing == ctx.principal.org else []
    page = paginate(shown, total=len(visible), query=query, url=ctx.url("domains"),
                    default_size=ctx.settings.page_size, max_size=ctx.settings.max_page_size)
    items = [{"fqdn": f, "domain_href": ctx.url("domains", f),
              "domain_records_href": ctx.url("domains", f, "records")} for f in page.items]
    return ctx.ok(items, headers=page.headers)


def create_domain(ctx: Ctx) -> Response:
    """Attach a registered domain to LiveDNS, optionally with initial records."""
    assert ctx.principal is not None
    body = require_object(ctx.body())
    raw_fqdn = body.get("fqdn")
    if not isinstance(raw_fqdn, str) or not raw_fqdn.strip():
        raise validation(("fqdn", "Required"))
    fqdn = normalise.zone_fqdn(raw_fqdn)
    spec = body.get("zone") or {}
    if not isinstance(spec, dict):
        raise validation(("zone", f"{spec!r}: an object is expected"))
    try:
        soa_ttl = normalise.ttl(spec.get("ttl"))
    except Invalid as exc:
        raise validation(("zone", exc.description)) from None
    items = parse_items(spec, fqdn, ctx.settings) if "items" in spec else None
    ctx.principal.check_domain(fqdn)
    with ctx.writing() as state:
        if fqdn in state.zones:
            raise domain_conflict(fqdn)
        owner = state.registered.get(fqdn)
        if owner != ctx.principal.org and not ctx.settings.allow_unregistered_domains:
            raise not_found()
        zone = Zone(fqdn, ctx.principal.org, ctx.settings.automatic_snapshots_default, soa_ttl)
        if items is None and ctx.settings.seed_default_records:
            items = default_rrsets()
        for rrset in items or []:
            zone.rrsets[(rrset.name, rrset.type)] = rrset
        state.zones[fqdn] = zone
    return ctx.ok({"message": "Domain Created"}, 201,
                  headers=[("Location", ctx.url("domains", fqdn))])


def get_domain(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        return ctx.ok(domain_object(ctx, ctx.zone(state)))


def patch_domain(ctx: Ctx) -> Response:
    """Only ``automatic_snapshots`` is writable (what Terraform sends)."""
    body = require_object(ctx.body())
    flag = body.get("automatic_snapshots")
    if "automatic_snapshots" in body and not isinstance(flag, bool):
        raise validation(("automatic_snapshots", f"{flag!r}: must be a boolean"))
    with ctx.writing() as state:
        zone = ctx.zone(state)
        if isinstance(flag, bool):
            zone.automatic_snapshots = flag
    return ctx.ok({"message": "Domain updated"})


def get_nameservers(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        return ctx.ok(zone_nameservers(ctx.zone(state)))
