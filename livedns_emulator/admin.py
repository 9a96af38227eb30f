"""Unauthenticated admin API under ``/_emulator/`` for out-of-process set-up.

A test that drives another process (the zonestack CLI, a Terraform run) sets the
emulator up through these routes; they mirror the ``Emulator`` methods. The
server only binds loopback, and no route ever returns a token value.

Routes (JSON in and out; errors are ``{"error": "..."}`` with 400/404):

* ``GET /_emulator/health`` -> ``{"ok": true}``
* ``GET /_emulator/tokens`` -> ``[{label, scheme, org, expires_at, scopes, domains}]``
* ``POST /_emulator/tokens`` ``{token, scheme?, expires_at? (ISO 8601), scopes?,
  domains?, org?, label?}`` -> 201 ``{"label": ...}``
* ``DELETE /_emulator/tokens/{label}`` -> 204
* ``GET /_emulator/domains`` -> ``[{fqdn, org}]`` (registered domains)
* ``POST /_emulator/domains`` ``{fqdn, org?}`` -> 201
* ``GET /_emulator/zones`` -> ``[{fqdn, org, automatic_snapshots}]``
* ``POST /_emulator/zones`` ``{fqdn, seed_defaults?, org?, automatic_snapshots?}`` -> 201
* ``DELETE /_emulator/zones/{fqdn}`` -> 204
* ``GET /_emulator/zones/{fqdn}/rrsets`` -> rrsets as the API returns them (no href)
* ``PUT /_emulator/zones/{fqdn}/rrsets`` ``{name, type, values, ttl?}`` -> 204
* ``GET /_emulator/settings`` -> all knobs; ``PATCH /_emulator/settings`` ``{knob: value}``
  -> the new knobs
* ``GET /_emulator/requests`` -> ``[[method, path, status, token_label], ...]``;
  ``DELETE /_emulator/requests`` clears the log (204)
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from livedns_emulator import control
from livedns_emulator.httpio import Request, Response

if TYPE_CHECKING:
    from livedns_emulator.app import App

PREFIX = "/_emulator"


class AdminError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _json(status: int, data: Any) -> Response:
    return Response(status, json.dumps(data).encode(), [("Content-Type", "application/json")])


def _body(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise AdminError(400, "invalid JSON body") from None
    if not isinstance(data, dict):
        raise AdminError(400, "a JSON object is expected")
    return data


def handle(app: App, request: Request) -> Response:
    """Dispatch an admin request; never raises."""
    parts = [unquote(p) for p in request.path[len(PREFIX):].strip("/").split("/") if p]
    try:
        return _dispatch(app, request.method, parts, request)
    except AdminError as exc:
        return _json(exc.status, {"error": str(exc)})
    except (ValueError, TypeError, KeyError) as exc:
        return _json(400, {"error": str(exc)})


def _dispatch(app: App, method: str, parts: list[str], request: Request) -> Response:
    store = app.store
    route = (method, *parts[:1], *(["*"] if len(parts) > 1 else []), *parts[2:])
    if route == ("GET", "health"):
        return _json(200, {"ok": True})
    if route == ("GET", "tokens"):
        with store.read() as state:
            return _json(200, [{k: v for k, v in t.to_dict().items() if k != "digest"}
                               for t in state.tokens.values()])
    if route == ("POST", "tokens"):
        body = _body(request)
        expires = body.get("expires_at")
        label = control.add_token(
            store, body["token"], scheme=body.get("scheme", "Bearer"),
            expires_at=None if expires is None else datetime.fromisoformat(expires),
            scopes=tuple(body.get("scopes", ("read", "write"))), domains=body.get("domains"),
            org=body.get("org", "org-1"), label=body.get("label"))
        return _json(201, {"label": label})
    if route == ("DELETE", "tokens", "*"):
        with store.write() as state:
            doomed = [d for d, t in state.tokens.items() if t.label == parts[1]]
            if not doomed:
                raise AdminError(404, f"no token labelled {parts[1]}")
            for digest in doomed:
                del state.tokens[digest]
        return Response(204)
    if route == ("GET", "domains"):
        with store.read() as state:
            return _json(200, [{"fqdn": f, "org": o} for f, o in sorted(state.registered.items())])
    if route == ("POST", "domains"):
        body = _body(request)
        control.register_domain(store, body["fqdn"], org=body.get("org", "org-1"))
        return _json(201, {"fqdn": body["fqdn"]})
    if route == ("GET", "zones"):
        with store.read() as state:
            return _json(200, [{"fqdn": z.fqdn, "org": z.org,
                                "automatic_snapshots": z.automatic_snapshots}
                               for z in sorted(state.zones.values(), key=lambda z: z.fqdn)])
    if route == ("POST", "zones"):
        body = _body(request)
        control.create_zone(store, app.settings, body["fqdn"],
                            seed_defaults=bool(body.get("seed_defaults", False)),
                            org=body.get("org", "org-1"),
                            automatic_snapshots=body.get("automatic_snapshots"))
        return _json(201, {"fqdn": body["fqdn"]})
    if route == ("DELETE", "zones", "*"):
        control.delete_zone(store, parts[1])
        return Response(204)
    if route == ("GET", "zones", "*", "rrsets"):
        return _json(200, control.rrsets(store, parts[1]))
    if route == ("PUT", "zones", "*", "rrsets"):
        body = _body(request)
        control.put_rrset(store, app.settings, parts[1], body["name"], body["type"],
                          body["values"], body.get("ttl", 10800))
        return Response(204)
    if route == ("GET", "settings"):
        return _json(200, app.settings.as_dict())
    if route == ("PATCH", "settings"):
        app.update_settings(**_body(request))
        return _json(200, app.settings.as_dict())
    if route == ("GET", "requests"):
        return _json(200, [list(e) for e in app.log.entries()])
    if route == ("DELETE", "requests"):
        app.log.clear()
        return Response(204)
    raise AdminError(404, f"no admin route {method} {request.path}")
