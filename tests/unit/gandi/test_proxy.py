"""The pacing proxy the provider talks to: pace, retry, refuse foreign redirects, JSON errors."""

from __future__ import annotations

import json

import httpx
import pytest

from livedns_emulator import Emulator
from zonestack.gandi import LiveDNSClient
from zonestack.gandi.pacing import Pacer
from zonestack.gandi.proxy import pacing_proxy

from .conftest import PAT, ZONE
from .scripted import HTML_403, JSON, Reply, scripted

FAST = Pacer(60_000)
AUTH = {"Authorization": f"Bearer {PAT}"}


def test_forwards_to_the_emulator_and_keeps_pagination_on_the_proxy(emu: Emulator) -> None:
    for i in range(3):
        emu.put_rrset(ZONE, f"h{i}", "A", [f"192.0.2.{i}"])
    with pacing_proxy(emu.url, pacer=FAST) as proxy:
        with LiveDNSClient(proxy.url, PAT, per_page=1, pacer=FAST) as client:
            assert [r.name for r in client.list_rrsets(ZONE)] == ["h0", "h1", "h2"]
            client.put_rrset(ZONE, "www", "A", ["192.0.2.9"], 300)
        assert proxy.forwarded == 4
    assert ("www", "A") in {(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets(ZONE)}


def test_retries_429_after_retry_after_and_reports_the_wait() -> None:
    lines: list[str] = []
    with scripted(Reply(429, b'{"code":429}', {**JSON, "Retry-After": "1"}), Reply(200, b"[]", JSON)) as api:
        with pacing_proxy(api.url, pacer=FAST, notify=lines.append) as proxy:
            answer = httpx.get(proxy.url + "/v5/livedns/domains", headers=AUTH)
    assert answer.status_code == 200 and len(api.seen) == 2
    assert lines == ["waiting 1s: GET /v5/livedns/domains answered 429 (rate limit); retry 1/7"]
    assert api.seen[1].headers["Authorization"] == f"Bearer {PAT}"


def test_a_redirect_elsewhere_becomes_421_json_and_the_token_goes_nowhere() -> None:
    with scripted(Reply(200, b"[]", JSON)) as elsewhere:
        with scripted(Reply(301, b"", {"Location": elsewhere.url + "/v5/livedns/domains"})) as api:
            with pacing_proxy(api.url, pacer=FAST) as proxy:
                answer = httpx.get(proxy.url + "/v5/livedns/domains", headers=AUTH, follow_redirects=True)
    assert elsewhere.seen == []
    assert answer.status_code == 421 and answer.headers["Content-Type"] == "application/json"
    assert "another origin: the PAT is never sent there" in answer.json()["message"]
    assert "Location" not in answer.headers


def test_html_error_becomes_gandi_shaped_json() -> None:
    with scripted(HTML_403) as api, pacing_proxy(api.url, pacer=FAST) as proxy:
        answer = httpx.get(proxy.url + "/v5/livedns/domains/example.com", headers=AUTH)
    assert answer.status_code == 403 and answer.headers["Content-Type"] == "application/json"
    body = answer.json()
    assert body["code"] == 403 and body["object"] == "not-json"
    assert body["message"].startswith("Forbidden: the answer was text/html")


def test_json_error_passes_with_exact_content_type(emu: Emulator) -> None:
    with pacing_proxy(emu.url, pacer=FAST) as proxy:
        answer = httpx.get(proxy.url + "/v5/livedns/domains/example.com/records/nope/A", headers=AUTH)
    assert answer.status_code == 404 and answer.headers["Content-Type"] == "application/json"
    assert "Can't find the DNS record" in answer.json()["message"]


def test_unreachable_upstream_is_a_502_naming_it() -> None:
    with scripted(Reply(200)) as dead:
        url = dead.url
    with pacing_proxy(url, pacer=FAST) as proxy:
        answer = httpx.get(proxy.url + "/v5/livedns/domains", headers=AUTH)
    assert answer.status_code == 502
    assert answer.json()["message"].startswith(f"cannot reach the Gandi API at {url}")


def test_pacer_never_exceeds_the_rate_in_a_window() -> None:
    clock = [0.0]
    pacer = Pacer(100, clock=lambda: clock[0], sleep=lambda s: clock.__setitem__(0, clock[0] + s))
    starts = []
    for _ in range(400):
        pacer.wait()
        starts.append(clock[0])
    for i, start in enumerate(starts):
        inside = [s for s in starts[i:] if s < start + 60.0]
        assert len(inside) <= 100
    assert starts[-1] < 255  # (400 - burst 5) at 95/min: not much slower than the rate


@pytest.mark.parametrize("value", ["0", "abc", "-3"])
def test_rate_setting_is_checked(value: str) -> None:
    from zonestack.gandi.pacing import RateConfigError, rate_from_env

    with pytest.raises(RateConfigError):
        rate_from_env({"ZONESTACK_RATE_LIMIT": value})
    assert rate_from_env({"ZONESTACK_RATE_LIMIT": "120"}) == 120 and rate_from_env({}) == 900


def test_request_body_reaches_upstream() -> None:
    with scripted(Reply(201, b'{"message":"DNS Record Created"}', JSON)) as api:
        with pacing_proxy(api.url, pacer=FAST) as proxy:
            answer = httpx.post(proxy.url + "/v5/livedns/domains/example.com/records", headers=AUTH,
                                json={"rrset_name": "www"})
    assert answer.status_code == 201 and json.loads(api.seen[0].body) == {"rrset_name": "www"}


def test_the_client_behind_the_proxy_reports_an_unreachable_gandi_at_once() -> None:
    from zonestack.deploy.errors import FailureKind, failure_for
    from zonestack.gandi import UnreachableError

    with scripted(Reply(200)) as dead:
        url = dead.url
    with pacing_proxy(url, pacer=FAST) as proxy:
        with LiveDNSClient(proxy.url, PAT, pacer=FAST) as client, pytest.raises(UnreachableError) as info:
            client.list_rrsets(ZONE)
    failure = failure_for(info.value)
    assert failure.kind is FailureKind.UNREACHABLE
    assert str(failure).startswith(f"deploy: the LiveDNS API at {url} is unreachable (")
