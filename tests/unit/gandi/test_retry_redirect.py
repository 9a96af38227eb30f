"""The API client: paced, retried on 429/502/503 after Retry-After, redirects only to its own origin."""

from __future__ import annotations

import json

import pytest

from zonestack.cli.token_cmd import check_token
from zonestack.gandi import ForbiddenError, GandiError, LiveDNSClient, RateLimitedError, RedirectError
from zonestack.gandi.errors import AnswerLostError
from zonestack.gandi.exitcodes import EXIT_FAILED, exit_code_for
from zonestack.gandi.pacing import LOST_ANSWER_TRIES, MAX_ATTEMPTS, Pacer
from zonestack.gandi.rrset import LiveRRset

from .conftest import PAT, ZONE
from .scripted import DROP, HTML_403, JSON, Reply, scripted

DOMAIN = Reply(200, json.dumps({"fqdn": ZONE}).encode(), JSON)
FAST = Pacer(60_000)


def _client(url: str, lines: list[str] | None = None) -> LiveDNSClient:
    return LiveDNSClient(url, PAT, timeout=5, pacer=FAST, notify=(lines if lines is not None else []).append)


@pytest.mark.parametrize("status", [429, 502, 503])
def test_transient_answers_are_retried_after_retry_after(status: int) -> None:
    lines: list[str] = []
    with scripted(Reply(status, b"{}", {**JSON, "Retry-After": "0"}), DOMAIN) as api:
        with _client(api.url, lines) as client:
            assert client.get_domain(ZONE)["fqdn"] == ZONE
    assert [s.method for s in api.seen] == ["GET", "GET"]
    assert lines == [f"waiting 0s: GET /v5/livedns/domains/example.com answered {status} "
                     f"({'rate limit' if status == 429 else 'Gandi unavailable'}); retry 1/{MAX_ATTEMPTS - 1}"]


def test_retries_are_bounded() -> None:
    """MAX_ATTEMPTS tries, the waits between them (0, 2, 4 … 30 s of pause) on a virtual clock."""
    now = [0.0]
    virtual = Pacer(60_000, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    with scripted(Reply(429, b"{}", {**JSON, "Retry-After": "0"})) as api:
        with LiveDNSClient(api.url, PAT, timeout=5, pacer=virtual, notify=[].append) as client, \
                pytest.raises(RateLimitedError):
            client.get_domain(ZONE)
    assert len(api.seen) == MAX_ATTEMPTS
    assert now[0] >= 2 + 4 + 8 + 16 + 30 + 30  # the pauses were waited (virtually), not skipped


def test_a_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    with scripted(Reply(429, b"{}", {**JSON, "Retry-After": "3600"})) as api:
        with _client(api.url) as client, pytest.raises(RateLimitedError) as info:
            client.get_domain(ZONE)
    assert len(api.seen) == 1 and info.value.retry_after == 3600


def test_redirect_to_another_origin_is_refused_and_never_gets_the_token() -> None:
    with scripted(DOMAIN) as elsewhere:
        with scripted(Reply(302, b"", {"Location": elsewhere.url + "/v5/livedns/domains/example.com"})) as api:
            with _client(api.url) as client, pytest.raises(RedirectError) as info:
                client.get_domain(ZONE)
    assert elsewhere.seen == []
    assert str(info.value) == (f"GET /v5/livedns/domains/example.com: Gandi answered 302 redirecting to "
                               f"{elsewhere.url}/v5/livedns/domains/example.com (another origin: the PAT is never "
                               "sent there); check GANDI_URL (it should be https://api.gandi.net)")
    assert exit_code_for(info.value) == EXIT_FAILED and PAT not in str(info.value)


def test_redirect_to_the_same_origin_is_followed() -> None:
    with scripted(Reply(301, b"", {"Location": "{self}/v5/livedns/domains/example.com/"}), DOMAIN) as api:
        with _client(api.url) as client:
            assert client.get_domain(ZONE)["fqdn"] == ZONE
    assert [s.path for s in api.seen] == ["/v5/livedns/domains/example.com", "/v5/livedns/domains/example.com/"]


def test_a_redirect_loop_ends() -> None:
    with scripted(Reply(307, b"", {"Location": "{self}/v5/livedns/domains/example.com"})) as api:
        with _client(api.url) as client, pytest.raises(RedirectError):
            client.get_domain(ZONE)
    assert len(api.seen) == 6


def test_html_403_from_a_waf_is_forbidden_and_says_the_body_was_not_json() -> None:
    with scripted(HTML_403) as api, _client(api.url) as client, pytest.raises(ForbiddenError) as info:
        client.list_rrsets(ZONE)
    text = str(info.value)
    assert text.startswith("GET /v5/livedns/domains/example.com/records: 403 Forbidden")
    assert "text/html" in text and "proxy or WAF" in text and "<html" not in text


def test_5xx_with_html_body_is_one_line() -> None:
    with scripted(Reply(500, b"<html>\n<b>Internal</b>\n</html>", {"Content-Type": "text/html"})) as api:
        with _client(api.url) as client, pytest.raises(GandiError) as info:
            client.get_domain(ZONE)
    assert str(info.value).startswith("GET /v5/livedns/domains/example.com: 500: Internal Server Error")
    assert "\n" not in str(info.value)


def test_token_check_reports_a_redirect_instead_of_ok(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    with scripted(Reply(301, b"", {"Location": "https://elsewhere.test/v5/livedns/domains"})) as api:
        verdict = check_token(api.url, timeout=5)
    assert verdict.exit_code == 1 and "301" in verdict.message and "another origin" in verdict.message


def test_a_lost_answer_to_an_idempotent_request_is_sent_again() -> None:
    """A name PUT whose connection broke after sending is sent again (the same PUT twice leaves the same
    zone), so a dropped answer does not fail a type switch that landed."""
    lines: list[str] = []
    with scripted(Reply(DROP), Reply(201, b'{"message": "DNS Record Created"}', JSON)) as api:
        with _client(api.url, lines) as client:
            client.replace_name(ZONE, "wiki", [LiveRRset("wiki", "CNAME", 300, ("w.example.net.",))])
    assert [(s.method, s.path) for s in api.seen] == [("PUT", "/v5/livedns/domains/example.com/records/wiki")] * 2
    assert lines == [f"waiting 1s: PUT /v5/livedns/domains/example.com/records/wiki got no answer (connection lost); "
                     f"retry 1/{LOST_ANSWER_TRIES - 1}"]


def test_lost_answers_are_retried_a_bounded_number_of_times() -> None:
    with scripted(Reply(DROP)) as api, _client(api.url) as client, pytest.raises(AnswerLostError) as info:
        client.get_domain(ZONE)
    assert len(api.seen) == LOST_ANSWER_TRIES
    assert "broke before the answer" in str(info.value) and PAT not in str(info.value)


def test_a_lost_answer_to_a_post_is_not_sent_again() -> None:
    """A POST is not idempotent (a zone or a record set sent again after it landed: 409): raised at once."""
    with scripted(Reply(DROP)) as api, _client(api.url) as client, pytest.raises(AnswerLostError):
        client.create_domain(ZONE)
    assert len(api.seen) == 1


@pytest.mark.parametrize("first", [Reply(DROP), Reply(502, b"{}", JSON)])
def test_a_delete_whose_answer_was_lost_and_is_gone_now_landed(first: Reply) -> None:
    """The DELETE landed but its answer was lost: sent again, Gandi answers 404, and that is success."""
    lines: list[str] = []
    gone = Reply(404, b'{"code": 404, "message": "not found"}', JSON)
    with scripted(first, gone) as api, _client(api.url, lines) as client:
        client.delete_rrset(ZONE, "www", "A")
    assert [s.method for s in api.seen] == ["DELETE", "DELETE"]
    assert lines[-1] == ("DELETE /v5/livedns/domains/example.com/records/www/A: the answer to an earlier try was lost "
                         "and the object is gone now: the DELETE landed")


def test_a_delete_of_something_absent_is_still_not_found() -> None:
    with scripted(Reply(404, b'{"code": 404, "message": "not found"}', JSON)) as api, _client(api.url) as client:
        with pytest.raises(GandiError) as info:
            client.delete_rrset(ZONE, "www", "A")
    assert info.value.status == 404
