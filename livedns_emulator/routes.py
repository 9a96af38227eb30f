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


def split_path(path: str) -> list[str] | None:
    """Decoded segments after ``/v5/livedns``; None for paths outside it."""
    if path != API_PREFIX and not path.startswith(API_PREFIX + "/"):
        return None
    rest = path[len(API_PREFIX):].strip("/")
    return [unquote(s) for s in rest.split("/")] if rest else []


def match(segments: list[str]) -> tuple[Route, dict[str, str]] | None:
    """The route for ``segments`` and its parameters, or None."""
    for route in ROUTES:
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
