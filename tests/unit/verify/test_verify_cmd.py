"""``zonestack verify`` against the emulator's zones served by Knot DNS (no provider needed)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import dns.flags
import dns.message
import dns.query
import httpx
import pytest
from click.testing import CliRunner

from livedns_emulator import Emulator
from tests.unit.verify.conftest import DKIM_2048, PAT, ZONE, Verify, publish
from zonestack.cli import main
from zonestack.gandi import LiveDNSClient
from zonestack.model import Zone
from zonestack.verify import Options, verify_declared


def test_records_written_through_the_api_client_verify(emu: Emulator, declared: Zone, verify: Verify) -> None:
    publish(emu, declared)
    result = verify()
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == f"{ZONE}: 9/9 record sets ok at 1 nameserver"
    assert result.stderr == ""


def test_records_written_through_the_admin_routes_verify(emu: Emulator, declared: Zone, verify: Verify) -> None:
    with httpx.Client(base_url=emu.url, timeout=5) as admin:
        for record in declared.records:
            response = admin.put(f"/_emulator/zones/{ZONE}/rrsets", json={
                "name": record.name, "type": record.type, "values": list(record.values), "ttl": record.ttl})
            assert response.status_code == 204, response.text
    result = verify("--format", "json")
    body = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert body["zones"][0]["ok"] == body["zones"][0]["checkable"] == 9
    assert {c["status"] for c in body["zones"][0]["checks"]} == {"ok"}


def test_changed_value_names_the_set_with_declared_and_answered(emu: Emulator, declared: Zone,
                                                                  verify: Verify) -> None:
    publish(emu, declared)
    with LiveDNSClient(emu.url, PAT) as client:
        client.put_rrset(ZONE, "www", "CNAME", ["elsewhere.example.net."], 1800)
        client.put_rrset(ZONE, "mail", "AAAA", ["2001:db8::25"], 600)
        client.delete_rrset(ZONE, "@", "MX")
    result = verify()
    assert result.exit_code == 2, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("www CNAME at ") and
               line.endswith(": different (declared example.org. / answered elsewhere.example.net.)")
               for line in lines), lines
    assert any(line.startswith("mail AAAA at ") and "TTL declared 300 / answered 600" in line for line in lines)
    assert any(line.startswith("@ MX at ") and ": missing (declared 10 mail.example.org." in line for line in lines)
    assert lines[-1] == f"{ZONE}: 6/9 record sets ok at 1 nameserver"


def test_stopped_dns_server_exits_4_with_one_line(emu: Emulator, declared: Zone, verify: Verify) -> None:
    publish(emu, declared)
    assert emu.dns is not None
    emu.dns.auth.stop()
    started = time.monotonic()
    result = verify("--timeout", "60")  # a timeout would take 60 s: far from "at once" even on a busy machine
    assert result.exit_code == 4
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"verify: {ZONE}: nameserver ns-")
    assert result.stderr.rstrip().endswith(f"({emu.dns.address}) unreachable (connection refused)")
    assert time.monotonic() - started < 30  # a closed port is known at once, not after the 60 s timeout


def test_long_txt_comes_over_tcp_after_a_truncated_udp_answer(emu: Emulator, declared: Zone) -> None:
    publish(emu, declared)
    assert emu.dns is not None
    query = dns.message.make_query(f"big._domainkey.{ZONE}", "TXT")
    udp = dns.query.udp(query, "127.0.0.1", port=emu.dns.auth.port, timeout=2)
    assert udp.flags & dns.flags.TC and not udp.answer  # too big for 512 octets: the server truncates
    report = verify_declared(declared, Options(nameservers=[emu.dns.address], resolver=emu.dns.parent_address))
    by_name = {c.name: c for c in report.checks}
    assert by_name["big._domainkey"].ok and by_name["big._domainkey"].tcp
    # A lone 2048-bit key fits in 512 octets here (about 470): answered over UDP, also equal.
    assert by_name["gm1._domainkey"].ok and not by_name["gm1._domainkey"].tcp
    assert by_name["gm1._domainkey"].answered == (f'"{DKIM_2048}"',)


def test_txt_with_quotes_semicolons_backslashes_compares_equal(emu: Emulator, declared: Zone) -> None:
    publish(emu, declared)
    assert emu.dns is not None
    report = verify_declared(declared, Options(nameservers=[emu.dns.address], resolver=emu.dns.parent_address))
    check = next(c for c in report.checks if c.name == "quotes")
    assert check.ok, check
    assert check.answered == ('"say \\"hi\\"; path C:\\dir\\ a\\\\b; 50% off"',)


def test_txt_split_differently_by_the_server_is_the_same_value(emu: Emulator, declared: Zone,
                                                                verify: Verify) -> None:
    publish(emu, declared)
    emu.put_rrset(ZONE, "@", "TXT", ['"v=spf1" " -all"'], ttl=1800)  # another tool's chunking
    assert verify().exit_code == 0


def test_wait_polls_until_the_change_is_served(emu: Emulator, declared: Zone, verify: Verify) -> None:
    publish(emu, declared)
    emu.put_rrset(ZONE, "www", "CNAME", ["old.example.net."], ttl=1800)
    fixer = threading.Timer(1.2, lambda: emu.put_rrset(ZONE, "www", "CNAME", [f"{ZONE}."], ttl=1800))
    fixer.start()
    try:
        result = verify("--wait", "60")  # returns once served (after ~1.2 s); the bound is for a loaded machine
    finally:
        fixer.cancel()
    assert result.exit_code == 0, result.output
    assert "www" not in result.stdout
    assert "1 record set(s) not yet as declared; asking again (" in result.stderr


def test_wait_gives_up_after_the_time(emu: Emulator, declared: Zone, verify: Verify) -> None:
    publish(emu, declared)
    emu.put_rrset(ZONE, "www", "CNAME", ["old.example.net."], ttl=1800)
    started = time.monotonic()
    result = verify("--wait", "1.5")
    assert result.exit_code == 2
    assert 1.4 < time.monotonic() - started < 60  # gave up after its time (the upper bound only catches a hang)


def test_explicit_nameserver_needs_no_token(emu: Emulator, declared: Zone, verify: Verify) -> None:
    publish(emu, declared)
    assert emu.dns is not None
    result = verify("--nameserver", emu.dns.address, env={"GANDI_PERSONAL_ACCESS_TOKEN": ""})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"{ZONE}: 9/9 record sets ok at 1 nameserver"


def test_no_token_and_no_nameserver_is_one_line_exit_1(emu: Emulator, verify: Verify) -> None:
    result = verify(env={"GANDI_PERSONAL_ACCESS_TOKEN": ""})
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "GANDI_PERSONAL_ACCESS_TOKEN is not set" in result.stderr


def test_bad_nameserver_and_resolve_options_exit_1(verify: Verify) -> None:
    for args, message in ((("--nameserver", "127.0.0.1:99999"), "port must be a number from 1 to 65535"),
                          (("--resolve", "ns1.example.net"), "expected NAME=HOST[:PORT]")):
        result = verify(*args)
        assert result.exit_code == 1
        assert message in result.stderr and "Traceback" not in result.output


def test_nameserver_name_that_does_not_resolve_is_unreachable(verify: Verify) -> None:
    result = verify("--nameserver", "ns1.nowhere.invalid")
    assert result.exit_code == 4
    assert "nameserver ns1.nowhere.invalid unreachable (nameserver ns1.nowhere.invalid does not resolve" \
        in result.stderr


def test_markdown_lists_every_record_set(emu: Emulator, declared: Zone, verify: Verify) -> None:
    publish(emu, declared)
    result = verify("--format", "markdown")
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if line.startswith("| `")]
    assert len(rows) == 9 and all("| ok |" in row for row in rows)



def test_without_zone_every_record_file_is_verified(emu: Emulator, declared: Zone, verify: Verify) -> None:
    publish(emu, declared)
    (verify.records_dir / "example.net.yaml").write_text(
        "zone: example.net\nrecords:\n  - {name: www, type: A, values: [192.0.2.7]}\n", encoding="utf-8")
    args = ["verify", "--records-dir", str(verify.records_dir)]
    missing = CliRunner().invoke(main, args, env=verify.env())
    assert missing.exit_code == 1  # example.net is not on LiveDNS: one line; example.org still verified
    assert missing.stderr.count("\n") == 1
    assert missing.stderr.startswith("verify: example.net: GET /v5/livedns/domains/example.net/nameservers")
    assert missing.stdout.splitlines()[-1] == f"{ZONE}: 9/9 record sets ok at 1 nameserver"
    emu.create_zone("example.net")
    emu.put_rrset("example.net", "www", "A", ["192.0.2.7"])
    both = CliRunner().invoke(main, args, env=verify.env())
    assert both.exit_code == 0, both.output
    assert both.stdout.splitlines() == ["example.net: 1/1 record sets ok at 1 nameserver",
                                        f"{ZONE}: 9/9 record sets ok at 1 nameserver"]


def test_without_zone_an_invalid_record_file_is_reported_and_the_others_verified(
        emu: Emulator, declared: Zone, verify: Verify, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14 item 3: a command over all zones goes on past a bad file, reports it, exits non-zero."""
    monkeypatch.chdir(tmp_path)  # no .state of the checkout
    publish(emu, declared)
    bad = verify.records_dir / "example.net.yaml"
    bad.write_text("zone: example.net\nrecords:\n  - {name: www, type: A, values: [not-an-address]}\n",
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", "--records-dir", str(verify.records_dir)], env=verify.env())
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1] == f"{ZONE}: 9/9 record sets ok at 1 nameserver"
    naming = [line for line in result.stderr.splitlines() if str(bad) in line]
    assert len(naming) == 1 and naming[0].startswith(f"{bad}:3: "), result.stderr
    assert "Traceback" not in result.output
