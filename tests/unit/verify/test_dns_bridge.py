"""The emulator's DNS bridge: every API change answered over DNS when the API call returns."""

from __future__ import annotations

from pathlib import Path

import dns.flags
import dns.message
import dns.query
import dns.rcode
import httpx

from livedns_emulator import Emulator, Settings
from tests.unit.verify.conftest import PAT, ZONE, knot_or_skip
from zonestack.gandi import LiveDNSClient


def ask(emu: Emulator, name: str, rtype: str) -> dns.message.Message:
    assert emu.dns is not None
    query = dns.message.make_query(name, rtype)
    query.flags &= ~dns.flags.RD
    return dns.query.udp(query, "127.0.0.1", port=emu.dns.auth.port, timeout=2)


def values(response: dns.message.Message) -> list[str]:
    return sorted(r.to_text() for rrset in response.answer for r in rrset)


def test_each_api_change_is_answered_at_once(emu: Emulator) -> None:
    name = f"www.{ZONE}"
    with LiveDNSClient(emu.url, PAT) as client:
        client.put_rrset(ZONE, "www", "A", ["192.0.2.1"], 300)
        assert values(ask(emu, name, "A")) == ["192.0.2.1"]
        client.put_rrset(ZONE, "www", "A", ["192.0.2.2", "192.0.2.3"], 300)
        assert values(ask(emu, name, "A")) == ["192.0.2.2", "192.0.2.3"]
        client.delete_rrset(ZONE, "www", "A")
        assert ask(emu, name, "A").rcode() == dns.rcode.NXDOMAIN
    assert emu.dns is not None and emu.dns.errors == []


def test_zones_created_and_deleted_through_the_api_come_and_go(emu: Emulator) -> None:
    emu.register_domain("example.net")
    with httpx.Client(base_url=f"{emu.url}/v5/livedns", headers={"Authorization": f"Bearer {PAT}"}) as api:
        created = api.post("/domains", json={"fqdn": "example.net", "zone": {"items": [
            {"rrset_name": "@", "rrset_type": "A", "rrset_values": ["192.0.2.9"]}]}})
        assert created.status_code == 201, created.text
    answer = ask(emu, "example.net", "A")
    assert values(answer) == ["192.0.2.9"] and answer.flags & dns.flags.AA
    assert values(ask(emu, "example.net", "NS")) == [f"{n}." for n in sorted(
        httpx.get(f"{emu.url}/v5/livedns/nameservers/example.net").json())]
    with httpx.Client(base_url=emu.url) as admin:
        assert admin.delete("/_emulator/zones/example.net").status_code == 204
    assert ask(emu, "example.net", "A").rcode() == dns.rcode.REFUSED


def test_what_dns_cannot_serve_is_left_out_with_a_note(emu: Emulator) -> None:
    emu.put_rrset(ZONE, "both", "CNAME", ["target.example.net."])
    emu.put_rrset(ZONE, "both", "TXT", ['"beside a CNAME"'])
    emu.put_rrset(ZONE, "@", "ALIAS", ["cdn.example.net."])
    emu.put_rrset(ZONE, "ok", "A", ["192.0.2.5"])
    assert emu.dns is not None
    notes = emu.dns.notes[ZONE]
    assert "both TXT: beside a CNAME (RFC 1034 §3.6.2); only the CNAME is served" in notes
    assert any(n.startswith("@ ALIAS: target cdn.example.net. is outside the zone") for n in notes)
    assert values(ask(emu, f"both.{ZONE}", "CNAME")) == ["target.example.net."]
    assert values(ask(emu, f"ok.{ZONE}", "A")) == ["192.0.2.5"]
    assert emu.dns.errors == []


def test_a_restarted_emulator_serves_its_saved_zones(tmp_path: Path) -> None:
    knot_or_skip()
    first = Emulator.start(tmp_path / "emu", Settings(fsync=False))
    first.create_zone(ZONE)
    first.put_rrset(ZONE, "www", "A", ["192.0.2.1"])
    first.stop()
    again = Emulator.start(tmp_path / "emu", Settings(fsync=False))
    try:
        bridge = again.start_dns()
        assert values(ask(again, f"www.{ZONE}", "A")) == ["192.0.2.1"]
        workdir = bridge.auth.workdir.parent
        assert workdir.is_dir()
    finally:
        again.stop()
    assert not workdir.exists()
    assert not bridge.auth.running and not bridge.parent.running  # both knotd we started have exited
