"""Does the parent zone delegate the zone to LiveDNS's nameservers?

The delegation lives in the parent zone (``com.`` for ``example.com``), set by
the registrar: the parent's servers answer ``NS example.com`` with a referral
(RFC 1034 §4.3.2) whose authority section lists the nameservers. This is what
flips when the nameservers are changed at the registrar. The parent's servers
are given (``--parent-nameserver``), or found through the resolver: the zone
holding the parent name (its SOA), then that zone's NS and their addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dns.exception
import dns.name
import dns.rdatatype
import dns.resolver

from zonestack.verify.query import ANSWER, NAME_ERROR, REFERRAL, UNREACHABLE, ask
from zonestack.verify.servers import Lookup, Nameserver, ServerError


@dataclass(frozen=True)
class ParentAnswer:
    """What one of the parent's servers delegates the zone to (names, lower case, no trailing dot)."""

    server: str
    names: tuple[str, ...] = ()
    error: str = ""
    unreachable: bool = False


@dataclass
class Delegation:
    """The parent's answers compared with the LiveDNS nameservers (``expected``)."""

    zone: str
    parent: str
    expected: tuple[str, ...]
    answers: list[ParentAnswer] = field(default_factory=list)

    @property
    def unreachable(self) -> list[ParentAnswer]:
        return [a for a in self.answers if a.unreachable]

    @property
    def ok(self) -> bool:
        return bool(self.answers) and all(set(a.names) == set(self.expected) and not a.error for a in self.answers)

    def verdict(self, answer: ParentAnswer) -> str:
        """One phrase: ok / still delegated to … / partly … / not delegated / the error."""
        if answer.error:
            return answer.error
        have, want = set(answer.names), set(self.expected)
        if not have:
            return "not delegated"
        if have == want:
            return f"ok, delegated to {', '.join(sorted(have))}"
        if not have & want:
            return f"still delegated to {', '.join(sorted(have))}"
        return (f"delegated to {', '.join(sorted(have))}: missing {', '.join(sorted(want - have)) or '-'}, "
                f"extra {', '.join(sorted(have - want)) or '-'}")

    def to_dict(self) -> dict[str, object]:
        return {"zone": self.zone, "parent": self.parent, "expected": list(self.expected), "ok": self.ok,
                "answers": [{"server": a.server, "names": list(a.names), "verdict": self.verdict(a),
                             "unreachable": a.unreachable} for a in self.answers]}


def parent_servers(zone: str, lookup: Lookup) -> tuple[str, list[Nameserver]]:
    """The parent zone of ``zone`` and its nameservers, through the resolver; raises ServerError."""
    name = dns.name.from_text(zone)
    try:
        parent = dns.resolver.zone_for_name(name.parent(), resolver=lookup.resolver(),
                                            lifetime=lookup.resolver().lifetime)
        ns_names = [r.target.to_text().rstrip(".") for r in lookup.resolver().resolve(parent, "NS")]
    except (dns.exception.DNSException, OSError) as exc:
        raise ServerError(f"cannot find the parent zone of {zone} and its nameservers "
                          f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None
    servers = [Nameserver(lookup.address_of(n), (n,)) for n in sorted(ns_names)]
    return parent.to_text().rstrip(".") or ".", servers


def check_delegation(zone: str, expected: list[str], parent: str, servers: list[Nameserver],
                     timeout: float) -> Delegation:
    """Ask each of the parent's ``servers`` for ``NS zone`` and compare with ``expected``."""
    result = Delegation(zone, parent, tuple(sorted(n.rstrip(".").lower() for n in expected)))
    qname = dns.name.from_text(zone)
    for server in servers:
        answer = ask(server.address, qname, dns.rdatatype.NS, timeout)
        if answer.outcome == UNREACHABLE:
            result.answers.append(ParentAnswer(server.label, error=f"unreachable ({answer.error})",
                                               unreachable=True))
        elif answer.outcome in (ANSWER, REFERRAL) and answer.rdatas:
            names = tuple(sorted(r.target.to_text().rstrip(".").lower() for r in answer.rdatas))  # type: ignore[attr-defined]
            result.answers.append(ParentAnswer(server.label, names))
        elif answer.outcome == NAME_ERROR:
            result.answers.append(ParentAnswer(server.label, error="not delegated (the parent answers NXDOMAIN)"))
        else:
            result.answers.append(ParentAnswer(server.label, error=f"no delegation in the answer "
                                               f"({answer.error or answer.outcome})"))
    return result
