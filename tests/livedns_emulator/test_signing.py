"""LiveDNS DNSSEC keys without a DNS server: persistence of the private key, and state saved before keys were real."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

import dns.dnssec
import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.zone

from livedns_emulator import signing
from livedns_emulator.dns_zone import render_zone
from livedns_emulator.model import DnssecKey, RRset, State, Zone
from livedns_emulator.persistence import STATE_FILE, Persistence

ZONE = "example.com"
ORIGIN = dns.name.from_text(ZONE)
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def zone_with(*keys: DnssecKey) -> Zone:
    zone = Zone(ZONE, "org-1")
    zone.rrsets[("www", "A")] = RRset("www", "A", 300, ["192.0.2.1"])
    zone.keys.extend(keys)
    return zone


def signed_zone(zone: Zone) -> tuple[dns.zone.Zone, list[str]]:
    text, _ = render_zone(zone, 1)
    out, notes = signing.sign_zone_text(text, ZONE, zone.keys, now=NOW)
    return dns.zone.from_text(out, origin=ORIGIN, relativize=False), notes


def validate(parsed: dns.zone.Zone, name: str, rtype: dns.rdatatype.RdataType) -> None:
    owner = dns.name.from_text(name)
    keys = parsed.find_rrset(ORIGIN, dns.rdatatype.DNSKEY)
    rrset = parsed.find_rrset(owner, rtype)
    sigs = parsed.find_rrset(owner, dns.rdatatype.RRSIG, rtype)
    dns.dnssec.validate(rrset, sigs, {ORIGIN: keys}, now=NOW.timestamp())


def test_a_key_and_its_private_half_survive_a_save_and_load(tmp_path: Path) -> None:
    key = signing.new_key("k1", 257)
    state = State()
    state.zones[ZONE] = zone_with(key)
    Persistence(tmp_path, fsync=False).save(state)
    [loaded] = Persistence(tmp_path, fsync=False).load().zones[ZONE].keys
    assert loaded == key and loaded.private_key is not None
    parsed, notes = signed_zone(zone_with(loaded))  # the reloaded private key still signs for the same DNSKEY
    assert notes == []
    validate(parsed, f"www.{ZONE}", dns.rdatatype.A)
    [served] = parsed.find_rrset(ORIGIN, dns.rdatatype.DNSKEY)
    assert base64.b64encode(served.key).decode() == key.public_key
    assert dns.dnssec.key_id(served) == signing.key_tag(key)


def test_state_saved_before_keys_were_real_loads_and_is_served_unsigned(tmp_path: Path) -> None:
    fake = base64.b64encode(bytes(range(64))).decode()
    old = {"version": 1, "zones": [{
        "fqdn": ZONE, "org": "org-1", "automatic_snapshots": True, "soa_ttl": 10800,
        "rrsets": [{"rrset_name": "www", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.1"]}],
        "snapshots": [], "snapshot_seq": 0,
        "keys": [{"id": "old", "flags": 257, "algorithm": 13, "public_key": fake, "deleted": False}]}]}
    (tmp_path / STATE_FILE).write_text(json.dumps(old))
    zone = Persistence(tmp_path, fsync=False).load().zones[ZONE]
    [key] = zone.keys
    assert (key.public_key, key.private_key) == (fake, None)
    text, _ = render_zone(zone, 1)
    out, notes = signing.sign_zone_text(text, ZONE, zone.keys, now=NOW)
    assert out == text  # a DNSKEY with no RRSIG at all would make every answer bogus
    assert notes == [f"DNSSEC key old (tag {signing.key_tag(key)}): no private key (saved before the emulator's "
                     "keys were real); published in DNSKEY, signs nothing",
                     "DNSSEC: no key can sign; the zone is served unsigned"]
    zone.keys.append(signing.new_key("new", 257))  # a real key beside it: both published, only it signs
    parsed, notes = signed_zone(zone)
    assert len(notes) == 1 and notes[0].startswith("DNSSEC key old ")
    assert len(parsed.find_rrset(ORIGIN, dns.rdatatype.DNSKEY)) == 2
    sigs = parsed.find_rrset(dns.name.from_text(f"www.{ZONE}"), dns.rdatatype.RRSIG, dns.rdatatype.A)
    assert [s.key_tag for s in sigs] == [signing.key_tag(zone.keys[1])]
    validate(parsed, f"www.{ZONE}", dns.rdatatype.A)


def test_signatures_span_the_configured_window_and_deleted_keys_sign_nothing() -> None:
    live, gone = signing.new_key("live", 257), signing.new_key("gone", 256)
    gone.deleted = True
    text, _ = render_zone(zone_with(live, gone), 1)
    out, _ = signing.sign_zone_text(text, ZONE, [live, gone], now=NOW, inception_offset=60, validity=86400)
    parsed = dns.zone.from_text(out, origin=ORIGIN, relativize=False)
    assert [k.flags for k in parsed.find_rrset(ORIGIN, dns.rdatatype.DNSKEY)] == [257]
    for _name, _ttl, sig in parsed.iterate_rdatas(dns.rdatatype.RRSIG):
        assert (sig.inception, sig.expiration) == (NOW.timestamp() - 60, NOW.timestamp() + 86400)
        assert sig.key_tag == signing.key_tag(live)
    assert signing.sign_zone_text(text, ZONE, [gone], now=NOW) == (text, [])
