"""The DNSSEC chain of trust from the parent's DS to the zone's answers, proven over DNS.

For a zone signed by LiveDNS with its DS at the registry, validating resolvers accept an answer
when (RFC 4035 §5): a DS the parent serves matches a DNSKEY the zone serves (RFC 4034 §5.1.4:
digest over owner name + DNSKEY rdata), that key signs the zone's DNSKEY rrset (RFC 4035 §5.2),
and the DNSKEY rrset's keys sign every answer (§5.3), denials included (NSEC/NSEC3, §5.4).
``prove_chain`` asks every server of the parent and every LiveDNS nameserver with the DO bit and
checks each step with dnspython's validator (signature times against the local clock). The parent
zone's own signature is its registry's business and is not checked here (it would need the chain
from the root).
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

import dns.dnssec
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

from zonestack.model import RecordSet
from zonestack.verify.query import TIMEOUT
from zonestack.verify.servers import Address, Nameserver

#: Types whose answers are checked as asked (an apex ALIAS is answered as A/AAAA by LiveDNS).
SKIPPED_TYPES = frozenset({"ALIAS"})


@dataclass(frozen=True)
class Step:
    """One link of the chain at one server: ``ok`` and one line of evidence (or why not)."""

    server: str
    what: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.what} at {self.server}: {self.detail}"


@dataclass
class ChainReport:
    """``ds``: the DS rdatas (text) the parent served; ``steps``: one per server and link."""

    zone: str
    ds: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    @property
    def failures(self) -> list[Step]:
        return [s for s in self.steps if not s.ok]

    def summary(self) -> str:
        if self.ok:
            return f"chain of trust proven at {len({s.server for s in self.steps})} server(s): " \
                   f"DS {', '.join(d.split()[0] for d in self.ds)} -> DNSKEY -> every answer checked"
        first = self.failures[0] if self.failures else None
        return f"chain not proven: {first.line() if first else 'no server answered'}"


def _ask(server: Address, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType,
         timeout: float) -> dns.message.Message | str:
    """The response to a DO-bit query, or why there is none (one line)."""
    query = dns.message.make_query(qname, rdtype, want_dnssec=True, payload=1232)
    query.flags &= ~dns.flags.RD
    try:
        response, _ = dns.query.udp_with_fallback(query, server.host, timeout=timeout, port=server.port,
                                                  ignore_unexpected=True)
    except dns.exception.Timeout:
        return f"no answer within {timeout:g}s"
    except (OSError, dns.exception.DNSException) as exc:
        return str(exc) or type(exc).__name__
    return response


def _signed(response: dns.message.Message, section: list[dns.rrset.RRset], qname: dns.name.Name,
            rdtype: dns.rdatatype.RdataType) -> tuple[dns.rrset.RRset | None, dns.rrset.RRset | None]:
    """The rrset (``qname``, ``rdtype``) of ``section`` and the RRSIGs covering it (None when absent)."""
    try:
        rrset = response.find_rrset(section, qname, dns.rdataclass.IN, rdtype)
    except KeyError:
        return None, None
    try:
        sigs = response.find_rrset(section, qname, dns.rdataclass.IN, dns.rdatatype.RRSIG, rdtype)
    except KeyError:
        sigs = None
    return rrset, sigs


def _validate(rrset: dns.rrset.RRset, sigs: dns.rrset.RRset | None, keys: dns.rrset.RRset,
              zone: dns.name.Name) -> str:
    """'' when ``sigs`` validate ``rrset`` with ``keys``, else why not."""
    if sigs is None:
        return "no RRSIG"
    try:
        dns.dnssec.validate(rrset, sigs, {zone: keys})
    except dns.dnssec.ValidationFailure as exc:
        return f"RRSIG does not validate ({exc})"
    except dns.exception.DNSException as exc:
        return f"cannot validate ({exc})"
    return ""


def parent_ds(zone: str, servers: Sequence[Nameserver], timeout: float = TIMEOUT) -> tuple[list[str], list[Step]]:
    """The DS rdatas the parent's servers serve for ``zone`` (union), and one step per server."""
    qname = dns.name.from_text(zone)
    found: set[str] = set()
    steps = []
    for server in servers:
        response = _ask(server.address, qname, dns.rdatatype.DS, timeout)
        if isinstance(response, str):
            steps.append(Step(server.label, "DS", False, response))
            continue
        rrset, _ = _signed(response, response.answer, qname, dns.rdatatype.DS)
        if rrset is None:
            steps.append(Step(server.label, "DS", False, f"the parent serves no DS for {zone} "
                              f"({dns.rcode.to_text(response.rcode())})"))
            continue
        texts = sorted(r.to_text() for r in rrset)
        found.update(texts)
        steps.append(Step(server.label, "DS", True, f"{', '.join(t.split()[0] for t in texts)} (TTL {rrset.ttl} s)"))
    return sorted(found), steps


def _matching_keys(zone: dns.name.Name, keys: dns.rrset.RRset, ds_texts: Sequence[str]) -> dns.rrset.RRset:
    """The DNSKEYs of ``keys`` that a DS of ``ds_texts`` points to (RFC 4034 §5.1.4)."""
    matched = dns.rrset.RRset(zone, dns.rdataclass.IN, dns.rdatatype.DNSKEY)
    for text in ds_texts:
        ds = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.DS, text)
        for key in keys:
            try:
                if dns.dnssec.make_ds(zone, key, ds.digest_type) == ds:  # type: ignore[attr-defined]
                    matched.add(key, keys.ttl)
            except (dns.dnssec.UnsupportedAlgorithm, ValueError):
                continue
    return matched


def zone_steps(zone: str, server: Nameserver, ds_texts: Sequence[str], sets: Sequence[RecordSet],
               timeout: float = TIMEOUT) -> list[Step]:
    """At one LiveDNS nameserver: DS → DNSKEY, DNSKEY self-signed, SOA and each declared set signed,
    a denial signed. Stops at the first broken link (the rest cannot be trusted)."""
    origin = dns.name.from_text(zone)
    where = server.label
    response = _ask(server.address, origin, dns.rdatatype.DNSKEY, timeout)
    if isinstance(response, str):
        return [Step(where, "DNSKEY", False, response)]
    keys, key_sigs = _signed(response, response.answer, origin, dns.rdatatype.DNSKEY)
    if keys is None:
        return [Step(where, "DNSKEY", False, "the zone serves no DNSKEY (not signed yet?)")]
    trusted = _matching_keys(origin, keys, ds_texts)
    if not trusted:
        tags = ", ".join(str(dns.dnssec.key_id(k)) for k in keys)
        return [Step(where, "DNSKEY", False, f"no DNSKEY matches the parent's DS (served key tags {tags})")]
    why = _validate(keys, key_sigs, trusted, origin)
    if why:
        return [Step(where, "DNSKEY", False, f"the DNSKEY rrset is not signed by the DS's key: {why}")]
    steps = [Step(where, "DNSKEY", True, f"key tag {', '.join(str(dns.dnssec.key_id(k)) for k in trusted)} "
                  "matches the DS and signs the DNSKEY rrset")]
    checked = delegations = 0
    cuts = sorted({_owner(r.name, origin) for r in sets if r.type == "NS" and r.name != "@"})
    wanted = [("@", "SOA")] + sorted({(r.name, r.type) for r in sets if r.type not in SKIPPED_TYPES})
    for name, rtype in wanted:
        qname = _owner(name, origin)
        if rtype == "NS" and qname in cuts:
            why = _delegation_proof(server, qname, keys, origin, timeout)
            if why:
                return [*steps, Step(where, f"{name} NS", False, why)]
            delegations += 1
            continue
        if any(qname.is_subdomain(cut) for cut in cuts):
            continue  # below a delegation: glue or the child's data, never signed by this zone (RFC 4035 §2.2)
        rdtype = dns.rdatatype.from_text(rtype)
        answer = _ask(server.address, qname, rdtype, timeout)
        if isinstance(answer, str):
            return [*steps, Step(where, f"{name} {rtype}", False, answer)]
        rrset, sigs = _signed(answer, answer.answer, qname, rdtype)
        if rrset is None:
            return [*steps, Step(where, f"{name} {rtype}", False, "not answered")]
        why = _validate(rrset, sigs, keys, origin)
        if why:
            return [*steps, Step(where, f"{name} {rtype}", False, why)]
        checked += 1
    cut_note = f"; {delegations} delegation(s) with a signed DS or proof of none" if delegations else ""
    steps.append(Step(where, "answers", True, f"{checked} rrset(s) (SOA and the declared sets) validate{cut_note}"))
    steps.append(_denial_step(origin, server, keys, timeout))
    return steps


def _owner(name: str, origin: dns.name.Name) -> dns.name.Name:
    return origin if name == "@" else dns.name.from_text(name, origin)


def _delegation_proof(server: Nameserver, cut: dns.name.Name, keys: dns.rrset.RRset, origin: dns.name.Name,
                      timeout: float) -> str:
    """'' when the referral to ``cut`` carries a signed DS, or a signed NSEC/NSEC3 proving there is none
    (an insecure delegation, RFC 4035 §3.1.4 and §5.2); the NS at a cut are the child's and unsigned."""
    response = _ask(server.address, cut, dns.rdatatype.NS, timeout)
    if isinstance(response, str):
        return response
    for section in (response.answer, response.authority):
        ds, ds_sigs = _signed(response, section, cut, dns.rdatatype.DS)
        if ds is not None:
            return _validate(ds, ds_sigs, keys, origin)
    for rrset in response.authority:
        if rrset.rdtype not in (dns.rdatatype.NSEC, dns.rdatatype.NSEC3):
            continue
        proves = _proves_no_ds(rrset, cut, origin)
        if proves is None:
            continue  # another name's record: it says nothing about the cut
        _, sigs = _signed(response, response.authority, rrset.name, rrset.rdtype)
        return _validate(rrset, sigs, keys, origin) or proves
    if not any(r.rdtype == dns.rdatatype.NS and r.name == cut for r in response.authority + response.answer):
        return "not answered (no referral)"
    return "referral without a signed DS or a proof that there is none"


def _types(rdata: dns.rdata.Rdata) -> set[int]:
    """The types of an NSEC/NSEC3 rdata's bitmap (RFC 4034 §4.1.2)."""
    found: set[int] = set()
    for window, bitmap in rdata.windows:  # type: ignore[attr-defined]
        for i, byte in enumerate(bitmap):
            found.update(window * 256 + i * 8 + bit for bit in range(8) if byte & (0x80 >> bit))
    return found


def _proves_no_ds(rrset: dns.rrset.RRset, cut: dns.name.Name, origin: dns.name.Name) -> str | None:
    """What an NSEC/NSEC3 of a referral says about a DS at ``cut``: '' it proves there is none, a reason
    when it is the cut's own record but does not, None when it is about another name.

    RFC 4035 §5.2: only the NSEC owned by the cut, with NS and without DS in its bitmap. RFC 5155
    §8.9: the NSEC3 whose hash matches the cut (same bitmap rule), or one covering it with opt-out."""
    rdata = rrset[0]
    if rrset.rdtype == dns.rdatatype.NSEC:
        if rrset.name != cut:
            return None
    else:
        try:
            hashed = dns.dnssec.nsec3_hash(cut, rdata.salt, rdata.iterations, rdata.algorithm)
        except (ValueError, dns.exception.DNSException):
            return None
        owner = rrset.name.relativize(origin).to_text().upper()
        following = base64.b32hexencode(rdata.next).decode().upper()
        if owner != hashed:
            covers = owner < hashed < following or (following <= owner and (hashed > owner or hashed < following))
            if covers and rdata.flags & 1:  # opt-out: unsigned delegations skipped
                return ""
            return None
    types = _types(rdata)
    if dns.rdatatype.DS in types or dns.rdatatype.NS not in types:
        return f"the {dns.rdatatype.to_text(rrset.rdtype)} of the cut does not prove there is no DS"
    return ""


def _denial_step(origin: dns.name.Name, server: Nameserver, keys: dns.rrset.RRset, timeout: float) -> Step:
    """A name that cannot exist is denied with a signed NSEC or NSEC3 (RFC 4035 §3.1.3)."""
    qname = dns.name.from_text(f"zonestack-{secrets.token_hex(4)}", origin)
    response = _ask(server.address, qname, dns.rdatatype.A, timeout)
    if isinstance(response, str):
        return Step(server.label, "denial", False, response)
    for rtype in (dns.rdatatype.NSEC, dns.rdatatype.NSEC3):
        for rrset in response.authority:
            if rrset.rdtype != rtype:
                continue
            _, sigs = _signed(response, response.authority, rrset.name, rtype)
            why = _validate(rrset, sigs, keys, origin)
            return Step(server.label, "denial", not why, why or f"{dns.rdatatype.to_text(rtype)} signed")
    return Step(server.label, "denial", False, f"{dns.rcode.to_text(response.rcode())} without NSEC/NSEC3")


def prove_chain(zone: str, parent: Sequence[Nameserver], livedns: Sequence[Nameserver], sets: Sequence[RecordSet],
                timeout: float = TIMEOUT) -> ChainReport:
    """Ask every parent server for the DS, then walk the chain at every LiveDNS nameserver."""
    report = ChainReport(zone)
    report.ds, parent_steps = parent_ds(zone, parent, timeout)
    report.steps += parent_steps
    if not report.ds:
        return report
    for server in livedns:
        report.steps += zone_steps(zone, server, report.ds, sets, timeout)
    return report
