"""The pacing proxy retries only what is safe: idempotent requests, or a record-set POST it read back.

Decision tables for ``retry_safety`` and the proxy in front of the emulator's fault
proxy (a 502 or a dropped connection after the write landed, or before it).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from livedns_emulator import Emulator
from livedns_emulator.faultproxy import Fault, FaultProxy, When
from tests.waiting import wait_until
from zonestack.gandi import LiveDNSClient
from zonestack.gandi.pacing import Pacer
from zonestack.gandi.proxy import pacing_proxy
from zonestack.gandi.retry_safety import (
    RecordPost,
    Verdict,
    after_failure,
    idempotent,
    landed_as_posted,
    record_post,
)

from .conftest import PAT, ZONE

FAST = Pacer(60_000)
AUTH = {"Authorization": f"Bearer {PAT}"}
RECORDS = f"/v5/livedns/domains/{ZONE}/records"
TXT_BODY = {"rrset_name": "new", "rrset_type": "TXT", "rrset_ttl": 300, "rrset_values": ['"hello"']}


# -- the decision -------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "expected"), [
    ("GET", RECORDS, True), ("HEAD", RECORDS, True), ("PUT", f"{RECORDS}/www/A", True),
    ("PUT", f"{RECORDS}/www", True), ("DELETE", f"{RECORDS}/www/A", True),
    ("PATCH", f"/v5/livedns/domains/{ZONE}", True), ("PATCH", f"/v5/livedns/domains/{ZONE}?sharing_id=x", True),
    ("PATCH", f"{RECORDS}/www/A", False), ("POST", RECORDS, False), ("POST", "/v5/livedns/domains", False),
    ("POST", f"/v5/livedns/domains/{ZONE}/snapshots", False),
])
def test_idempotent_requests_per_livedns_semantics(method: str, path: str, expected: bool) -> None:
    assert idempotent(method, path) is expected


BODY = json.dumps(TXT_BODY).encode()


@pytest.mark.parametrize(("method", "path", "body", "status", "verdict"), [
    ("POST", RECORDS, BODY, 429, Verdict.RETRY),  # refused before the API acted
    ("POST", RECORDS, BODY, 503, Verdict.RETRY),
    ("POST", RECORDS, BODY, 502, Verdict.READ_BACK),  # may have landed: look first
    ("POST", RECORDS, BODY, 504, Verdict.READ_BACK),
    ("POST", RECORDS, BODY, None, Verdict.READ_BACK),  # connection lost after sending
    ("POST", RECORDS, BODY, 409, Verdict.PASS),  # a real conflict is the provider's to report
    ("POST", RECORDS, BODY, 201, Verdict.PASS),
    ("POST", "/v5/livedns/domains", b'{"fqdn": "x.org", "zone": {}}', 502, Verdict.PASS),  # not provable
    ("POST", f"/v5/livedns/domains/{ZONE}/snapshots", b"{}", None, Verdict.PASS),
    ("POST", RECORDS, b"not json", 502, Verdict.PASS),
    ("PATCH", f"{RECORDS}/www/A", b'{"add_rrset_values": ["192.0.2.1"]}', 502, Verdict.PASS),
    ("PUT", f"{RECORDS}/www/A", b"{}", 502, Verdict.RETRY),
    ("DELETE", f"{RECORDS}/www/A", b"", None, Verdict.RETRY),
    ("GET", RECORDS, b"", 504, Verdict.RETRY),
    ("GET", RECORDS, b"", 500, Verdict.PASS),
    ("GET", RECORDS, b"", 404, Verdict.PASS),
])
def test_after_failure(method: str, path: str, body: bytes, status: int | None, verdict: Verdict) -> None:
    assert after_failure(method, path, body, status) is verdict


def test_record_post_reads_the_set_from_each_post_route() -> None:
    zone_route = record_post("POST", RECORDS + "?sharing_id=abc", BODY)
    assert zone_route == RecordPost(ZONE, "new", "TXT", 300, ('"hello"',), "sharing_id=abc")
    assert zone_route.read_back_path == f"{RECORDS}/new/TXT?sharing_id=abc"
    name_route = record_post("POST", f"{RECORDS}/www", b'{"rrset_type": "a", "rrset_values": ["192.0.2.1"]}')
    assert name_route == RecordPost(ZONE, "www", "A", 10800, ("192.0.2.1",), "")
    full_route = record_post("POST", f"{RECORDS}/%40/MX", b'{"rrset_values": ["10 mx.example.net."]}')
    assert full_route == RecordPost(ZONE, "@", "MX", 10800, ("10 mx.example.net.",), "")
    absolute = record_post("POST", RECORDS, json.dumps({**TXT_BODY, "rrset_name": "New.Example.COM."}).encode())
    apex = record_post("POST", RECORDS, json.dumps({**TXT_BODY, "rrset_name": f"{ZONE}."}).encode())
    assert (absolute and absolute.name, apex and apex.name) == ("New", "@")
    assert record_post("PUT", RECORDS, BODY) is None
    assert record_post("POST", RECORDS, b'{"rrset_name": "x", "rrset_type": "A"}') is None  # no values
    assert record_post("POST", RECORDS, json.dumps({**TXT_BODY, "rrset_ttl": "300"}).encode()) is None


def test_landed_as_posted_compares_what_gandi_stores() -> None:
    posted = RecordPost(ZONE, "new", "TXT", 300, ("hello", '"world"'), "")
    assert landed_as_posted(posted, {"rrset_ttl": 300, "rrset_values": ['"world"', '"hello"']})
    assert not landed_as_posted(posted, {"rrset_ttl": 600, "rrset_values": ['"world"', '"hello"']})
    assert not landed_as_posted(posted, {"rrset_ttl": 300, "rrset_values": ['"hello"']})
    cname = RecordPost(ZONE, "www", "CNAME", 300, ("Web.Example.NET.",), "")
    assert landed_as_posted(cname, {"rrset_ttl": 300, "rrset_values": ["web.example.net."]})
    assert not landed_as_posted(cname, {"rrset_ttl": 300, "rrset_values": ["other.example.net."]})
    assert not landed_as_posted(cname, {"rrset_ttl": "x", "rrset_values": ["web.example.net."]})


# -- the proxy in front of the emulator's fault proxy -----------------------------

@pytest.fixture
def faults(emu: Emulator) -> Iterator[FaultProxy]:
    with FaultProxy(emu.url) as proxy:
        yield proxy


def _writes(emu: Emulator) -> list[tuple[str, str, int]]:
    return [(e.method, e.path.split(f"/domains/{ZONE}")[-1], e.status) for e in emu.requests if e.method != "GET"]


@pytest.mark.parametrize("when", ["after", "drop"])
def test_a_post_that_landed_but_lost_its_answer_is_answered_201_not_retried(
        emu: Emulator, faults: FaultProxy, when: When) -> None:
    faults.add(Fault("POST", "/records$", when, 502))
    lines: list[str] = []
    emu.clear_requests()
    with pacing_proxy(faults.url, pacer=FAST, notify=lines.append) as proxy:
        answer = httpx.post(proxy.url + RECORDS, headers=AUTH, json=TXT_BODY)
    assert (answer.status_code, answer.json()) == (201, {"message": "DNS Record Created"})
    assert answer.headers["Location"].endswith(f"{RECORDS}/new/TXT")
    assert _writes(emu) == [("POST", "/records", 201)]  # never sent again: no 409
    assert [(r["rrset_name"], r["rrset_values"]) for r in emu.rrsets(ZONE)] == [("new", ['"hello"'])]
    assert lines == [(f"POST {RECORDS}: the answer was lost after the API applied it (read back: the record set "
                      "is there exactly as posted): answered 201")]


def test_a_post_that_did_not_land_is_sent_again_after_the_read_back(emu: Emulator, faults: FaultProxy) -> None:
    faults.add(Fault("POST", "/records$", "before", 502))
    emu.clear_requests()
    with pacing_proxy(faults.url, pacer=FAST) as proxy:
        answer = httpx.post(proxy.url + RECORDS, headers=AUTH, json=TXT_BODY)
    assert answer.status_code == 201
    assert _writes(emu) == [("POST", "/records", 201)]
    assert [(e.method, e.path, e.status) for e in emu.requests] == [
        ("GET", f"{RECORDS}/new/TXT", 404), ("POST", RECORDS, 201)]


def test_a_post_whose_set_differs_on_read_back_is_passed_on(emu: Emulator, faults: FaultProxy) -> None:
    def someone_else(method: str, path: str) -> None:
        emu.put_rrset(ZONE, "new", "TXT", ['"other"'], ttl=300)

    faults.add(Fault("POST", "/records$", "before", 502, hook=someone_else))
    with pacing_proxy(faults.url, pacer=FAST) as proxy:
        answer = httpx.post(proxy.url + RECORDS, headers=AUTH, json=TXT_BODY)
    assert answer.status_code == 502 and answer.headers["Content-Type"] == "application/json"
    assert answer.json()["message"] == (f"POST {RECORDS}: Gandi answered 502 (Bad Gateway); read back: the "
                                        "record set differs from what was posted, so it is not sent again")


def test_a_zone_post_with_a_lost_answer_is_not_sent_again(emu: Emulator, faults: FaultProxy) -> None:
    emu.register_domain("fresh.org")
    faults.add(Fault("POST", "/domains$", "after", 502))
    emu.clear_requests()
    with pacing_proxy(faults.url, pacer=FAST) as proxy:
        answer = httpx.post(proxy.url + "/v5/livedns/domains", headers=AUTH, json={"fqdn": "fresh.org", "zone": {}})
    assert answer.status_code == 502
    assert answer.json()["message"].endswith("the request may have been applied, so it is not sent again")
    assert [(e.method, e.path) for e in emu.requests] == [("POST", "/v5/livedns/domains")]


def test_a_delete_whose_answer_was_lost_is_answered_204(emu: Emulator, faults: FaultProxy) -> None:
    emu.put_rrset(ZONE, "old", "A", ["192.0.2.5"], ttl=300)
    faults.add(Fault("DELETE", "/records/old/A$", "after", 502))
    emu.clear_requests()
    with pacing_proxy(faults.url, pacer=FAST) as proxy:
        answer = httpx.delete(proxy.url + f"{RECORDS}/old/A", headers=AUTH)
    assert answer.status_code == 204
    assert _writes(emu) == [("DELETE", "/records/old/A", 204), ("DELETE", "/records/old/A", 404)]


def test_an_idempotent_put_is_retried_after_a_lost_answer(emu: Emulator, faults: FaultProxy) -> None:
    faults.add(Fault("PUT", "/records/www/A$", "drop"))
    with pacing_proxy(faults.url, pacer=FAST) as proxy:
        with LiveDNSClient(proxy.url, PAT, pacer=FAST) as client:
            client.put_rrset(ZONE, "www", "A", ["192.0.2.9"], 300)
    assert [e.status for e in emu.requests if e.method == "PUT"] == [201, 201]


# -- never a traceback ------------------------------------------------------------

def test_a_provider_that_gives_up_is_one_line_not_a_traceback(
        emu: Emulator, faults: FaultProxy, capfd: pytest.CaptureFixture[str]) -> None:
    faults.add(Fault("GET", "/records$", "pass", delay=1.0))
    lines: list[str] = []
    with pacing_proxy(faults.url, pacer=FAST, notify=lines.append) as proxy:
        host, port = proxy.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(f"GET {RECORDS} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {PAT}\r\n\r\n".encode())
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        wait_until(lambda: lines, what="the proxy's one line")
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n".encode())
            reply = sock.makefile("rb").read()
    status_line, _, payload = reply.partition(b"\r\n\r\n")
    assert status_line.startswith(b"HTTP/1.1 400 ")
    assert json.loads(payload)["message"] == f"POST {RECORDS}: Content-Length is not a byte count"
    assert len(lines) == 1
    assert lines[0].startswith(f"proxy: the provider closed its connection before the answer to GET {RECORDS} (")
    assert "Traceback" not in capfd.readouterr().err
