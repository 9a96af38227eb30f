"""One question to one authoritative nameserver: UDP, then TCP when the answer is truncated.

Queries carry no EDNS option and no RD bit, as ``dig +norec +noedns`` would
send them: an authoritative server must answer from its own data, and a
UDP answer is then limited to 512 octets (RFC 1035 §4.2.1), so a long TXT
comes back with TC set and is asked again over TCP (RFC 7766 §5). (A lone
2048-bit DKIM key answers in about 470 octets and fits; a 4096-bit key, or
a TXT rrset holding several long values, does not.)

The answer is read as an authoritative server gives it: the rrset at the name
and type asked (AA), a CNAME at the name instead, NXDOMAIN/NODATA, or a
referral — the zone's own delegation NS (an ``NS`` rrset declared below the
apex) and its glue (A/AAAA in the additional section) are answered that way.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from zonestack.verify.servers import Address

TIMEOUT = 2.0
"""Seconds per UDP (or TCP) exchange."""

#: ``Answer.outcome`` values.
ANSWER, NAME_ERROR, NO_DATA, CNAME, REFERRAL, FAILED, UNREACHABLE = (
    "answer", "nxdomain", "nodata", "cname", "referral", "failed", "unreachable")


@dataclass(frozen=True)
class Answer:
    """What a server said about (name, type).

    ``outcome`` is one of the constants above; ``rdatas``/``ttl`` hold the rrset
    for ``answer`` (and ``referral`` when the delegation or glue is what was
    asked), the CNAME for ``cname``; ``error`` says why for ``failed`` (SERVFAIL,
    REFUSED, not authoritative) and ``unreachable`` (timeout, connection refused).
    """

    outcome: str
    rdatas: tuple[dns.rdata.Rdata, ...] = ()
    ttl: int | None = None
    tcp: bool = False
    error: str = ""


def _rrset(section: list[dns.rrset.RRset], qname: dns.name.Name, rdtype: int) -> dns.rrset.RRset | None:
    for rrset in section:
        if rrset.name == qname and rrset.rdtype == rdtype and rrset.rdclass == dns.rdataclass.IN:
            return rrset
    return None


def _found(rrset: dns.rrset.RRset, outcome: str, tcp: bool) -> Answer:
    return Answer(outcome, tuple(rrset), rrset.ttl, tcp)


def ask(server: Address, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType,
        timeout: float = TIMEOUT) -> Answer:
    """Ask ``server`` for (``qname``, ``rdtype``) once; never raises for a network or DNS failure."""
    query = dns.message.make_query(qname, rdtype)
    query.flags &= ~dns.flags.RD
    try:
        response, tcp = dns.query.udp_with_fallback(query, server.host, timeout=timeout, port=server.port,
                                                    ignore_unexpected=True)
    except dns.exception.Timeout:
        return Answer(UNREACHABLE, error=f"no answer within {timeout:g}s")
    except OSError as exc:
        return Answer(UNREACHABLE, error=_os_reason(exc))
    except dns.exception.DNSException as exc:
        return Answer(FAILED, error=f"malformed answer ({exc})")
    return read(response, qname, rdtype, tcp)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def read(response: dns.message.Message, qname: dns.name.Name, rdtype: int, tcp: bool = False) -> Answer:
    """Classify an authoritative server's response to (``qname``, ``rdtype``)."""
    rcode = response.rcode()
    if rcode == dns.rcode.NXDOMAIN:
        return Answer(NAME_ERROR, tcp=tcp)
    if rcode != dns.rcode.NOERROR:
        return Answer(FAILED, tcp=tcp, error=dns.rcode.to_text(rcode))
    found = _rrset(response.answer, qname, rdtype)
    if found is not None:
        return _found(found, ANSWER, tcp)
    cname = _rrset(response.answer, qname, dns.rdatatype.CNAME)
    if cname is not None:
        return _found(cname, CNAME, tcp)
    referral = next((r for r in response.authority if r.rdtype == dns.rdatatype.NS
                     and qname.is_subdomain(r.name)), None)
    if referral is not None and not response.flags & dns.flags.AA:
        if rdtype == dns.rdatatype.NS and referral.name == qname:
            return _found(referral, REFERRAL, tcp)
        glue = _rrset(response.additional, qname, rdtype)
        if glue is not None:
            return _found(glue, REFERRAL, tcp)
        return Answer(REFERRAL, tcp=tcp, error=f"below the delegation {referral.name}")
    if not response.flags & dns.flags.AA:
        return Answer(FAILED, tcp=tcp, error="not authoritative for the zone (lame)")
    return Answer(NO_DATA, tcp=tcp)


def probe(server: Address, qname: dns.name.Name, timeout: float = TIMEOUT) -> str:
    """'' when ``server`` answers a SOA question for ``qname`` over UDP at all (any rcode), else why not.

    The socket is connected, so a closed port (an ICMP port unreachable) is
    reported at once as "connection refused" instead of after ``timeout``.
    """
    query = dns.message.make_query(qname, dns.rdatatype.SOA)
    query.flags &= ~dns.flags.RD
    family = socket.AF_INET6 if ":" in server.host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.settimeout(timeout)
            sock.connect((server.host, server.port))
            sock.send(query.to_wire())
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                sock.settimeout(max(deadline - time.monotonic(), 0.001))
                wire = sock.recv(65535)
                if len(wire) >= 2 and wire[:2] == query.id.to_bytes(2, "big"):
                    return ""
    except TimeoutError:
        pass
    except OSError as exc:
        return _os_reason(exc)
    return f"no answer within {timeout:g}s"
