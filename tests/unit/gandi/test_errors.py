"""Each failure cause maps to its own exception, with a one-line, token-free message."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from livedns_emulator import Emulator
from zonestack.gandi import (
    ConflictError,
    ForbiddenError,
    GandiError,
    LiveDNSClient,
    RateLimitedError,
    UnauthorizedError,
    UnreachableError,
)
from zonestack.gandi.errors import AnswerLostError
from zonestack.gandi.responses import error_for

from .conftest import PAT, ZONE

UNKNOWN = "pat_" + "u" * 32
EXPIRED = "pat_" + "e" * 32


def _no_secret(err: Exception, *secrets: str) -> None:
    text = f"{err} {err!r} {vars(err)}"
    for secret in secrets:
        assert secret not in text
    assert "\n" not in str(err)


def test_unknown_token_is_401(emu: Emulator) -> None:
    with LiveDNSClient(emu.url, UNKNOWN) as client, pytest.raises(UnauthorizedError) as info:
        client.get_domain(ZONE)
    assert str(info.value) == ("GET /v5/livedns/domains/example.com: 401 Unauthorized: "
                               "the token is malformed or unknown to Gandi")
    _no_secret(info.value, UNKNOWN)


def test_expired_token_is_403_naming_the_runbook(emu: Emulator) -> None:
    emu.add_token(EXPIRED, expires_at=datetime.now(UTC) - timedelta(days=1))
    with LiveDNSClient(emu.url, EXPIRED) as client, pytest.raises(ForbiddenError) as info:
        client.list_rrsets(ZONE)
    assert str(info.value) == (
        "GET /v5/livedns/domains/example.com/records: 403 Forbidden: expired PAT or missing scope — "
        "the usual cause is an expired PAT; see runbooks/rotate-pat.md")
    _no_secret(info.value, EXPIRED)


def test_rate_limit_mid_listing_raises_when_retries_are_off(emu: Emulator) -> None:
    for i in range(4):
        emu.put_rrset(ZONE, f"h{i}", "A", [f"192.0.2.{i}"])
    emu.update_settings(rate_limit_per_minute=2)
    emu.clear_requests()
    with LiveDNSClient(emu.url, PAT, per_page=1, retries=False) as client, pytest.raises(RateLimitedError) as info:
        client.list_rrsets(ZONE)
    assert [r.status for r in emu.requests] == [200, 200, 429]
    assert info.value.retry_after is not None and info.value.retry_after > 0
    assert str(info.value).startswith("GET /v5/livedns/domains/example.com/records: 429 Too Many Requests")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_names_the_url() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with LiveDNSClient(url, PAT, timeout=2) as client, pytest.raises(UnreachableError) as info:
        client.get_domain(ZONE)
    assert str(info.value).startswith(f"GET /v5/livedns/domains/example.com: cannot reach the Gandi API at {url} (")
    assert info.value.url == url
    _no_secret(info.value, PAT)


def test_timeout_is_unreachable() -> None:
    """A read timeout is an answer lost after sending: a POST is not sent again, and the error is
    still an ``UnreachableError`` (an ``AnswerLostError``) for callers that stop on "no answer"."""
    tries: list[str] = []

    def hang(request: httpx.Request) -> httpx.Response:
        tries.append(request.method)
        raise httpx.ReadTimeout("timed out", request=request)

    with LiveDNSClient("http://gandi.test", PAT, timeout=0.5, transport=httpx.MockTransport(hang)) as client:
        with pytest.raises(UnreachableError) as info:
            client.create_domain(ZONE)
    assert isinstance(info.value, AnswerLostError) and tries == ["POST"]
    assert str(info.value) == ("POST /v5/livedns/domains: Gandi API at http://gandi.test "
                               "did not answer within 0.5s")


def _response(status: int, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("POST", "http://gandi.test/v5/livedns/domains/example.com/records")
    return httpx.Response(status, json=body, headers=headers, request=request)


def test_conflict_and_shape_b_messages() -> None:
    conflict = error_for(_response(409, {"code": 409, "message": "This record already exists"}), "POST /x")
    assert isinstance(conflict, ConflictError)
    assert str(conflict) == "POST /x: 409 Conflict: This record already exists"
    shape_b = {"status": "error", "errors": [{"location": "body", "name": "items",
                                              "description": "'toto': must be an IP address"}]}
    bad = error_for(_response(400, shape_b), "PUT /y")
    assert type(bad) is GandiError and bad.status == 400
    assert str(bad) == "PUT /y: 400: items: 'toto': must be an IP address"


def test_listing_with_short_total_is_an_error() -> None:
    def lying(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[], headers={"Total-Count": "3"}, request=request)

    with LiveDNSClient("http://gandi.test", PAT, transport=httpx.MockTransport(lying)) as client:
        with pytest.raises(GandiError) as info:
            client.list_rrsets(ZONE)
    assert "read 0 item(s) but the API counts 3" in str(info.value)


def test_bearer_header_is_sent() -> None:
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json={"fqdn": ZONE}, request=request)

    with LiveDNSClient("http://gandi.test", PAT, transport=httpx.MockTransport(record)) as client:
        client.get_domain(ZONE)
    assert seen == [f"Bearer {PAT}"]


def test_link_to_another_host_is_not_followed() -> None:
    seen: list[str] = []

    def paged(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        page = request.url.params.get("page")
        item = {"rrset_name": f"h{page}", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.1"]}
        headers = {"Total-Count": "2"}
        if page == "1":
            headers["Link"] = '<https://elsewhere.test/v5/livedns/domains/example.com/records?page=2>; rel="next"'
        return httpx.Response(200, json=[item], headers=headers, request=request)

    with LiveDNSClient("http://gandi.test", PAT, transport=httpx.MockTransport(paged)) as client:
        assert [r.name for r in client.list_rrsets(ZONE)] == ["h1", "h2"]
    assert all(url.startswith("http://gandi.test/") for url in seen)
