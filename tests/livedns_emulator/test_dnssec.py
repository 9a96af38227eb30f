"""LiveDNS DNSSEC over real DNS: a key made through the API signs the zone Knot serves.

Every answer is checked with dnspython's validator (``dns.dnssec.validate``) against the DNSKEY
rrset the server itself publishes, and the chain from the parent's DS is checked the same way.
Needs Knot DNS (skips without it, like the other DNS tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dns.dnssec
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import httpx
import pytest

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory, start_emulator_in
from tests.unit.verify.conftest import knot_or_skip

PAT = "pat_" + "d" * 32
ZONE = "example.com"
ORIGIN = dns.name.from_text(ZONE)
RECORDS = [
    {"rrset_name": "@", "rrset_type": "A", "rrset_values": ["192.0.2.10"], "rrset_ttl": 300},
    {"rrset_name": "www", "rrset_type": "A", "rrset_values": ["192.0.2.1", "192.0.2.2"], "rrset_ttl": 300},
    {"rrset_name": "@", "rrset_type": "MX", "rrset_values": ["10 mail.example.com."]},
    {"rrset_name": "mail", "rrset_type": "AAAA", "rrset_values": ["2001:db8::25"]},
    {"rrset_name": "@", "rrset_type": "TXT", "rrset_values": ['"v=spf1 -all"']},
]


def ask(emu: Emulator, name: str, rtype: str, *, dnssec: bool = True, parent: bool = False) -> dns.message.Message:
    """The LiveDNS server's (or the parent's) answer over TCP, DO bit set unless ``dnssec`` is False."""
    assert emu.dns is not None
    query = dns.message.make_query(name, rtype, want_dnssec=dnssec)
    query.flags &= ~dns.flags.RD
    server = emu.dns.parent if parent else emu.dns.auth
    return dns.query.tcp(query, "127.0.0.1", port=server.port, timeout=5)


def signed(answer: dns.message.Message, section: list[dns.rrset.RRset], name: dns.name.Name,
           rtype: dns.rdatatype.RdataType) -> tuple[dns.rrset.RRset, dns.rrset.RRset]:
    """The rrset ``name``/``rtype`` in ``section`` and the RRSIGs covering it (KeyError if either is absent)."""
    rrset = answer.find_rrset(section, name, dns.rdataclass.IN, rtype)
    sigs = answer.find_rrset(section, name, dns.rdataclass.IN, dns.rdatatype.RRSIG, rtype)
    return rrset, sigs


def served_dnskeys(emu: Emulator) -> tuple[dns.rrset.RRset, dns.rrset.RRset]:
    """The served DNSKEY rrset and its RRSIGs, checked valid (self-signed, RFC 4035 §5.2)."""
    answer = ask(emu, ZONE, "DNSKEY")
    keys, sigs = signed(answer, answer.answer, ORIGIN, dns.rdatatype.DNSKEY)
    dns.dnssec.validate(keys, sigs, {ORIGIN: keys})
    return keys, sigs


@dataclass
class World:
    """An emulator with ``ZONE`` created through the API with ``RECORDS``, served by Knot."""

    emu: Emulator
    api: httpx.Client
    domain_api: httpx.Client

    def ask(self, name: str, rtype: str, *, dnssec: bool = True, parent: bool = False) -> dns.message.Message:
        return ask(self.emu, name, rtype, dnssec=dnssec, parent=parent)

    def add_key(self, flags: int = 257) -> dict:
        created = self.api.post(f"/domains/{ZONE}/keys", json={"flags": flags})
        assert created.status_code == 201, created.text
        key_id = created.headers["location"].rsplit("/", 1)[-1]
        got = self.api.get(f"/domains/{ZONE}/keys/{key_id}")
        assert got.status_code == 200, got.text
        return got.json()

    def dnskeys(self) -> tuple[dns.rrset.RRset, dns.rrset.RRset]:
        return served_dnskeys(self.emu)

    def errors(self) -> list[str]:
        assert self.emu.dns is not None
        return self.emu.dns.errors


@pytest.fixture
def world(start_emulator: EmulatorFactory) -> Iterator[World]:
    knot_or_skip()
    emu = start_emulator(token=PAT, label="dnssec", register=ZONE)
    emu.start_dns()
    headers = {"Authorization": f"Bearer {PAT}"}
    with httpx.Client(base_url=f"{emu.url}/v5/livedns", headers=headers, timeout=10) as api, \
            httpx.Client(base_url=f"{emu.url}/v5/domain", headers=headers, timeout=10) as domain_api:
        created = api.post("/domains", json={"fqdn": ZONE, "zone": {"items": RECORDS}})
        assert created.status_code == 201, created.text
        yield World(emu, api, domain_api)


def test_a_new_key_signs_the_zone_and_its_ds_is_the_served_keys(world: World) -> None:
    assert world.ask(ZONE, "DNSKEY").answer == []  # no key: unsigned
    key = world.add_key()
    keys, sigs = world.dnskeys()
    [served] = list(keys)
    assert (served.flags, served.protocol, served.algorithm) == (257, 3, 13)
    assert dns.dnssec.key_id(served) == key["tag"] and [s.key_tag for s in sigs] == [key["tag"]]
    assert served.to_text().split(" ", 3)[3].replace(" ", "") == key["public_key"]
    ds = dns.dnssec.make_ds(ORIGIN, served, "SHA256")
    assert key["ds"] == f"{ZONE}. IN DS {ds.to_text()}"
    assert key["fingerprint"] == ds.digest.hex()
    assert (key["algorithm"], key["algorithm_name"], key["status"]) == (13, "ECDSAP256SHA256", "active")

    www = dns.name.from_text(f"www.{ZONE}")
    answer = world.ask(f"www.{ZONE}", "A")
    rrset, rrsig = signed(answer, answer.answer, www, dns.rdatatype.A)
    assert sorted(r.to_text() for r in rrset) == ["192.0.2.1", "192.0.2.2"]
    dns.dnssec.validate(rrset, rrsig, {ORIGIN: keys})
    [sig] = list(rrsig)
    assert sig.expiration - sig.inception == 3600 + 14 * 86400  # the default Settings window
    assert world.ask(f"www.{ZONE}", "A", dnssec=False).answer == [rrset]  # RRSIGs only for the DO bit
    assert world.errors() == []


def test_a_missing_name_is_denied_with_a_signed_nsec(world: World) -> None:
    world.add_key()
    keys, _ = world.dnskeys()
    missing = dns.name.from_text(f"nothere.{ZONE}")
    answer = world.ask(missing.to_text(), "A")
    assert answer.rcode() == dns.rcode.NXDOMAIN
    nsecs = [r for r in answer.authority if r.rdtype == dns.rdatatype.NSEC]
    assert nsecs, answer.to_text()
    for nsec in nsecs:
        _, rrsig = signed(answer, answer.authority, nsec.name, dns.rdatatype.NSEC)
        dns.dnssec.validate(nsec, rrsig, {ORIGIN: keys})
    # RFC 4035 §3.1.3.2: one NSEC covers the missing name (canonical order; the last one wraps to the apex)
    assert any(n.name < missing and (missing < r.next or r.next == ORIGIN) for n in nsecs for r in n)
    soa, soa_sig = signed(answer, answer.authority, ORIGIN, dns.rdatatype.SOA)
    dns.dnssec.validate(soa, soa_sig, {ORIGIN: keys})


def test_the_registry_publishes_a_ds_matching_the_served_dnskey(world: World) -> None:
    key = world.add_key()
    posted = world.domain_api.post(f"/domains/{ZONE}/dnskeys", json={
        "algorithm": key["algorithm"], "type": "ksk", "public_key": key["public_key"]})
    assert posted.status_code == 201, posted.text
    keys, _ = world.dnskeys()
    [served] = list(keys)
    answer = world.ask(ZONE, "DS", parent=True)
    [parent_ds] = answer.answer
    [ds] = list(parent_ds)
    assert ds == dns.dnssec.make_ds(ORIGIN, served, "SHA256")
    assert (ds.key_tag, ds.digest.hex()) == (key["tag"], key["fingerprint"])
    [registry] = world.domain_api.get(f"/domains/{ZONE}/dnskeys").json()
    assert (registry["keytag"], registry["digest"]) == (key["tag"], key["fingerprint"])


def test_a_record_change_is_signed_again(world: World) -> None:
    world.add_key()
    keys, _ = world.dnskeys()
    www = dns.name.from_text(f"www.{ZONE}")
    before = world.ask(f"www.{ZONE}", "A")
    _, old_sig = signed(before, before.answer, www, dns.rdatatype.A)
    put = world.api.put(f"/domains/{ZONE}/records/www/A", json={"rrset_values": ["198.51.100.7"], "rrset_ttl": 600})
    assert put.status_code == 201, put.text
    after = world.ask(f"www.{ZONE}", "A")
    rrset, rrsig = signed(after, after.answer, www, dns.rdatatype.A)
    assert [r.to_text() for r in rrset] == ["198.51.100.7"] and rrset.ttl == 600
    dns.dnssec.validate(rrset, rrsig, {ORIGIN: keys})
    with pytest.raises(dns.dnssec.ValidationFailure):
        dns.dnssec.validate(rrset, old_sig, {ORIGIN: keys})  # the old signature does not cover the new data
    added = world.api.put(f"/domains/{ZONE}/records/new/TXT", json={"rrset_values": ['"fresh"']})
    assert added.status_code == 201, added.text
    fresh = world.ask(f"new.{ZONE}", "TXT")
    rrset, rrsig = signed(fresh, fresh.answer, dns.name.from_text(f"new.{ZONE}"), dns.rdatatype.TXT)
    dns.dnssec.validate(rrset, rrsig, {ORIGIN: keys})
    assert world.errors() == []


def test_a_ksk_and_a_zsk_split_the_work(world: World) -> None:
    ksk, zsk = world.add_key(257), world.add_key(256)
    keys, sigs = world.dnskeys()
    assert sorted(k.flags for k in keys) == [256, 257]
    assert [s.key_tag for s in sigs] == [ksk["tag"]]  # DNSKEY signed by the KSK
    answer = world.ask(ZONE, "MX")
    rrset, rrsig = signed(answer, answer.answer, ORIGIN, dns.rdatatype.MX)
    assert [s.key_tag for s in rrsig] == [zsk["tag"]]  # the rest by the ZSK
    dns.dnssec.validate(rrset, rrsig, {ORIGIN: keys})


def test_deleting_the_key_unsigns_the_zone_and_undeleting_signs_it_again(world: World) -> None:
    key = world.add_key()
    world.dnskeys()
    assert world.api.delete(f"/domains/{ZONE}/keys/{key['id']}").status_code == 204
    assert world.ask(ZONE, "DNSKEY").answer == []
    answer = world.ask(f"www.{ZONE}", "A")
    assert [r.rdtype for r in answer.answer] == [dns.rdatatype.A]  # no RRSIG, even with the DO bit
    missing = world.ask(f"nothere.{ZONE}", "A")
    assert missing.rcode() == dns.rcode.NXDOMAIN
    assert not [r for r in missing.authority if r.rdtype in (dns.rdatatype.NSEC, dns.rdatatype.RRSIG)]
    assert world.api.put(f"/domains/{ZONE}/keys/{key['id']}", json={"deleted": False}).status_code == 200
    keys, _ = world.dnskeys()
    assert [dns.dnssec.key_id(k) for k in keys] == [key["tag"]]
    assert world.errors() == []


def test_a_restarted_emulator_serves_the_zone_signed_with_the_same_key(tmp_path: Path) -> None:
    knot_or_skip()
    first = start_emulator_in(tmp_path / "emu", token=PAT, zone=ZONE)
    try:
        first.put_rrset(ZONE, "www", "A", ["192.0.2.1"])
        with httpx.Client(base_url=f"{first.url}/v5/livedns", headers={"Authorization": f"Bearer {PAT}"}) as api:
            assert api.post(f"/domains/{ZONE}/keys", json={}).status_code == 201
            [key] = api.get(f"/domains/{ZONE}/keys").json()
    finally:
        first.stop()
    again = start_emulator_in(tmp_path / "emu")
    try:
        again.start_dns()
        keys, _ = served_dnskeys(again)
        [served] = list(keys)
        assert f"{ZONE}. IN DS {dns.dnssec.make_ds(ORIGIN, served, 'SHA256').to_text()}" == key["ds"]
        answer = ask(again, f"www.{ZONE}", "A")
        rrset, rrsig = signed(answer, answer.answer, dns.name.from_text(f"www.{ZONE}"), dns.rdatatype.A)
        dns.dnssec.validate(rrset, rrsig, {ORIGIN: keys})
    finally:
        again.stop()
