"""Small routes: the rrtype list and the unauthenticated nameserver lookup."""

from __future__ import annotations

from livedns_emulator import normalise
from livedns_emulator.context import Ctx
from livedns_emulator.httpio import Response
from livedns_emulator.nameservers import hashed_nameservers, zone_nameservers


def rrtypes(ctx: Ctx) -> Response:
    """``GET /dns/rrtypes`` (§6.1)."""
    return ctx.ok(list(normalise.RRTYPES))


def public_nameservers(ctx: Ctx) -> Response:
    """``GET /nameservers/{fqdn}``: no auth; hashed names for any domain."""
    with ctx.reading() as state:
        zone = state.zones.get(ctx.fqdn)
        names = zone_nameservers(zone) if zone is not None else hashed_nameservers(ctx.fqdn)
    return ctx.ok(names)
