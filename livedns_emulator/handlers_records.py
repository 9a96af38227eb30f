"""``/domains/{fqdn}/records`` and ``/records/{name}`` routes (§6.5, §6.6).

Whole-zone and whole-name writes: PUT replaces everything it covers (types not
listed disappear), POST creates and answers 409 when the rrset exists. Every
record mutation goes through ``snapshots.recording`` for automatic snapshots.
"""

from __future__ import annotations

from livedns_emulator import zonefile
from livedns_emulator.context import Ctx
from livedns_emulator.errors import not_found, record_conflict
from livedns_emulator.httpio import Response, no_content, text_response
from livedns_emulator.model import RRset, Zone
from livedns_emulator.pagination import paginate
from livedns_emulator.rrsets import (
    api_rrset,
    check_cname,
    parse_items,
    parse_rrset,
    require_object,
    require_values,
    sorted_rrsets,
)
from livedns_emulator.snapshots import recording

CREATED = {"message": "DNS Record Created"}
_SORT_FIELDS = {"rrset_name", "rrset_type", "rrset_ttl"}


def _ordered(zone: Zone, sort_by: str | None) -> list[RRset]:
    """§5.8 order, or ``sort_by`` (``rrset_<field>``, ``-`` for descending)."""
    rrsets = sorted_rrsets(zone.rrsets.values())
    field = (sort_by or "").lstrip("-")
    if field in _SORT_FIELDS and field != "rrset_name":
        attr = field.removeprefix("rrset_")
        rrsets.sort(key=lambda r: getattr(r, attr))  # stable: name order within ties
    if sort_by and sort_by.startswith("-"):
        rrsets.reverse()
    return rrsets


def _keep(rrset: RRset, ctx: Ctx) -> bool:
    return bool(rrset.values) or ctx.settings.keep_empty_rrset_on_put


def _created(ctx: Ctx, fqdn: str, rrset: RRset) -> Response:
    location = ctx.rrset_href(fqdn, rrset.name, rrset.type)
    return ctx.ok(CREATED, 201, headers=[("Location", location)])


def list_records(ctx: Ctx) -> Response:
    """All rrsets as JSON (paginated, ``rrset_type`` filter) or as a zone file."""
    query = ctx.request.query
    with ctx.reading() as state:
        zone = ctx.zone(state)
        rrsets = _ordered(zone, query.get("sort_by"))
    if ctx.request.wants_text():
        return text_response(zonefile.render(rrsets))
    wanted = query.get("rrset_type")
    shown = [r for r in rrsets if r.type == wanted.upper()] if wanted else rrsets
    page = paginate(shown, total=len(rrsets), query=query,
                    url=ctx.url("domains", zone.fqdn, "records"),
                    default_size=ctx.settings.page_size, max_size=ctx.settings.max_page_size)
    items = [api_rrset(r, ctx.rrset_href(zone.fqdn, r.name, r.type)) for r in page.items]
    return ctx.ok(items, headers=page.headers)


def create_record(ctx: Ctx) -> Response:
    """POST one rrset (name and type in the body)."""
    fqdn = ctx.fqdn
    rrset = parse_rrset(require_object(ctx.body()), fqdn, ctx.settings)
    return insert_rrset(ctx, fqdn, rrset)


def insert_rrset(ctx: Ctx, fqdn: str, rrset: RRset) -> Response:
    """Create ``rrset`` (201 + Location); 409 if its name/type exists."""
    require_values(rrset)
    with ctx.writing() as state:
        zone = ctx.zone(state, fqdn)
        if (rrset.name, rrset.type) in zone.rrsets:
            raise record_conflict()
        with recording(zone, ctx.settings):
            zone.rrsets[(rrset.name, rrset.type)] = rrset
            check_cname(zone, [rrset], ctx.settings)
    return _created(ctx, fqdn, rrset)


def replace_zone(ctx: Ctx) -> Response:
    """PUT the whole zone, from JSON ``items`` or a ``text/plain`` zone file."""
    fqdn = ctx.fqdn
    if ctx.request.media_type() == "text/plain":
        body = zonefile.parse(ctx.request.body.decode("utf-8", "replace"))
    else:
        body = ctx.body()
    items = parse_items(body, fqdn, ctx.settings)
    with ctx.writing() as state:
        zone = ctx.zone(state, fqdn)
        with recording(zone, ctx.settings):
            zone.rrsets = {(r.name, r.type): r for r in items if _keep(r, ctx)}
            check_cname(zone, items, ctx.settings)
    return ctx.ok(CREATED, 201)


def delete_zone_records(ctx: Ctx) -> Response:
    with ctx.writing() as state:
        zone = ctx.zone(state)
        with recording(zone, ctx.settings):
            zone.rrsets = {}
    return no_content()


def list_name(ctx: Ctx) -> Response:
    """All types at one name; an unused name is ``[]`` (or 404 by knob)."""
    with ctx.reading() as state:
        zone = ctx.zone(state)
        name = ctx.name(zone.fqdn)
        rrsets = [r for r in sorted_rrsets(zone.rrsets.values()) if r.name == name]
    if not rrsets and ctx.settings.missing_name_get_404:
        raise not_found()
    if ctx.request.wants_text():
        return text_response(zonefile.render(rrsets))
    return ctx.ok([api_rrset(r, ctx.rrset_href(zone.fqdn, r.name, r.type)) for r in rrsets])


def create_at_name(ctx: Ctx) -> Response:
    """POST one rrset at the path's name (type in the body)."""
    fqdn = ctx.fqdn
    rrset = parse_rrset(require_object(ctx.body()), fqdn, ctx.settings, name=ctx.name(fqdn))
    return insert_rrset(ctx, fqdn, rrset)


def replace_name(ctx: Ctx) -> Response:
    """PUT ``items`` at one name: listed types replaced, unlisted types removed."""
    fqdn = ctx.fqdn
    name = ctx.name(fqdn)
    items = parse_items(ctx.body(), fqdn, ctx.settings, name=name)
    with ctx.writing() as state:
        zone = ctx.zone(state, fqdn)
        with recording(zone, ctx.settings):
            kept = {k: r for k, r in zone.rrsets.items() if r.name != name}
            kept.update({(r.name, r.type): r for r in items if _keep(r, ctx)})
            zone.rrsets = kept
            check_cname(zone, items, ctx.settings)
    return ctx.ok(CREATED, 201)


def delete_name(ctx: Ctx) -> Response:
    """DELETE every type at a name; nothing there is 404 (knob: 204)."""
    with ctx.writing() as state:
        zone = ctx.zone(state)
        name = ctx.name(zone.fqdn)
        keys = [k for k in zone.rrsets if k[0] == name]
        if not keys:
            if ctx.settings.delete_missing_name_status == 204:
                return no_content()
            raise not_found()
        with recording(zone, ctx.settings):
            for key in keys:
                del zone.rrsets[key]
    return no_content()
