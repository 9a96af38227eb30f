"""The registrar: Gandi's v5 *domain* API for a registered domain's nameservers and DS keys.

What the provider's ``gandi_nameservers`` and ``gandi_dnssec_key`` resources call
(through go-gandi's ``domain`` package), paths relative to ``/v5/domain``:

* ``GET /domains/{D}/nameservers`` → 200, array of host names;
* ``PUT /domains/{D}/nameservers`` ``{"nameservers": [...]}`` → ``Settings.registrar_put_status``
  and ``{"message": ...}`` (go-gandi ignores the body of any 2xx); the provider then polls the
  GET until it returns the list it sent, **in order and spelled the same**, so the emulator
  keeps the names as sent unless ``Settings.registrar_lowercase_nameservers``;
* ``POST /domains/{D}/livedns`` (no body) → 202: back to the LiveDNS nameservers (the
  resource's delete); ``GET /domains/{D}/livedns`` → ``{current, nameservers, ...}``;
* ``GET /domains/{D}/dnskeys`` → the DS keys published at the registry (paginated, like every
  collection); ``POST`` ``{algorithm, type, public_key}`` → 201; ``DELETE /dnskeys/{id}`` → 204.

A domain is reachable only when registered to the token's organisation (``register_domain``);
others get 404, like a domain of another account. Until a PUT, a domain's nameservers are its
LiveDNS ones (a domain registered at Gandi starts on LiveDNS). The parent zone the DNS bridge
serves follows these nameservers and publishes a DS for each key here.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import dns.exception
import dns.name

from livedns_emulator.context import Ctx
from livedns_emulator.errors import not_found, validation
from livedns_emulator.httpio import Response
from livedns_emulator.model import RegistryKey, State
from livedns_emulator.nameservers import hashed_nameservers, zone_nameservers
from livedns_emulator.pagination import paginate
from livedns_emulator.rrsets import require_object

DOMAIN_PREFIX = "/v5/domain"
#: DNSKEY flags by the ``type`` the domain API takes (RFC 4034 §2.1.1: 257 = SEP/KSK, 256 = ZSK).
KEY_FLAGS = {"ksk": 257, "zsk": 256}


def livedns_nameservers(state: State, fqdn: str) -> list[str]:
    """The LiveDNS nameservers Gandi would delegate ``fqdn`` to."""
    zone = state.zones.get(fqdn)
    return zone_nameservers(zone) if zone is not None else hashed_nameservers(fqdn)


def registrar_nameservers(state: State, fqdn: str) -> list[str]:
    """The nameservers the registry delegates ``fqdn`` to (LiveDNS's until a PUT)."""
    found = state.registrar_ns.get(fqdn)
    return list(found) if found is not None else livedns_nameservers(state, fqdn)


def _domain(ctx: Ctx, state: State) -> str:
    """The path's domain after scope checks: 404 unless registered to the token's organisation."""
    fqdn = ctx.fqdn
    assert ctx.principal is not None
    ctx.principal.check_domain(fqdn)
    if state.registered.get(fqdn) != ctx.principal.org:
        raise not_found()
    return fqdn


def get_nameservers(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        return ctx.ok(registrar_nameservers(state, _domain(ctx, state)))


def _host_names(body: dict[str, Any]) -> list[str]:
    raw = body.get("nameservers")
    if not isinstance(raw, list) or not raw or not all(isinstance(n, str) for n in raw):
        raise validation(("nameservers", f"{raw!r}: a non-empty list of host names is expected"))
    for name in raw:
        try:
            parsed = dns.name.from_text(name)
        except (dns.exception.DNSException, ValueError, UnicodeError):
            parsed = None
        if parsed is None or len(parsed.labels) < 3:  # at least "host.tld." (the root label counts)
            raise validation(("nameservers", f"{name!r}: not a host name"))
    return list(raw)


def put_nameservers(ctx: Ctx) -> Response:
    names = _host_names(require_object(ctx.body()))
    if ctx.settings.registrar_lowercase_nameservers:
        names = [n.rstrip(".").lower() for n in names]
    with ctx.writing() as state:
        state.registrar_ns[_domain(ctx, state)] = names
    return ctx.ok({"message": "Update nameservers in progress"}, ctx.settings.registrar_put_status)


def get_livedns(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        fqdn = _domain(ctx, state)
        on_livedns = fqdn not in state.registrar_ns
        return ctx.ok({"current": "livedns" if on_livedns else "other",
                       "nameservers": livedns_nameservers(state, fqdn),
                       "dnssec_available": True, "livednssec_available": True})


def enable_livedns(ctx: Ctx) -> Response:
    with ctx.writing() as state:
        state.registrar_ns.pop(_domain(ctx, state), None)
    return ctx.ok({"message": "The domain is now on LiveDNS"}, 202)


def _key_object(key: RegistryKey) -> dict[str, Any]:
    return {"id": key.id, "algorithm": key.algorithm, "type": key.type, "public_key": key.public_key,
            "keytag": key.keytag(), "digest": key.digest(), "digest_type": 2}


def list_keys(ctx: Ctx) -> Response:
    with ctx.reading() as state:
        fqdn = _domain(ctx, state)
        keys = [_key_object(k) for k in state.registrar_keys.get(fqdn, [])]
    url = f"{ctx.base}{DOMAIN_PREFIX}/domains/{fqdn}/dnskeys"
    page = paginate(keys, total=len(keys), query=ctx.request.query, url=url,
                    default_size=ctx.settings.page_size, max_size=ctx.settings.max_page_size)
    return ctx.ok(page.items, headers=page.headers)


def create_key(ctx: Ctx) -> Response:
    body = require_object(ctx.body())
    algorithm, kind, public_key = body.get("algorithm"), body.get("type"), body.get("public_key")
    if isinstance(algorithm, bool) or not isinstance(algorithm, int) or not 1 <= algorithm <= 255:
        raise validation(("algorithm", f"{algorithm!r}: an algorithm number is expected"))
    if kind not in KEY_FLAGS:
        raise validation(("type", f"{kind!r}: one of {', '.join(KEY_FLAGS)} is expected"))
    try:
        base64.b64decode(str(public_key), validate=True)
    except (binascii.Error, ValueError):
        raise validation(("public_key", "base64 is expected")) from None
    if not public_key:
        raise validation(("public_key", "Required"))
    with ctx.writing() as state:
        fqdn = _domain(ctx, state)
        state.registrar_key_seq += 1
        key = RegistryKey(state.registrar_key_seq, fqdn, algorithm, kind, str(public_key))
        state.registrar_keys.setdefault(fqdn, []).append(key)
    return ctx.ok({"message": "DNSSEC key created"}, 201)


def delete_key(ctx: Ctx) -> Response:
    with ctx.writing() as state:
        keys = state.registrar_keys.get(_domain(ctx, state), [])
        kept = [k for k in keys if str(k.id) != ctx.params["id"]]
        if len(kept) == len(keys):
            raise not_found()
        keys[:] = kept
    return Response(204)
