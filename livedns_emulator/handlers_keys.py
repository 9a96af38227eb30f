"""``/domains/{fqdn}/keys`` routes: LiveDNS DNSSEC keys (§6.9) that really sign the zone.

Shapes (paths relative to ``/v5/livedns``):

* ``GET /domains/{fqdn}/keys`` → 200, array of ``{id, algorithm, algorithm_name, deleted, ds,
  flags, fqdn, key_href, status}``: ``algorithm`` 13, ``algorithm_name`` ``"ECDSAP256SHA256"``,
  ``ds`` ``"<fqdn>. IN DS <tag> 13 2 <sha-256 hex>"`` (the DS of this key's DNSKEY, RFC 4034
  §5.1, digest type 2: RFC 4509), ``status`` ``"active"`` or ``"deleted"``;
* ``POST /domains/{fqdn}/keys`` ``{"flags": 257}`` (the default) or ``256`` → 201
  ``{"message": "Domain Key Created"}``; a fresh ECDSA P-256 key pair (see ``signing``). The
  ``Location`` of a new key must be exactly ``<base>/v5/livedns/domains/{fqdn}/keys/{id}``
  because go-gandi strips that prefix to get the id. Other flags → 400;
* ``GET /domains/{fqdn}/keys/{id}`` → the list item plus ``public_key`` (base64 of the
  DNSKEY public key field, RFC 4034 §2.1.4), ``tag`` (the key tag, RFC 4034 Appendix B)
  and ``fingerprint`` (the DS digest, hex);
* ``DELETE …/{id}`` → 204, only flags the key as deleted; PATCH (docs) and PUT (go-gandi)
  with ``{"deleted": false}`` undelete it.

While a zone has a non-deleted key, its nameserver serves it signed with those keys
(``signing``, through the DNS bridge); the private key never leaves the emulator's state.
"""

from __future__ import annotations

import uuid
from typing import Any

from livedns_emulator import signing
from livedns_emulator.context import Ctx
from livedns_emulator.errors import not_found, validation
from livedns_emulator.httpio import Response, no_content
from livedns_emulator.model import DnssecKey, Zone
from livedns_emulator.rrsets import require_object

ALGORITHM = signing.ALGORITHM
ALGORITHM_NAME = signing.ALGORITHM_NAME


def _summary(ctx: Ctx, zone: Zone, key: DnssecKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "algorithm": key.algorithm,
        "algorithm_name": ALGORITHM_NAME,
        "deleted": key.deleted,
        "ds": f"{zone.fqdn}. IN DS {signing.ds_text(zone.fqdn, key)}",
        "flags": key.flags,
        "fqdn": zone.fqdn,
        "key_href": ctx.url("domains", zone.fqdn, "keys", key.id),
        "status": "deleted" if key.deleted else "active",
    }


def _find(zone: Zone, key_id: str) -> DnssecKey:
    for key in zone.keys:
        if key.id == key_id:
            return key
    raise not_found()


def list_keys(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        zone = ctx.zone(state)
        return ctx.ok([_summary(ctx, zone, k) for k in zone.keys])


def create_key(ctx: Ctx) -> Response:
    body = require_object(ctx.body())
    flags = body.get("flags", 257)
    if flags not in (256, 257) or isinstance(flags, bool):
        raise validation(("flags", f"{flags!r}: must be 256 or 257"))
    key = signing.new_key(str(uuid.uuid4()), flags)
    with ctx.writing() as state:
        zone = ctx.zone(state)
        zone.keys.append(key)
    return ctx.ok({"message": "Domain Key Created"}, 201,
                  headers=[("Location", ctx.url("domains", zone.fqdn, "keys", key.id))])


def get_key(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        zone = ctx.zone(state)
        key = _find(zone, ctx.params["id"])
        data = _summary(ctx, zone, key)
    data["public_key"] = key.public_key
    data["tag"] = signing.key_tag(key)
    data["fingerprint"] = data["ds"].rsplit(" ", 1)[-1]
    return ctx.ok(data)


def update_key(ctx: Ctx) -> Response:
    body = require_object(ctx.body())
    deleted = body.get("deleted")
    if not isinstance(deleted, bool):
        raise validation(("deleted", f"{deleted!r}: must be a boolean"))
    with ctx.writing() as state:
        _find(ctx.zone(state), ctx.params["id"]).deleted = deleted
    return ctx.ok({"message": "Domain Key updated"})


def delete_key(ctx: Ctx) -> Response:
    with ctx.writing() as state:
        _find(ctx.zone(state), ctx.params["id"]).deleted = True
    return no_content()
