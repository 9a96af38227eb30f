"""ALIAS (checked through the apex's A/AAAA, or not checkable) and ``--delegation`` against the parent server."""

from __future__ import annotations

from pathlib import Path

from livedns_emulator import Emulator
from livedns_emulator.nameservers import hashed_nameservers
from tests.unit.verify.conftest import ZONE, Verify
from zonestack.loader import load_zone
from zonestack.verify import Options, verify_declared

ALIAS_RECORDS = f"""\
zone: {ZONE}
ttl: 1800
records:
  - {{name: "@", type: ALIAS, values: [{{target}}]}}
  - {{name: edge, type: A, values: [192.0.2.80, 192.0.2.81]}}
  - {{name: edge, type: AAAA, values: ["2001:db8::80"]}}
"""


def _alias_zone(tmp_path: Path, target: str) -> Path:
    path = tmp_path / "alias" / f"{ZONE}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(ALIAS_RECORDS.replace("{target}", target), encoding="utf-8")
    return path


def test_alias_to_a_name_of_the_zone_is_checked_through_the_apex(emu: Emulator, tmp_path: Path) -> None:
    zone = load_zone(_alias_zone(tmp_path, f"edge.{ZONE}."))
    for record in zone.records:
        emu.put_rrset(ZONE, record.name, record.type, list(record.values), ttl=record.ttl)
    assert emu.dns is not None
    options = Options(nameservers=[emu.dns.address], resolver=emu.dns.parent_address)
    alias = next(c for c in verify_declared(zone, options).checks if c.type == "ALIAS")
    assert alias.ok, alias
    assert alias.answered == ("192.0.2.80", "192.0.2.81", "2001:db8::80")
    # The target moves, the apex does not follow (the ALIAS points elsewhere at Gandi): a real failure.
    emu.put_rrset(ZONE, "@", "ALIAS", [f"other.{ZONE}."], ttl=1800)
    emu.put_rrset(ZONE, "other", "A", ["198.51.100.7"], ttl=1800)
    alias = next(c for c in verify_declared(zone, options).checks if c.type == "ALIAS")
    assert alias.status.value == "different"
    assert alias.answered == ("198.51.100.7",)


def test_alias_to_an_outside_name_is_not_checkable_never_a_failure(emu: Emulator, tmp_path: Path) -> None:
    records = _alias_zone(tmp_path, "cdn.example.net.")
    zone = load_zone(records)
    for record in zone.records:
        emu.put_rrset(ZONE, record.name, record.type, list(record.values), ttl=record.ttl)
    result = Verify(emu, records.parent)()
    assert result.exit_code == 0, result.output
    assert "@ ALIAS at " in result.stdout and "not checkable (target cdn.example.net. has no A/AAAA" in result.stdout
    assert result.stdout.splitlines()[-1] == f"{ZONE}: 2/2 record sets ok at 1 nameserver; 1 not checkable"


def test_delegation_to_livedns_is_ok(emu: Emulator, verify: Verify) -> None:
    result = verify("--delegation")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"delegation of {ZONE} in org at parent-ns.emulator.invalid (")
    assert ": ok, delegated to ns-" in result.stdout


def test_delegation_still_at_the_old_provider(emu: Emulator, verify: Verify) -> None:
    assert emu.dns is not None
    emu.dns.delegate(ZONE, ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com."])
    result = verify("--delegation")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": still delegated to ada.ns.cloudflare.com, bob.ns.cloudflare.com")
    assert lines[1].startswith(f"LiveDNS nameservers of {ZONE}: ns-")
    # A flip half done at the registrar: one LiveDNS name, one old one.
    emu.dns.delegate(ZONE, [hashed_nameservers(ZONE)[0], "bob.ns.cloudflare.com"])
    assert emu.dns.delegation(ZONE) == [hashed_nameservers(ZONE)[0], "bob.ns.cloudflare.com"]
    partly = verify("--delegation")
    assert partly.exit_code == 2 and ": missing ns-" in partly.stdout and "extra bob.ns.cloudflare.com" in partly.stdout


def test_delegation_with_an_explicit_parent_server(emu: Emulator, verify: Verify) -> None:
    assert emu.dns is not None
    result = verify("--delegation", "--parent-nameserver", emu.dns.parent_address,
                    env={"ZONESTACK_DNS_RESOLVER": "", "ZONESTACK_DNS_RESOLVE": "*.gandi.net=127.0.0.1:1"})
    assert result.exit_code == 0, result.output
    assert f"at {emu.dns.parent_address}: ok" in result.stdout


def test_delegation_parent_unreachable_exits_4(emu: Emulator, verify: Verify) -> None:
    assert emu.dns is not None
    emu.dns.parent.stop()
    result = verify("--delegation", "--parent-nameserver", emu.dns.parent_address, "--timeout", "0.3")
    assert result.exit_code == 4
    assert result.stderr.startswith(f"verify: {ZONE}: parent nameserver {emu.dns.parent_address} unreachable")
