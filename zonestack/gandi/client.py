"""``LiveDNSClient``: typed calls to Gandi's LiveDNS v5 API over httpx.

Listings read every page into one logical list (``per_page`` + ``Link
rel=next`` when it points back at ``base_url`` — the token is never sent
elsewhere — else page numbers, checked against ``Filtered-Count``/``Total-Count``) and raise on
any failure mid-way, so a caller never acts on half a zone. Every request is paced under
Gandi's limit and retried on 429/502/503 after ``Retry-After`` (:mod:`.pacing`: bounded tries,
bounded waits, a progress line while waiting); a redirect is followed only back to the same
origin (:mod:`.redirects`). The token is only ever put in the ``Authorization`` header;
``repr`` and every error message leave it out.
"""

from __future__ import annotations

import os
import ssl
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import httpx

from zonestack.gandi import pacing, redirects, retry_safety
from zonestack.gandi.errors import (
    AnswerLostError,
    GandiError,
    MissingTokenError,
    NotFoundError,
    RedirectError,
    UnreachableError,
)
from zonestack.gandi.responses import error_for
from zonestack.gandi.rrset import LiveRRset
from zonestack.gandi.signing_key import KSK_FLAGS, SigningKey
from zonestack.gandi.token_source import check_shape, resolve_token

DEFAULT_URL = "https://api.gandi.net"
URL_ENV = "GANDI_URL"
TOKEN_ENV = "GANDI_PERSONAL_ACCESS_TOKEN"
API_PREFIX = "/v5/livedns"
#: Gandi's own default page size; also our request size (fewest round trips).
PER_PAGE = 500
#: Guard against a server whose Link headers never end.
MAX_PAGES = 10_000


@lru_cache(maxsize=1)
def shared_ssl_context() -> ssl.SSLContext:
    """One shared context: building one per client costs tens of milliseconds."""
    return ssl.create_default_context()


def _segment(part: str) -> str:
    """A path segment; ``@`` and ``*`` stay raw as Gandi's Go clients send them."""
    return quote(part, safe="@*")


class LiveDNSClient:
    """A LiveDNS session for one token; use as a context manager or call ``close``."""

    def __init__(self, base_url: str | None = None, token: str | None = None, timeout: float = 10.0,
                 *, per_page: int = PER_PAGE, transport: httpx.BaseTransport | None = None,
                 pacer: pacing.Pacer | None = None, retries: bool = True,
                 notify: Callable[[str], None] | None = None) -> None:
        """``token`` None: resolved by :func:`.token_source.resolve_token` (variable, file or
        command; ``MissingTokenError`` if none). ``pacer`` None: the process-wide one;
        ``retries`` False: a 429/502/503 raises at once; ``notify`` gets progress lines
        (default: standard error)."""
        self.base_url = (base_url or os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/")
        if token is None:
            secret = resolve_token().value
        else:
            secret = token.strip()
            if not secret:
                raise MissingTokenError(f"{TOKEN_ENV} is not set: export a Gandi personal access token")
            check_shape(secret, "the PAT")
        self.timeout = timeout
        self.per_page = per_page
        self._pacer = pacer
        self._retries = retries
        self._notify = notify or _stderr
        verify: Any = shared_ssl_context()  # also for http: httpx would build (and load) a default context
        self._http = httpx.Client(
            base_url=self.base_url, timeout=timeout, transport=transport, verify=verify,
            headers={"Authorization": f"Bearer {secret.strip()}", "Accept": "application/json"},
        )

    def __repr__(self) -> str:
        return f"LiveDNSClient(base_url={self.base_url!r}, timeout={self.timeout!r})"

    def __enter__(self) -> LiveDNSClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- transport ---------------------------------------------------------

    def _request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                 json: Any = None, accept: str | None = None) -> httpx.Response:
        """One logical call: paced, retried on 429/503 and (idempotent requests only, ``retry_safety``)
        on 502/504 and on an answer lost after the request was sent (connection reset, read
        timeout), same-origin redirects followed.

        Any other non-2xx answer, a redirect elsewhere, a connection that cannot be opened, or a lost
        answer to a request that is not idempotent (or after the last try) raises a GandiError.
        """
        url = path if path.startswith(("http://", "https://")) else API_PREFIX + path
        what = f"{method} {httpx.URL(url).path}"
        headers = {"Accept": accept} if accept else None
        pacer = self._pacer or pacing.shared_pacer()
        attempt, hops, waited, lost = 1, 0, 0.0, False
        while True:
            pacer.wait()
            try:
                response = self._send(method, url, what, params=params, json=json, headers=headers)
            except AnswerLostError:
                safe = retry_safety.after_failure(method, url, b"", None) is retry_safety.Verdict.RETRY
                delay = pacing.backoff_delay({}, attempt, waited) if self._retries and safe else None
                if delay is None or attempt >= pacing.LOST_ANSWER_TRIES:
                    raise
                self._notify(pacing.describe_wait(None, delay, attempt, what, pacing.LOST_ANSWER_TRIES))
                time.sleep(delay)
                waited, attempt, lost = waited + delay, attempt + 1, True
                continue
            status = response.status_code
            if lost and retry_safety.delete_landed(method, status):
                self._notify(f"{what}: the answer to an earlier try was lost and the object is gone now: the "
                             "DELETE landed")
                return response
            if status in redirects.REDIRECT_STATUSES:
                verdict = redirects.judge(status, response.headers.get("Location"), str(response.request.url),
                                          method, hops)
                if not verdict.follow:
                    raise RedirectError(verdict.refusal(what), status=status, url=self.base_url)
                url, params, hops = verdict.target, None, hops + 1
                if status == 303:
                    method, json = "GET", None
                continue
            if status == 502 and response.headers.get("X-Zonestack-Proxy") == "unreachable":
                raise UnreachableError(f"{what}: {response.json().get('message', 'cannot reach the Gandi API')}",
                                       url=self.base_url)
            if 300 <= status < 400:
                raise RedirectError(f"{what}: Gandi answered {status} without content; check GANDI_URL",
                                    status=status, url=self.base_url)
            if status == 429:
                pacer.refused()  # an adaptive pacer lowers its pace to the budget it measured
            elif status < 400:
                pacer.succeeded()
            safe = retry_safety.after_failure(method, url, b"", status) is retry_safety.Verdict.RETRY
            delay = pacing.retry_delay(status, response.headers, attempt, waited) if self._retries and safe else None
            if delay is None:
                break
            self._notify(pacing.describe_wait(status, delay, attempt, what))
            if status == 429:
                pacer.pause(delay)
            else:
                time.sleep(delay)
            waited += delay
            attempt += 1
            lost = lost or status in retry_safety.ANSWER_LOST
        if status >= 400:
            raise error_for(response, what)
        return response

    def _send(self, method: str, url: str, what: str, **kwargs: Any) -> httpx.Response:
        """One HTTP exchange. A connection that could not be opened raises ``UnreachableError`` (nothing
        was sent); a failure after that raises ``AnswerLostError`` (the API may have acted)."""
        try:
            return self._http.request(method, url, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise UnreachableError(f"{what}: cannot reach the Gandi API at {self.base_url} ({reason})",
                                   url=self.base_url) from None
        except httpx.TimeoutException:
            raise AnswerLostError(f"{what}: Gandi API at {self.base_url} did not answer within "
                                  f"{self.timeout:g}s", url=self.base_url) from None
        except httpx.TransportError as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise AnswerLostError(f"{what}: the connection to the Gandi API at {self.base_url} broke before "
                                  f"the answer ({reason})", url=self.base_url) from None

    def _collect(self, path: str) -> list[Any]:
        """Every item of a paginated collection, as one list, or an exception."""
        items: list[Any] = []
        response = self._request("GET", path, params={"page": 1, "per_page": self.per_page})
        page = 1
        while True:
            chunk = response.json()
            if not isinstance(chunk, list):
                raise GandiError(f"GET {API_PREFIX}{path}: expected a JSON list, got {type(chunk).__name__}")
            items.extend(chunk)
            expected = _count(response)
            following = response.links.get("next", {}).get("url")
            page += 1
            if page > MAX_PAGES:
                raise GandiError(f"GET {API_PREFIX}{path}: more than {MAX_PAGES} pages; giving up")
            if following and following.startswith(self.base_url + "/"):
                response = self._request("GET", following)
            elif expected is not None and len(items) < expected and chunk:
                response = self._request("GET", path, params={"page": page, "per_page": self.per_page})
            else:
                break
        if expected is not None and len(items) != expected:
            raise GandiError(f"GET {API_PREFIX}{path}: read {len(items)} item(s) but the API counts "
                             f"{expected}; the zone changed while listing, try again")
        return items

    # -- domains -----------------------------------------------------------

    def list_domains(self, limit: int | None = None) -> list[dict[str, Any]]:
        """LiveDNS domains visible to the token (``limit``: one page of that size)."""
        if limit is not None:
            return list(self._request("GET", "/domains", params={"per_page": limit}).json())
        return list(self._collect("/domains"))

    def count_domains(self) -> int | None:
        """One cheap authenticated call (a 1-item page); the API's domain count if it gave one."""
        return _count(self._request("GET", "/domains", params={"per_page": 1}))

    def get_domain(self, fqdn: str) -> dict[str, Any]:
        return dict(self._request("GET", f"/domains/{_segment(fqdn)}").json())

    def create_domain(self, fqdn: str) -> None:
        """Add the domain to LiveDNS (``POST /domains``, ``zone: {}`` as octoDNS sends it).

        404: not registered at Gandi (or not visible to this PAT); 409: it already is at
        LiveDNS. Gandi may seed a new zone with its default records.
        """
        self._request("POST", "/domains", json={"fqdn": fqdn, "zone": {}})

    # -- record sets -------------------------------------------------------

    def _records(self, fqdn: str, *parts: str) -> str:
        return "/".join([f"/domains/{_segment(fqdn)}/records", *(_segment(p) for p in parts)])

    def list_rrsets(self, fqdn: str) -> list[LiveRRset]:
        """All record sets of the zone (every page), in the API's order."""
        return [LiveRRset.from_api(item) for item in self._collect(self._records(fqdn))]

    def get_rrset(self, fqdn: str, name: str, type: str) -> LiveRRset | None:  # noqa: A002
        """The record set, or None if it does not exist (the zone must)."""
        try:
            return LiveRRset.from_api(self._request("GET", self._records(fqdn, name, type.upper())).json())
        except NotFoundError:
            self.get_domain(fqdn)  # a missing zone is an error, not an absent record
            return None

    def put_rrset(self, fqdn: str, name: str, type: str, values: Iterable[str], ttl: int) -> None:  # noqa: A002
        """Create or fully replace one record set (values and TTL)."""
        body = {"rrset_values": list(values), "rrset_ttl": int(ttl)}
        self._request("PUT", self._records(fqdn, name, type.upper()), json=body)

    def replace_name(self, fqdn: str, name: str, records: Iterable[Any]) -> None:
        """Replace every type at ``name`` in one request (``PUT …/records/{name}``): the types given
        (objects with ``type``, ``ttl``, ``values``) stay or are written, every other type there is
        removed. One request, so the name is never empty in between (a CNAME ↔ A switch)."""
        items = [{"rrset_type": r.type.upper(), "rrset_values": list(r.values), "rrset_ttl": int(r.ttl)}
                 for r in records]
        self._request("PUT", self._records(fqdn, name), json={"items": items})

    def delete_rrset(self, fqdn: str, name: str, type: str) -> None:  # noqa: A002
        self._request("DELETE", self._records(fqdn, name, type.upper()))

    def probe_write(self, fqdn: str, body: str) -> None:
        """POST a JSON string (not an rrset object) to the zone's records: Gandi checks the write
        permission first (403) and then refuses the body (400); nothing is ever created. Raises
        the matching ``GandiError`` — a 400 is the expected answer for a PAT that may write."""
        self._request("POST", self._records(fqdn), json=body)

    def probe_create(self, body: str) -> None:
        """POST a JSON string (not a domain object) to ``/domains``: as :meth:`probe_write`, 403 when
        the PAT may not write, else 400 for the body; no zone is ever created."""
        self._request("POST", "/domains", json=body)

    def export_text(self, fqdn: str) -> str:
        """The zone as Gandi renders it in master-file format."""
        return self._request("GET", self._records(fqdn), accept="text/plain").text

    # -- DNSSEC signing keys ---------------------------------------------------

    def signing_keys(self, fqdn: str) -> list[SigningKey]:
        """The zone's LiveDNS DNSSEC keys (deleted ones included, ``public_key`` not filled)."""
        what = f"GET {API_PREFIX}/domains/{fqdn}/keys"
        data = self._request("GET", f"/domains/{_segment(fqdn)}/keys").json()
        if not isinstance(data, list):
            raise GandiError(f"{what}: expected a JSON list")
        return [SigningKey.from_api(item, what) for item in data]

    def signing_key(self, fqdn: str, key_id: str) -> SigningKey:
        """One key with its ``public_key`` and ``tag``; NotFoundError when there is no such key."""
        path = f"/domains/{_segment(fqdn)}/keys/{_segment(key_id)}"
        return SigningKey.from_api(self._request("GET", path).json(), f"GET {API_PREFIX}{path}")

    def sign_zone(self, fqdn: str, flags: int = KSK_FLAGS) -> str:
        """Create a DNSSEC key (LiveDNS then signs the zone with it); returns its id, taken from the
        ``Location`` the API answers (``…/domains/{fqdn}/keys/{id}``)."""
        response = self._request("POST", f"/domains/{_segment(fqdn)}/keys", json={"flags": flags})
        location = response.headers.get("Location", "")
        key_id = location.rstrip("/").rsplit("/", 1)[-1] if "/keys/" in location else ""
        if not key_id:
            raise GandiError(f"POST {API_PREFIX}/domains/{fqdn}/keys: no key id in the answer's Location")
        return key_id

    # -- snapshots ---------------------------------------------------------

    def create_snapshot(self, fqdn: str, name: str | None = None) -> str:
        """Take a snapshot now; returns its id."""
        body = {"name": name} if name is not None else {}
        data = self._request("POST", f"/domains/{_segment(fqdn)}/snapshots", json=body).json()
        return str(data["id"])

    def list_snapshots(self, fqdn: str) -> list[dict[str, Any]]:
        return [dict(s) for s in self._collect(f"/domains/{_segment(fqdn)}/snapshots")]

    def get_snapshot_rrsets(self, fqdn: str, snapshot_id: str) -> list[LiveRRset]:
        data = self._request("GET", f"/domains/{_segment(fqdn)}/snapshots/{_segment(snapshot_id)}").json()
        return [LiveRRset.from_api(item) for item in data.get("zone_data", [])]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _count(response: httpx.Response) -> int | None:
    """How many items the whole listing holds, per the API's headers."""
    for header in ("Filtered-Count", "Total-Count"):
        value = response.headers.get(header)
        if value is not None and value.strip().isdigit():
            return int(value)
    return None
