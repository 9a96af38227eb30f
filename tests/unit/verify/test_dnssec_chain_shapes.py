"""The chain of trust over zone shapes real record files have (``zonestack/verify/dnssec_chain.py``):
a wildcard (the denial probe is answered by it, RFC 4035 §3.1.3.3), a TXT longer than one
character-string, a secure delegation (signed DS at the cut, RFC 4035 §2.4), and mixed-case names."""

from __future__ import annotations

import pytest

from tests.unit.verify.test_dnssec_chain import CHILD, SETS, World, _key, ds_of, signed
from zonestack.model import RecordSet

LONG = "v=DKIM1; k=rsa; p=" + "A" * 400


@pytest.mark.parametrize("extra, sets", [
    ("* 300 IN A 192.0.2.99\n", (RecordSet("*", "A", 300, ("192.0.2.99",)),)),
    ("* 300 IN TXT \"catch-all\"\n", (RecordSet("*", "TXT", 300, ('"catch-all"',)),)),
    ("*.dev 300 IN CNAME example.org.\n", (RecordSet("*.dev", "CNAME", 300, ("example.org.",)),)),
    (f'k1._domainkey 300 IN TXT "{LONG[:255]}" "{LONG[255:]}"\n',
     (RecordSet("k1._domainkey", "TXT", 300, (f'"{LONG[:255]}" "{LONG[255:]}"',)),)),
    ("Shop 300 IN A 192.0.2.8\n", (RecordSet("Shop", "A", 300, ("192.0.2.8",)),)),
    ("lab 3600 IN NS ns1.lab.example.org.\nlab 3600 IN DS 12345 13 2 " + "ab" * 32 + "\n"
     "ns1.lab 3600 IN A 192.0.2.53\n",
     (RecordSet("lab", "NS", 3600, ("ns1.lab.example.org.",)), RecordSet("lab", "DS", 3600, ("12345 13 2 " + "ab" * 32,)),
      RecordSet("ns1.lab", "A", 3600, ("192.0.2.53",)))),
], ids=["wildcard-A", "wildcard-TXT", "wildcard-CNAME-below", "long-TXT", "mixed-case", "secure-delegation"])
def test_real_zone_shapes_are_proven(world: World, extra: str, sets: tuple[RecordSet, ...]) -> None:
    key = _key()
    world.serve(signed(CHILD + extra, key), [ds_of(key)])
    report = world.prove((*SETS, *sets))
    assert report.ok, [s.line() for s in report.steps]


def _referral(authority_names: list[str], zone_text: str) -> tuple[object, object]:
    """A referral to ``lab`` whose authority holds the signed NSECs of ``authority_names`` (taken from
    the signed zone), and the zone's DNSKEY rrset."""
    import dns.message
    import dns.zone

    zone = dns.zone.from_text(zone_text, origin="example.org.", relativize=False)
    response = dns.message.make_response(dns.message.make_query("lab.example.org.", "NS", want_dnssec=True))
    response.authority.append(zone.find_rrset("lab.example.org.", "NS"))
    for name in authority_names:
        response.authority.append(zone.find_rrset(name, "NSEC"))
        response.authority.append(zone.find_rrset(name, "RRSIG", "NSEC"))
    return dns.message.from_wire(response.to_wire()), zone.find_rrset("example.org.", "DNSKEY")  # as received


@pytest.mark.parametrize("nsec_of, proven", [(["lab.example.org."], True), (["mail.example.org."], False)])
def test_an_insecure_delegation_needs_the_nsec_of_the_cut_itself(monkeypatch: pytest.MonkeyPatch,
                                                                 nsec_of: list[str], proven: bool) -> None:
    """Only the NSEC owned by the cut, with NS and without DS in its bitmap, proves there is no DS
    (RFC 4035 §5.2); any other signed NSEC in the referral proves nothing about the cut."""
    import dns.name

    from zonestack.verify import dnssec_chain
    from zonestack.verify.servers import Address, Nameserver

    text = signed(CHILD + "lab 3600 IN NS ns1.lab.example.org.\nns1.lab 3600 IN A 192.0.2.53\n", _key())
    response, keys = _referral(nsec_of, text)
    monkeypatch.setattr(dnssec_chain, "_ask", lambda *_: response)
    server = Nameserver(Address("127.0.0.1", 9), ("ns-1-a.gandi.net",))
    why = dnssec_chain._delegation_proof(server, dns.name.from_text("lab.example.org."), keys,  # type: ignore[arg-type]
                                         dns.name.from_text("example.org."), 1.0)
    assert (why == "") is proven, why


def _nsec3_referral(owner_hash: str, next_hash: str, flags: int, types: str) -> tuple[object, object]:
    """A referral to ``lab`` with one NSEC3 (SHA-1, no salt, 0 iterations) owned by ``owner_hash``,
    signed by a fresh key; and the DNSKEY rrset."""
    import time

    import dns.dnssec
    import dns.message
    import dns.rrset

    private, dnskey = _key()
    owner = dns.name.from_text(owner_hash, dns.name.from_text("example.org."))
    nsec3 = dns.rrset.from_text(owner, 3600, "IN", "NSEC3", f"1 {flags} 0 - {next_hash} {types}")
    now = time.time()
    sig = dns.dnssec.sign(nsec3, private, dns.name.from_text("example.org."), dnskey,  # type: ignore[arg-type]
                          inception=now - 3600, expiration=now + 86400)
    response = dns.message.make_response(dns.message.make_query("lab.example.org.", "NS", want_dnssec=True))
    response.authority.append(dns.rrset.from_text("lab.example.org.", 3600, "IN", "NS", "ns1.lab.example.org."))
    response.authority.append(nsec3)
    response.authority.append(dns.rrset.from_rdata_list(owner, 3600, [sig]))
    keys = dns.rrset.from_rdata_list(dns.name.from_text("example.org."), 3600, [dnskey])
    return dns.message.from_wire(response.to_wire()), keys


def _shift(hashed: str, by: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV"  # base32hex (RFC 4648 §7)
    return hashed[:-1] + alphabet[alphabet.index(hashed[-1]) + by]


@pytest.mark.parametrize("case, proven", [("match", True), ("match-with-ds", False), ("covers-opt-out", True),
                                          ("covers", False), ("elsewhere", False)])
def test_an_insecure_delegation_under_nsec3(monkeypatch: pytest.MonkeyPatch, case: str, proven: bool) -> None:
    """RFC 5155 §8.9: the NSEC3 matching the cut's hash, with NS and without DS; or one covering the
    hash with the opt-out flag. Any other NSEC3 proves nothing about the cut."""
    import dns.dnssec
    import dns.name

    from zonestack.verify import dnssec_chain
    from zonestack.verify.servers import Address, Nameserver

    cut = dns.name.from_text("lab.example.org.")
    hashed = dns.dnssec.nsec3_hash(cut, None, 0, 1)
    assert hashed[-1] not in "0V"  # _shift needs room either side; the hash is fixed for this name
    owner, following, flags, types = {
        "match": (hashed, _shift(hashed, 1), 0, "NS"),
        "match-with-ds": (hashed, _shift(hashed, 1), 0, "NS DS RRSIG"),
        "covers-opt-out": (_shift(hashed, -1), _shift(hashed, 1), 1, "A RRSIG"),
        "covers": (_shift(hashed, -1), _shift(hashed, 1), 0, "A RRSIG"),
        "elsewhere": (_shift(hashed, 1), _shift(hashed, 2), 1, "A RRSIG"),
    }[case]
    response, keys = _nsec3_referral(owner, following, flags, types)
    monkeypatch.setattr(dnssec_chain, "_ask", lambda *_: response)
    server = Nameserver(Address("127.0.0.1", 9), ("ns-1-a.gandi.net",))
    why = dnssec_chain._delegation_proof(server, cut, keys, dns.name.from_text("example.org."), 1.0)  # type: ignore[arg-type]
    assert (why == "") is proven, why
