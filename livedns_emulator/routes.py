"""The LiveDNS route table (§1.3) and path matching.

Paths are matched segment by segment after percent-decoding each segment, so
``@``/``%40`` and ``*``/``%2A`` are the same name (Go clients send them raw, the
API's own hrefs escape them). ``{x}`` segments become handler parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from livedns_emulator import (
    handlers_domains as domains,
)
from livedns_emulator import (
    handlers_keys as keys,
)
from livedns_emulator import (
    handlers_misc as misc,
)
from livedns_emulator import (
    handlers_records as records,
)
from livedns_emulator import (
    handlers_rrset as rrset,
)
from livedns_emulator import (
    handlers_snapshots as snaps,
)
from livedns_emulator import (
    registrar,
)
from livedns_emulator.context import API_PREFIX, Ctx
from livedns_emulator.httpio import Response

Handler = Callable[[Ctx], Response]


@dataclass(frozen=True)
class Route:
    """A path pattern, its handlers by method, and whether it needs a token."""

    pattern: tuple[str, ...]
    methods: dict[str, Handler]
    public: bool = False


_R = "domains", "{fqdn}", "records"
ROUTES: tuple[Route, ...] = (
    Route(("dns", "rrtypes"), {"GET": misc.rrtypes}),
    Route(("nameservers", "{fqdn}"), {"GET": misc.public_nameservers}, public=True),
    Route(("domains",), {"GET": domains.list_domains, "POST": domains.create_domain}),
    Route(("domains", "{fqdn}"), {"GET": domains.get_domain, "PATCH": domains.patch_domain}),
    Route(("domains", "{fqdn}", "nameservers"), {"GET": domains.get_nameservers}),
    Route(_R, {"GET": records.list_records, "POST": records.create_record,
               "PUT": records.replace_zone, "DELETE": records.delete_zone_records}),
    Route((*_R, "{name}"), {"GET": records.list_name, "POST": records.create_at_name,
                            "PUT": records.replace_name, "DELETE": records.delete_name}),
    Route((*_R, "{name}", "{type}"), {
        "GET": rrset.get_rrset, "POST": rrset.create_rrset, "PUT": rrset.replace_rrset,
        "PATCH": rrset.patch_rrset, "DELETE": rrset.delete_rrset}),
    Route(("domains", "{fqdn}", "snapshots"),
          {"GET": snaps.list_snapshots, "POST": snaps.create_snapshot}),
    Route(("domains", "{fqdn}", "snapshots", "{id}"), {
        "GET": snaps.get_snapshot, "PATCH": snaps.rename_snapshot,
        "DELETE": snaps.delete_snapshot}),
    Route(("domains", "{fqdn}", "keys"), {"GET": keys.list_keys, "POST": keys.create_key}),
    Route(("domains", "{fqdn}", "keys", "{id}"), {
        "GET": keys.get_key, "PATCH": keys.update_key, "PUT": keys.update_key,
        "DELETE": keys.delete_key}),
)


#: The registrar's routes, under ``/v5/domain`` (see ``registrar``).
_D = "domains", "{fqdn}"
DOMAIN_ROUTES: tuple[Route, ...] = (
    Route((*_D, "nameservers"), {"GET": registrar.get_nameservers, "PUT": registrar.put_nameservers}),
    Route((*_D, "livedns"), {"GET": registrar.get_livedns, "POST": registrar.enable_livedns}),
    Route((*_D, "dnskeys"), {"GET": registrar.list_keys, "POST": registrar.create_key}),
    Route((*_D, "dnskeys", "{id}"), {"DELETE": registrar.delete_key}),
)
TABLES = ((API_PREFIX, ROUTES), (registrar.DOMAIN_PREFIX, DOMAIN_ROUTES))


def split_path(path: str, prefix: str = API_PREFIX) -> list[str] | None:
    """Decoded segments after ``prefix``; None for paths outside it."""
    if path != prefix and not path.startswith(prefix + "/"):
        return None
    rest = path[len(prefix):].strip("/")
    return [unquote(s) for s in rest.split("/")] if rest else []


def find(path: str) -> tuple[Route, dict[str, str]] | None:
    """The route (LiveDNS or domain API) for ``path`` and its parameters, or None."""
    for prefix, table in TABLES:
        segments = split_path(path, prefix)
        if segments is not None:
            return match(segments, table)
    return None


def match(segments: list[str], table: tuple[Route, ...] = ROUTES) -> tuple[Route, dict[str, str]] | None:
    """The route for ``segments`` and its parameters, or None."""
    for route in table:
        if len(route.pattern) != len(segments):
            continue
        params: dict[str, str] = {}
        for expected, actual in zip(route.pattern, segments, strict=True):
            if expected.startswith("{"):
                if not actual:
                    break
                params[expected[1:-1]] = actual
            elif expected != actual:
                break
        else:
            return route, params
    return None
