"""Canonical comparison and ``HOST[:PORT]`` / ``--resolve`` parsing (pure, no server)."""

from __future__ import annotations

import dns.flags
import dns.message
import dns.name
import dns.rrset
import pytest

from zonestack.verify.compare import Status, compare, parse_declared
from zonestack.verify.query import CNAME, NAME_ERROR, REFERRAL, read
from zonestack.verify.servers import Address, ServerError, parse_resolve, split_host_port

ORIGIN = dns.name.from_text("example.com")


def _same(rtype: str, declared: list[str], answered: list[str]) -> Status:
    want = parse_declared(rtype, declared, ORIGIN)
    got = parse_declared(rtype, answered, ORIGIN)
    return compare("x", rtype, "ns", want, 300, got, 300).status


@pytest.mark.parametrize(("rtype", "declared", "answered"), [
    ("AAAA", ["2001:db8::1"], ["2001:DB8:0:0:0:0:0:1"]),
    ("CNAME", ["www.example.com."], ["WWW.Example.COM."]),
    ("MX", ["10 mail.example.com.", "20 mx2.example.net."], ["20 MX2.example.net.", "10 Mail.example.com."]),
    ("SRV", ["0 1 993 mail.gandi.net."], ["0 1 993 MAIL.GANDI.NET."]),
    ("TXT", ['"v=spf1 -all"'], ['"v=spf1" " -all"']),
    ("TXT", ['"say \\"hi\\"; C:\\\\dir"'], ['"say \\034hi\\034; C:\\092dir"']),
    ("CAA", ['0 issue "letsencrypt.org"'], ['0 issue "letsencrypt.org"']),
])
def test_canonically_equal(rtype: str, declared: list[str], answered: list[str]) -> None:
    assert _same(rtype, declared, answered) is Status.OK


@pytest.mark.parametrize(("rtype", "declared", "answered"), [
    ("A", ["192.0.2.1"], ["192.0.2.2"]),
    ("TXT", ['"v=spf1 -all"'], ['"v=spf1 ~all"']),
    ("TXT", ['"a;b"'], ['"a\\\\;b"']),
    ("MX", ["10 mail.example.com."], ["20 mail.example.com."]),
    ("A", ["192.0.2.1", "192.0.2.2"], ["192.0.2.1"]),
])
def test_different(rtype: str, declared: list[str], answered: list[str]) -> None:
    assert _same(rtype, declared, answered) is Status.DIFFERENT


def test_ttl_difference_is_reported() -> None:
    rdatas = parse_declared("A", ["192.0.2.1"], ORIGIN)
    check = compare("www", "A", "ns", rdatas, 300, rdatas, 3600)
    assert check.status is Status.DIFFERENT and check.detail == "TTL declared 300 / answered 3600"


def _response(query: dns.message.Message, **sections: list[str]) -> dns.message.Message:
    response = dns.message.make_response(query)
    for section, lines in sections.items():
        for line in lines:
            name, ttl, rdclass, rdtype, rdata = line.split(" ", 4)
            getattr(response, section).append(dns.rrset.from_text(name, int(ttl), rdclass, rdtype, rdata))
    return response


def test_referral_gives_the_delegation_and_its_glue() -> None:
    qname = dns.name.from_text("lab.example.com")
    query = dns.message.make_query(qname, "NS")
    response = _response(query, authority=["lab.example.com. 3600 IN NS ns1.lab.example.com."],
                         additional=["ns1.lab.example.com. 3600 IN A 198.51.100.53"])
    answer = read(response, qname, dns.rdatatype.NS)
    assert answer.outcome == REFERRAL and [r.to_text() for r in answer.rdatas] == ["ns1.lab.example.com."]
    glue_name = dns.name.from_text("ns1.lab.example.com")
    glue = read(response, glue_name, dns.rdatatype.A)
    assert glue.outcome == REFERRAL and [r.to_text() for r in glue.rdatas] == ["198.51.100.53"]
    below = read(response, dns.name.from_text("x.lab.example.com"), dns.rdatatype.TXT)
    assert below.outcome == REFERRAL and not below.rdatas and "below the delegation lab.example.com." in below.error


def test_cname_instead_and_nxdomain() -> None:
    qname = dns.name.from_text("www.example.com")
    query = dns.message.make_query(qname, "A")
    response = _response(query, answer=["www.example.com. 300 IN CNAME example.com."])
    response.flags |= dns.flags.AA
    assert read(response, qname, dns.rdatatype.A).outcome == CNAME
    response = dns.message.make_response(query)
    response.set_rcode(dns.rcode.NXDOMAIN)
    assert read(response, qname, dns.rdatatype.A).outcome == NAME_ERROR


@pytest.mark.parametrize(("text", "expected"), [
    ("127.0.0.1", ("127.0.0.1", 53)),
    ("127.0.0.1:5353", ("127.0.0.1", 5353)),
    ("[::1]:5353", ("::1", 5353)),
    ("::1", ("::1", 53)),
    ("NS-1-A.Gandi.net.", ("ns-1-a.gandi.net", 53)),
])
def test_host_port(text: str, expected: tuple[str, int]) -> None:
    assert split_host_port(text) == expected


@pytest.mark.parametrize("text", ["127.0.0.1:0", "127.0.0.1:x", ":53", "[::1]:70000"])
def test_bad_host_port(text: str) -> None:
    with pytest.raises(ServerError):
        split_host_port(text)


def test_resolve_entries() -> None:
    assert parse_resolve(["*.gandi.net=127.0.0.1:5353 a.example=127.0.0.2", "", "B.Example.=[::1]:53"]) == {
        "*.gandi.net": "127.0.0.1:5353", "a.example": "127.0.0.2", "b.example": "[::1]:53"}
    assert str(Address("::1", 53)) == "[::1]:53"
    with pytest.raises(ServerError, match="expected NAME=HOST"):
        parse_resolve(["=127.0.0.1"])


def test_a_declared_value_that_does_not_parse_is_a_difference_not_a_traceback() -> None:
    from zonestack.model import RecordSet
    from zonestack.verify.checks import check_served_record_set
    from zonestack.verify.servers import Lookup, Nameserver

    record = RecordSet("x", "MX", 300, ("not an mx",))
    check = check_served_record_set(record, Nameserver(Address("127.0.0.1", 1)), ORIGIN, Lookup(), 0.1)
    assert check.status is Status.DIFFERENT and check.detail.startswith("cannot compare: declared MX value")
