"""One declared record set at one nameserver → a ``Check`` (the ALIAS case included).

ALIAS is not a DNS type: LiveDNS answers A/AAAA at the apex with the addresses
its target has. So the apex's A/AAAA are compared with the target's: asked of
the same server when the target is inside the zone, else of the resolver. A
target that does not resolve from here is reported as *not checkable*, never
as a failure.
"""

from __future__ import annotations

import ipaddress
from dataclasses import replace

import dns.exception
import dns.name
import dns.rdata
import dns.rdatatype

from zonestack.model import RecordSet
from zonestack.verify.compare import Check, Status, compare, parse_declared, shown
from zonestack.verify.query import ANSWER, CNAME, FAILED, NAME_ERROR, NO_DATA, REFERRAL, UNREACHABLE, Answer, ask
from zonestack.verify.servers import Lookup, Nameserver


def qname_of(name: str, origin: dns.name.Name) -> dns.name.Name:
    """A record file's relative name (``@``, ``www``, ``*.preview``) as an absolute name."""
    return origin if name == "@" else dns.name.from_text(name, origin=origin)


def check_served_record_set(record: RecordSet, server: Nameserver, origin: dns.name.Name, lookup: Lookup,
                     timeout: float) -> Check:
    """Ask ``server`` for ``record`` and compare (see ``compare``); never raises.

    A declared value dnspython cannot read (the validator lets through only
    values it can) is reported as a difference naming the value.
    """
    try:
        if record.type == "ALIAS":
            return _check_alias(record, server, origin, lookup, timeout)
        declared = parse_declared(record.type, record.values, origin)
    except (ValueError, dns.exception.DNSException) as exc:
        return Check(record.name, record.type, server.label, Status.DIFFERENT, tuple(record.values),
                     declared_ttl=record.ttl, detail=f"cannot compare: {exc}")
    answer = ask(server.address, qname_of(record.name, origin), dns.rdatatype.from_text(record.type), timeout)
    return _judge(record, server.label, declared, answer)


def _judge(record: RecordSet, label: str, declared: list[dns.rdata.Rdata], answer: Answer) -> Check:
    if answer.outcome in (ANSWER, REFERRAL) and answer.rdatas:
        return compare(record.name, record.type, label, declared, record.ttl, answer.rdatas, answer.ttl,
                       tcp=answer.tcp)
    base = Check(record.name, record.type, label, Status.SERVER_ERROR, tuple(sorted(shown(r) for r in declared)),
                 declared_ttl=record.ttl, tcp=answer.tcp)
    if answer.outcome == REFERRAL:
        return replace(base, status=Status.UNCHECKABLE, detail=answer.error)
    if answer.outcome in (NAME_ERROR, NO_DATA):
        detail = "NXDOMAIN" if answer.outcome == NAME_ERROR else f"no {record.type} at this name"
        return replace(base, status=Status.MISSING, detail=detail)
    if answer.outcome == CNAME:
        return replace(base, status=Status.DIFFERENT, answered=tuple(f"CNAME {r}" for r in answer.rdatas),
                       answered_ttl=answer.ttl, detail="a CNAME answers instead")
    return replace(base, detail=answer.error if answer.outcome == FAILED else f"timeout: {answer.error}")


def _addresses(server: Nameserver, qname: dns.name.Name, timeout: float) -> tuple[set[str], str]:
    """A ∪ AAAA of ``qname`` at ``server``, or an error."""
    found: set[str] = set()
    for rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
        answer = ask(server.address, qname, rdtype, timeout)
        if answer.outcome in (FAILED, UNREACHABLE):
            return set(), answer.error or answer.outcome
        if answer.outcome == ANSWER:
            found |= {str(ipaddress.ip_address(r.to_text())) for r in answer.rdatas}
    return found, ""


def _check_alias(record: RecordSet, server: Nameserver, origin: dns.name.Name, lookup: Lookup,
                 timeout: float) -> Check:
    target = dns.name.from_text(record.values[0], origin=origin)
    label = server.label
    declared = (f"ALIAS {target}",)
    apex, error = _addresses(server, origin, timeout)
    if error:
        return Check(record.name, record.type, label, Status.SERVER_ERROR, declared, detail=error)
    if target.is_subdomain(origin):
        wanted, error = _addresses(server, target, timeout)
        if error:
            return Check(record.name, record.type, label, Status.SERVER_ERROR, declared, detail=error)
    else:
        wanted = {str(ipaddress.ip_address(a)) for a in lookup.addresses_of(target.to_text())}
    if not wanted:
        return Check(record.name, record.type, label, Status.UNCHECKABLE, declared, tuple(sorted(apex)),
                     detail=f"target {target} has no A/AAAA that can be resolved from here")
    status = Status.OK if apex == wanted else Status.DIFFERENT
    detail = "" if status is Status.OK else f"the apex answers other addresses than {target} has"
    return Check(record.name, record.type, label, status, (f"ALIAS {target} → {', '.join(sorted(wanted))}",),
                 tuple(sorted(apex)), detail=detail)
