"""``/domains/{fqdn}/keys`` routes: minimal LiveDNS DNSSEC keys (§6.9).

Keys are generated ECDSA-P256-shaped DNSKEYs (random public key bytes: nothing
here signs anything). The ``Location`` of a new key must be exactly
``<base>/v5/livedns/domains/{fqdn}/keys/{id}`` because go-gandi strips that
prefix to get the id. DELETE only flags a key as deleted; PATCH (docs) and
PUT (go-gandi) with ``{"deleted": false}`` undelete it.
"""

from __future__ import annotations

import base64
import os
import uuid
from typing import Any

import dns.dnssec
import dns.name
import dns.rdata

from livedns_emulator.context import Ctx
from livedns_emulator.errors import not_found, validation
from livedns_emulator.httpio import Response, no_content
from livedns_emulator.model import DnssecKey, Zone
from livedns_emulator.rrsets import require_object

ALGORITHM = 13
ALGORITHM_NAME = "ECDSAP256SHA256"


def _dnskey(key: DnssecKey) -> Any:
    return dns.rdata.from_text("IN", "DNSKEY", f"{key.flags} 3 {key.algorithm} {key.public_key}")


def _summary(ctx: Ctx, zone: Zone, key: DnssecKey) -> dict[str, Any]:
    ds = dns.dnssec.make_ds(dns.name.from_text(zone.fqdn), _dnskey(key), "SHA256")
    return {
        "id": key.id,
        "algorithm": key.algorithm,
        "algorithm_name": ALGORITHM_NAME,
        "deleted": key.deleted,
        "ds": f"{zone.fqdn}. IN DS {ds.to_text()}",
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
    public_key = base64.b64encode(os.urandom(64)).decode()
    with ctx.writing() as state:
        zone = ctx.zone(state)
        key = DnssecKey(str(uuid.uuid4()), flags, ALGORITHM, public_key)
        zone.keys.append(key)
    return ctx.ok({"message": "Domain Key Created"}, 201,
                  headers=[("Location", ctx.url("domains", zone.fqdn, "keys", key.id))])


def get_key(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        zone = ctx.zone(state)
        key = _find(zone, ctx.params["id"])
        data = _summary(ctx, zone, key)
        dnskey = _dnskey(key)
    data["public_key"] = key.public_key
    data["tag"] = dns.dnssec.key_id(dnskey)
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
