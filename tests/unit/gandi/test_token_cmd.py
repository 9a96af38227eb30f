"""``zonestack token check``: verdicts, exit codes, JSON, and never the token."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from livedns_emulator import Emulator
from zonestack.cli.token_cmd import command

from .conftest import PAT

EXPIRED = "pat_" + "x" * 32
UNKNOWN = "pat_" + "y" * 32


def _run(url: str, token: str | None, *args: str, extra: dict[str, str] | None = None) -> tuple[int, str]:
    env = {"GANDI_URL": url, "GANDI_PERSONAL_ACCESS_TOKEN": token, "GANDI_PERSONAL_ACCESS_TOKEN_FILE": None,
           "GANDI_PERSONAL_ACCESS_TOKEN_COMMAND": None, **(extra or {})}
    # no records dir: only the token is checked unless --zone says which zones
    result = CliRunner().invoke(command, ["check", "--records", "/nonexistent-records", *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = result.output
    if token:
        assert token not in out
    return result.exit_code, out


def test_valid_token(emu: Emulator) -> None:
    code, out = _run(emu.url, PAT)
    assert (code, out) == (0, f"ok: token accepted by {emu.url} (1 LiveDNS domain(s) visible), "
                              "read from GANDI_PERSONAL_ACCESS_TOKEN\n")
    assert [(r.method, r.path) for r in emu.requests] == [("GET", "/v5/livedns/domains?per_page=1")]


def test_valid_token_json(emu: Emulator) -> None:
    code, out = _run(emu.url, PAT, "--json")
    assert code == 0
    assert json.loads(out) == {"status": "valid", "exit_code": 0, "url": emu.url, "domains": 1,
                               "source": "GANDI_PERSONAL_ACCESS_TOKEN", "zones": [],
                               "message": f"token accepted by {emu.url} (1 LiveDNS domain(s) visible), "
                                          "read from GANDI_PERSONAL_ACCESS_TOKEN"}


def test_unknown_token(emu: Emulator) -> None:
    code, out = _run(emu.url, UNKNOWN)
    assert code == 2
    assert out == (f"error: token rejected by {emu.url} (401): it is malformed or unknown to Gandi; "
                   "check GANDI_PERSONAL_ACCESS_TOKEN\n")


def test_expired_token_names_runbook(emu: Emulator) -> None:
    emu.add_token(EXPIRED, expires_at=datetime.now(UTC) - timedelta(hours=1))
    code, out = _run(emu.url, EXPIRED, "--json")
    assert code == 3
    verdict = json.loads(out)
    assert verdict["status"] == "forbidden"
    assert verdict["message"].endswith("the usual cause is an expired PAT; see runbooks/rotate-pat.md")


def test_unreachable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, out = _run(f"http://127.0.0.1:{port}", PAT, "--timeout", "2")
    assert code == 4
    assert out.startswith(f"error: GET /v5/livedns/domains: cannot reach the Gandi API at http://127.0.0.1:{port} (")
    assert out.rstrip().endswith("; the PAT was read from GANDI_PERSONAL_ACCESS_TOKEN")


@pytest.mark.parametrize("token", [None, "", "   "])
def test_missing_token(token: str | None) -> None:
    code, out = _run("http://127.0.0.1:9", token)
    assert code == 2
    assert out.startswith("error: GANDI_PERSONAL_ACCESS_TOKEN is not set: export a Gandi personal access token")
    assert out.endswith("(see runbooks/rotate-pat.md)\n") and out.count("\n") == 1


# -- issue 9 item 6: reach and write permission per declared zone, writing nothing -------------

READ_ONLY = "pat_" + "r" * 32
OTHER_DOMAIN = "pat_" + "o" * 32



def test_writable_zone_is_ok_and_nothing_is_written(emu: Emulator) -> None:
    from zonestack.gandi import LiveDNSClient

    emu.put_rrset("example.com", "www", "A", ["192.0.2.1"])
    with LiveDNSClient(emu.url, PAT) as client:
        snapshots = client.list_snapshots("example.com")
    before = emu.rrsets("example.com")
    emu.clear_requests()
    code, out = _run(emu.url, PAT, "--zone", "example.com")
    assert code == 0 and out.rstrip().endswith("writable for 1 zone(s)")
    assert [(r.method, r.status) for r in emu.requests] == [("GET", 200), ("GET", 200), ("POST", 400)]
    assert emu.rrsets("example.com") == before
    with LiveDNSClient(emu.url, PAT) as client:
        assert client.list_snapshots("example.com") == snapshots  # no automatic snapshot either


def test_read_only_pat_is_told_apart(emu: Emulator) -> None:
    emu.add_token(READ_ONLY, scopes=("read",))
    code, out = _run(emu.url, READ_ONLY, "--zone", "example.com", "--json")
    verdict = json.loads(out)
    assert code == 3 and verdict["status"] == "scope"
    assert verdict["zones"] == [{"zone": "example.com", "status": "read-only", "message": (
        'example.com: readable but not writable (403 on a write that cannot change anything): give the PAT '
        '"Manage domain name technical configurations" (see runbooks/rotate-pat.md)')}]


def test_pat_for_other_domains_is_told_apart(emu: Emulator) -> None:
    emu.create_zone("example.org")
    emu.add_token(OTHER_DOMAIN, domains=("example.org",))
    code, out = _run(emu.url, OTHER_DOMAIN, "--zone", "example.com", "--zone", "example.org")
    assert code == 3
    assert "1 of 2 zone(s) are not usable: example.com: refused (403) although the PAT works: it is restricted " \
           "to other domains" in out
    assert "example.org: " not in out.split("are not usable:")[1]


def test_zone_missing_at_gandi(emu: Emulator) -> None:
    """Issue 19 item 4 (expectation changed on purpose: was exit 3 "not registered there"): Gandi cannot
    say without a write whether the domain is registered there, so a PAT that may create the zone passes."""
    code, out = _run(emu.url, PAT, "--zone", "example.net")
    assert code == 0 and "example.net: no LiveDNS zone yet; the PAT may create it, so the first deploy does" in out
    assert "not registered there" not in out


def test_registered_domain_without_a_zone_before_the_first_deploy(emu: Emulator) -> None:
    emu.register_domain("example.net")  # registered at Gandi, no LiveDNS zone yet
    emu.clear_requests()
    code, out = _run(emu.url, PAT, "--zone", "example.net", "--json")
    verdict = json.loads(out)
    assert code == 0 and verdict["status"] == "valid"
    assert [z["status"] for z in verdict["zones"]] == ["no-zone-yet"]
    assert "not registered" not in out
    assert [(r.method, r.status) for r in emu.requests] == [("GET", 200), ("GET", 404), ("POST", 400)]
    from zonestack.gandi import LiveDNSClient, NotFoundError

    with LiveDNSClient(emu.url, PAT) as client, pytest.raises(NotFoundError):
        client.get_domain("example.net")  # the probe created nothing


def test_read_only_pat_cannot_create_the_missing_zone(emu: Emulator) -> None:
    emu.register_domain("example.net")
    emu.add_token(READ_ONLY, scopes=("read",))
    code, out = _run(emu.url, READ_ONLY, "--zone", "example.net")
    assert code == 3 and "example.net: no LiveDNS zone yet, and the PAT may not create one (403" in out


def test_declared_zones_come_from_the_records_dir(emu: Emulator, tmp_path) -> None:
    (tmp_path / "example.com.yaml").write_text("zone: example.com\nrecords: []\n")
    result = CliRunner().invoke(command, ["check", "--records", str(tmp_path)],
                                env={"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT})
    assert result.exit_code == 0 and "writable for 1 zone(s)" in result.output


def test_write_probe_outside_the_pats_domains_is_403_before_the_body_is_read(emu: Emulator) -> None:
    from zonestack.gandi import ForbiddenError, LiveDNSClient

    emu.create_zone("example.org")
    emu.add_token(OTHER_DOMAIN, domains=("example.org",))
    with LiveDNSClient(emu.url, OTHER_DOMAIN) as client, pytest.raises(ForbiddenError):
        client.probe_write("example.com", "not an rrset")


@pytest.mark.parametrize(("token", "where"), [("pat_local_\u2014secret", "position 11 (EM DASH"),
                                              ("pat_\u00e9x" + "a" * 20, "position 5 (LATIN SMALL LETTER E WITH ACUTE"),
                                              ("pat_\x07bell" + "a" * 20, "position 5 (U+0007")])
def test_a_token_that_is_not_plain_ascii_is_one_line_and_exit_2(token: str, where: str) -> None:
    """A PAT pasted with a typographic dash: one line naming where, never a traceback (HTTP headers are ASCII)."""
    code, out = _run("http://127.0.0.1:9", token)
    assert code == 2, out
    assert out.startswith("error: the PAT from GANDI_PERSONAL_ACCESS_TOKEN holds a character a PAT cannot hold at "
                          + where)
    assert "Traceback" not in out and "secret" not in out.replace("secret manager", "")



def test_a_pat_file_that_is_a_fifo_without_writer_reads_empty_at_once(tmp_path) -> None:
    """``<(op read …)`` gives a pipe, which must work; a FIFO nobody writes must not hang the check."""
    import os

    fifo = tmp_path / "pat"
    os.mkfifo(fifo)
    code, out = _run("http://127.0.0.1:9", None, extra={"GANDI_PERSONAL_ACCESS_TOKEN_FILE": str(fifo)})
    assert code == 2 and f"GANDI_PERSONAL_ACCESS_TOKEN_FILE: {fifo} is empty" in out


def test_a_pat_file_of_gigabytes_is_refused_unread(tmp_path) -> None:
    huge = tmp_path / "pat"
    with huge.open("wb") as handle:
        handle.truncate(20 * 1024**3)  # sparse
    code, out = _run("http://127.0.0.1:9", None, extra={"GANDI_PERSONAL_ACCESS_TOKEN_FILE": str(huge)})
    assert code == 2 and "it holds more than 65,536 bytes" in out
