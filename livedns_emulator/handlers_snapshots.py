"""``/domains/{fqdn}/snapshots`` routes (§6.8).

go-gandi creates snapshots with no body at all, so an empty POST is accepted.
The detail view carries ``zone_data`` (rrsets without href) or, with
``Accept: text/plain``, a zone file.
"""

from __future__ import annotations

from typing import Any

from livedns_emulator import snapshots, zonefile
from livedns_emulator.context import Ctx
from livedns_emulator.errors import not_found, validation
from livedns_emulator.httpio import Response, no_content, text_response
from livedns_emulator.model import RRset, Snapshot, Zone
from livedns_emulator.pagination import paginate
from livedns_emulator.rrsets import require_object


def _summary(ctx: Ctx, zone: Zone, snap: Snapshot) -> dict[str, Any]:
    return {
        "id": snap.id,
        "name": snap.name,
        "created_at": snap.created_at,
        "automatic": snap.automatic,
        "href": ctx.url("domains", zone.fqdn, "snapshots", snap.id),
    }


def _find(zone: Zone, snap_id: str) -> Snapshot:
    for snap in zone.snapshots:
        if snap.id == snap_id:
            return snap
    raise not_found()


def _name(body: dict[str, Any]) -> str | None:
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise validation(("name", f"{name!r}: a non-empty string is expected"))
    return name


def list_snapshots(ctx: Ctx) -> Response:
    """Oldest first (``sort_by=-date_created`` for newest first); ``automatic`` filter."""
    query = ctx.request.query
    with ctx.reading() as state:
        zone = ctx.zone(state)
        snaps = sorted(zone.snapshots, key=lambda s: s.seq)
    if query.get("sort_by") == "-date_created":
        snaps.reverse()
    wanted = query.bool("automatic")
    shown = [s for s in snaps if wanted is None or s.automatic == wanted]
    page = paginate(shown, total=len(snaps), query=query,
                    url=ctx.url("domains", zone.fqdn, "snapshots"),
                    default_size=ctx.settings.page_size, max_size=ctx.settings.max_page_size)
    return ctx.ok([_summary(ctx, zone, s) for s in page.items], headers=page.headers)


def create_snapshot(ctx: Ctx) -> Response:
    name = _name(require_object(ctx.body()))
    with ctx.writing() as state:
        zone = ctx.zone(state)
        snap = snapshots.take(zone, name=name)
    href = ctx.url("domains", zone.fqdn, "snapshots", snap.id)
    return ctx.ok({"id": snap.id, "message": "Snapshot Created"}, 201,
                  headers=[("Location", href)])


def get_snapshot(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        zone = ctx.zone(state)
        snap = _find(zone, ctx.params["id"])
    if ctx.request.wants_text():
        return text_response(zonefile.render(RRset.from_api(i) for i in snap.zone_data))
    data = _summary(ctx, zone, snap)
    data["zone_data"] = [dict(item) for item in snap.zone_data]
    return ctx.ok(data)


def rename_snapshot(ctx: Ctx) -> Response:
    name = _name(require_object(ctx.body()))
    if name is None:
        raise validation(("name", "Required"))
    with ctx.writing() as state:
        _find(ctx.zone(state), ctx.params["id"]).name = name
    return ctx.ok({"message": "Snapshot updated"})


def delete_snapshot(ctx: Ctx) -> Response:
    with ctx.writing() as state:
        zone = ctx.zone(state)
        snap = _find(zone, ctx.params["id"])
        zone.snapshots = [s for s in zone.snapshots if s.id != snap.id]
    return no_content()
