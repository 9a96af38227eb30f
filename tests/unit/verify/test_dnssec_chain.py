"""The chain of trust proven over DNS (``zonestack/verify/dnssec_chain.py``) against real Knot servers.

A child zone signed with dnspython (ECDSA P-256, as LiveDNS signs) is served by one Knot, its parent
with a DS by another; each test breaks one link the way it breaks in the field (no DS yet, a DS for
the old signer, expired signatures, a set the server does not answer, an unsigned zone).
"""

from __future__ import annotations

import time
from pathlib import Path

import dns.dnssec
import dns.name
import dns.rdatatype
import dns.zone
from cryptography.hazmat.primitives.asymmetric import ec

from livedns_emulator.knot import KnotServer
from zonestack.model import RecordSet
from zonestack.verify.dnssec_chain import prove_chain
from zonestack.verify.servers import Address, Nameserver

ZONE = "example.org"
ORIGIN = dns.name.from_text(ZONE)
CHILD = f"""\
$ORIGIN {ZONE}.
@ 300 IN SOA ns1.gandi.net. hostmaster.gandi.net. 1 10800 3600 604800 10800
@ 300 IN NS ns-1-a.gandi.net.
@ 300 IN A 192.0.2.10
@ 300 IN MX 10 mail.{ZONE}.
www 300 IN CNAME {ZONE}.
mail 300 IN A 192.0.2.25
"""
SETS = (RecordSet("@", "A", 300, ("192.0.2.10",)), RecordSet("@", "MX", 300, (f"10 mail.{ZONE}.",)),
        RecordSet("www", "CNAME", 300, (f"{ZONE}.",)), RecordSet("mail", "A", 300, ("192.0.2.25",)))


def _key() -> tuple[ec.EllipticCurvePrivateKey, dns.rdata.Rdata]:
    private = ec.generate_private_key(ec.SECP256R1())
    return private, dns.dnssec.make_dnskey(private.public_key(), dns.dnssec.Algorithm.ECDSAP256SHA256, flags=257)


def signed(text: str, key: tuple[ec.EllipticCurvePrivateKey, dns.rdata.Rdata], expired: bool = False) -> str:
    zone = dns.zone.from_text(text, relativize=False)
    now = time.time()
    inception, expiration = (now - 7200, now - 3600) if expired else (now - 3600, now + 14 * 86400)
    with zone.writer() as txn:
        dns.dnssec.sign_zone(zone, txn, keys=[key], inception=inception, expiration=expiration)  # type: ignore[list-item]
    return zone.to_text(relativize=False)


def parent(ds: list[str]) -> str:
    lines = ["$ORIGIN org.", "@ 86400 IN SOA parent. hostmaster.parent. 1 1800 900 604800 86400",
             "@ 86400 IN NS parent-ns.emulator.invalid.", f"{ZONE}. 172800 IN NS ns-1-a.gandi.net."]
    return "\n".join(lines + [f"{ZONE}. 86400 IN DS {d}" for d in ds]) + "\n"


def ds_of(key: tuple[object, dns.rdata.Rdata]) -> str:
    return dns.dnssec.make_ds(ORIGIN, key[1], "SHA256").to_text()


class World:
    def __init__(self, tmp: Path) -> None:
        self.child = KnotServer.start(tmp / "child")
        self.parent = KnotServer.start(tmp / "parent")

    def serve(self, child: str, ds: list[str]) -> None:
        self.child.set_zone(ZONE, child)
        self.parent.set_zone("org", parent(ds))

    def prove(self, sets: tuple[RecordSet, ...] = SETS):  # type: ignore[no-untyped-def]
        at = [Nameserver(Address("127.0.0.1", self.parent.port), ("parent-ns",))]
        livedns = [Nameserver(Address("127.0.0.1", self.child.port), ("ns-1-a.gandi.net",))]
        return prove_chain(ZONE, at, livedns, sets, timeout=3.0)

    def stop(self) -> None:
        self.child.stop()
        self.parent.stop()


def test_a_signed_zone_with_its_ds_at_the_parent_is_proven(world: World) -> None:
    key = _key()
    world.serve(signed(CHILD, key), [ds_of(key)])
    report = world.prove()
    assert report.ok, [s.line() for s in report.steps]
    assert [s.what for s in report.steps] == ["DS", "DNSKEY", "answers", "denial"]
    assert "5 rrset(s)" in report.steps[2].detail  # SOA + the 4 declared sets
    assert report.steps[3].detail == "NSEC signed"
    assert report.summary().startswith("chain of trust proven at 2 server(s): DS ")


def test_no_ds_at_the_parent_is_not_a_chain(world: World) -> None:
    world.serve(signed(CHILD, _key()), [])
    report = world.prove()
    assert not report.ok and report.ds == []
    assert "the parent serves no DS for example.org" in report.steps[0].detail


def test_a_ds_for_the_old_signer_matches_no_dnskey(world: World) -> None:
    old, new = _key(), _key()
    world.serve(signed(CHILD, new), [ds_of(old)])
    report = world.prove()
    assert not report.ok
    assert "no DNSKEY matches the parent's DS" in report.failures[0].detail


def test_expired_signatures_break_the_chain(world: World) -> None:
    key = _key()
    world.serve(signed(CHILD, key, expired=True), [ds_of(key)])
    report = world.prove()
    assert not report.ok and "RRSIG does not validate" in report.failures[0].detail


def test_an_unsigned_zone_serves_no_dnskey(world: World) -> None:
    world.serve(CHILD, [ds_of(_key())])
    report = world.prove()
    assert not report.ok and "serves no DNSKEY" in report.failures[0].detail


def test_a_declared_set_the_server_does_not_answer_is_named(world: World) -> None:
    key = _key()
    world.serve(signed(CHILD, key), [ds_of(key)])
    report = world.prove((*SETS, RecordSet("ftp", "A", 300, ("192.0.2.7",))))
    assert not report.ok
    assert [f.what for f in report.failures] == ["ftp A"] and report.failures[0].detail == "not answered"


def test_a_delegation_in_the_zone_is_proven_insecure_not_signed(world: World) -> None:
    """The NS at a zone cut are the child's and unsigned (RFC 4035 §2.2); the referral must carry a
    signed NSEC proving there is no DS. Glue below the cut is not this zone's data either."""
    key = _key()
    child = CHILD + "lab 3600 IN NS ns1.lab.example.org.\nns1.lab 3600 IN A 192.0.2.53\n"
    world.serve(signed(child, key), [ds_of(key)])
    sets = (*SETS, RecordSet("lab", "NS", 3600, ("ns1.lab.example.org.",)),
            RecordSet("ns1.lab", "A", 3600, ("192.0.2.53",)))
    report = world.prove(sets)
    assert report.ok, [s.line() for s in report.steps]
    assert "5 rrset(s) (SOA and the declared sets) validate; 1 delegation(s) with a signed DS or proof of none" \
        in report.steps[2].detail
