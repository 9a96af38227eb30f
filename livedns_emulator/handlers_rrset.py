"""``/domains/{fqdn}/records/{name}/{type}`` routes (§6.7).

The most used routes: Terraform, libdns, certbot, lexicon, lego and Ansible all
read and write single rrsets here. PUT is an upsert that replaces values *and*
TTL (omitted TTL -> 10800) and ignores ``rrset_name``/``rrset_type``/
``rrset_href`` in the body (the path wins); POST is create-only (409).
"""

from __future__ import annotations

from typing import Any

from livedns_emulator import normalise, zonefile
from livedns_emulator.context import Ctx
from livedns_emulator.errors import record_not_found, validation
from livedns_emulator.handlers_records import insert_rrset
from livedns_emulator.httpio import Response, no_content, text_response
from livedns_emulator.model import RRset
from livedns_emulator.rrsets import (
    api_rrset,
    check_cname,
    parse_rrset,
    require_object,
)
from livedns_emulator.snapshots import recording

CREATED = {"message": "DNS Record Created"}


def _path_rrset(ctx: Ctx, body: dict[str, Any]) -> tuple[str, RRset]:
    """Validate ``body`` as the rrset named by the path."""
    fqdn = ctx.fqdn
    return fqdn, parse_rrset(body, fqdn, ctx.settings, name=ctx.name(fqdn), rtype=ctx.rtype)


def get_rrset(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        zone = ctx.zone(state)
        name, rtype = ctx.name(zone.fqdn), ctx.rtype
        rrset = zone.rrsets.get((name, rtype))
        if rrset is None:
            raise record_not_found(name, rtype)
        if ctx.request.wants_text():
            return text_response(zonefile.render([rrset]))
        return ctx.ok(api_rrset(rrset, ctx.rrset_href(zone.fqdn, name, rtype)))


def create_rrset(ctx: Ctx) -> Response:
    fqdn, rrset = _path_rrset(ctx, require_object(ctx.body()))
    return insert_rrset(ctx, fqdn, rrset)


def replace_rrset(ctx: Ctx) -> Response:
    """Upsert; ``rrset_values: []`` keeps an empty rrset unless the knob says delete."""
    fqdn, rrset = _path_rrset(ctx, require_object(ctx.body()))
    key = (rrset.name, rrset.type)
    with ctx.writing() as state:
        zone = ctx.zone(state, fqdn)
        with recording(zone, ctx.settings):
            if rrset.values or ctx.settings.keep_empty_rrset_on_put:
                zone.rrsets[key] = rrset
                check_cname(zone, [rrset], ctx.settings)
            else:
                zone.rrsets.pop(key, None)
    return ctx.ok(CREATED, 201)


def patch_rrset(ctx: Ctx) -> Response:
    """Add/remove values (normalised like any write); TTL kept unless given."""
    body = require_object(ctx.body())
    add, remove = body.get("add_rrset_values", []), body.get("remove_rrset_values", [])
    if not isinstance(remove, list) or not all(isinstance(v, str) for v in remove):
        raise validation(("remove_rrset_values", f"{remove!r}: a list of strings is expected"))
    fqdn, added = _path_rrset(ctx, {"rrset_values": add, "rrset_ttl": body.get("rrset_ttl")})
    removed = set(normalise.values(added.type, remove, split_long=ctx.settings.txt_split_long,
                                   dedupe=False))
    with ctx.writing() as state:
        zone = ctx.zone(state, fqdn)
        current = zone.rrsets.get((added.name, added.type))
        if current is None:
            raise record_not_found(added.name, added.type)
        merged = [v for v in current.values + added.values if v not in removed]
        if ctx.settings.dedupe_values:
            merged = list(dict.fromkeys(merged))
        ttl = added.ttl if body.get("rrset_ttl") is not None else current.ttl
        result = RRset(current.name, current.type, ttl, merged)
        with recording(zone, ctx.settings):
            zone.rrsets[(result.name, result.type)] = result
    return ctx.ok(api_rrset(result, ctx.rrset_href(fqdn, result.name, result.type)))


def delete_rrset(ctx: Ctx) -> Response:
    with ctx.writing() as state:
        zone = ctx.zone(state)
        name, rtype = ctx.name(zone.fqdn), ctx.rtype
        if (name, rtype) not in zone.rrsets:
            raise record_not_found(name, rtype)
        with recording(zone, ctx.settings):
            del zone.rrsets[(name, rtype)]
    return no_content()
