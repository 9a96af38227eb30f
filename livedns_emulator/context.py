"""Per-request context handed to every handler: request, state access, helpers.

Centralises the rules handlers must all follow: absolute hrefs built from the
Host the client used (libdns follows ``domain_records_href``, go-gandi strips
its own base from ``Link``/``Location``), token domain restrictions before the
404, path names normalised like body names, and the ``Dry-Run`` knob.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from livedns_emulator import normalise
from livedns_emulator.auth import Principal
from livedns_emulator.errors import bad_request, forbidden, not_found, validation
from livedns_emulator.httpio import Request, Response, json_response
from livedns_emulator.model import State, Zone
from livedns_emulator.normalise import Invalid
from livedns_emulator.settings import Settings
from livedns_emulator.store import Store

API_PREFIX = "/v5/livedns"


@dataclass
class Ctx:
    """Everything a handler needs; ``params`` are the decoded path parameters."""

    request: Request
    params: dict[str, str]
    store: Store
    settings: Settings
    principal: Principal | None

    @property
    def base(self) -> str:
        return (self.settings.public_base_url or self.request.base_url).rstrip("/")

    def url(self, *segments: str) -> str:
        """Absolute API URL; segments are escaped (``@`` -> ``%40``, ``*`` -> ``%2A``)."""
        path = "/".join(quote(s, safe="") for s in segments)
        return f"{self.base}{API_PREFIX}/{path}" if path else f"{self.base}{API_PREFIX}"

    def rrset_href(self, fqdn: str, name: str, rtype: str) -> str:
        return self.url("domains", fqdn, "records", name, rtype)

    @property
    def fqdn(self) -> str:
        return normalise.zone_fqdn(self.params["fqdn"])

    def name(self, zone: str) -> str:
        """The ``{name}`` path segment, normalised like a body ``rrset_name``."""
        try:
            return normalise.rrset_name(self.params["name"], zone)
        except Invalid as exc:
            raise validation(("items", exc.description)) from None

    @property
    def rtype(self) -> str:
        try:
            return normalise.rrset_type(self.params["type"])
        except Invalid as exc:
            raise validation(("items", exc.description)) from None

    def zone(self, state: State, fqdn: str | None = None) -> Zone:
        """The zone, after scope checks: 403 outside the token's reach, else 404."""
        fqdn = fqdn or self.fqdn
        if self.principal is not None:
            self.principal.check_domain(fqdn)
        zone = state.zones.get(fqdn)
        if zone is None:
            raise not_found()
        if self.principal is not None and zone.org != self.principal.org:
            raise forbidden()
        return zone

    @contextmanager
    def reading(self) -> Iterator[State]:
        with self.store.read() as state:
            yield state

    @contextmanager
    def writing(self) -> Iterator[State]:
        """Write transaction; a dry run when the knob says ``Dry-Run: 1`` counts."""
        dry = self.settings.honour_dry_run and self.request.header("dry-run") == "1"
        with self.store.write(dry_run=dry) as state:
            yield state

    def body(self) -> Any:
        """The JSON body of a write (optionally insisting on a JSON Content-Type)."""
        media = self.request.media_type()
        if self.settings.strict_content_type and self.request.body and media != "application/json":
            raise bad_request("Content-Type must be application/json")
        return self.request.json()

    def ok(self, data: Any, status: int = 200,
           headers: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()) -> Response:
        return json_response(status, data, content_type=self.settings.success_content_type,
                             headers=headers)
