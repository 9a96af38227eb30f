"""What the parent zone says about the zone before the flip: its DS (with TTL) and its delegation.

The parent's servers are found as ``zonestack verify --delegation`` finds them (given with
``--parent-nameserver``, else through the resolver). A DS is asked at each server: the parent is
authoritative for it (RFC 4034 §5), so the answer's TTL is the one resolvers were given. The
delegation NS comes back as a referral whose TTL is the parent's NS TTL. The old nameservers
themselves are asked for the zone's apex NS too: a child-centric resolver keeps the NS rrset with
the TTL the child serves (RFC 2181 §5.4.1 ranks authoritative data above the referral's), so the
propagation wait after the flip is the longer of the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import dns.name
import dns.rdatatype

from zonestack.cutover.preflight import DsAnswer
from zonestack.verify.delegation import parent_servers
from zonestack.verify.query import ANSWER, NAME_ERROR, NO_DATA, REFERRAL, ask
from zonestack.verify.servers import Lookup, Nameserver, nameservers


@dataclass
class ParentView:
    """``parent`` zone name; ``ds`` one answer per server; ``delegated_to`` (names, no final dot)
    and ``ns_ttl`` from the first server that gave a referral; ``problems``: servers not found;
    ``child_ns_ttl``: the TTL of the apex NS the delegated-to servers serve themselves (the first that
    answered; None when none did, with why in ``child_ns_error``)."""

    parent: str
    ds: list[DsAnswer] = field(default_factory=list)
    delegated_to: tuple[str, ...] = ()
    ns_ttl: int | None = None
    problems: dict[str, str] = field(default_factory=dict)
    child_ns_ttl: int | None = None
    child_ns_error: str = ""

    @property
    def propagation_ttl(self) -> int | None:
        """How long resolvers may keep asking the current nameservers after a flip (seconds)."""
        known = [t for t in (self.ns_ttl, self.child_ns_ttl) if t is not None]
        return max(known) if known else None


def observe_parent(zone: str, lookup: Lookup, given: Sequence[str] = (), timeout: float = 2.0) -> ParentView:
    """Ask each server of ``zone``'s parent for its DS and NS. Raises ServerError when the parent's
    servers cannot be found; a server that does not answer is a ``DsAnswer`` with an error."""
    if given:
        parent = ".".join(zone.split(".")[1:]) or "."
        servers, failed = nameservers(list(given), lookup)
    else:
        parent, servers = parent_servers(zone, lookup)
        failed = {}
    view = ParentView(parent, problems=dict(failed))
    qname = dns.name.from_text(zone)
    for server in servers:
        view.ds.append(_ds_at(server, qname, timeout))
        if view.ns_ttl is None:
            answer = ask(server.address, qname, dns.rdatatype.NS, timeout)
            if answer.outcome in (ANSWER, REFERRAL) and answer.rdatas:
                view.delegated_to = tuple(sorted(r.target.to_text().rstrip(".").lower()  # type: ignore[attr-defined]
                                                 for r in answer.rdatas))
                view.ns_ttl = answer.ttl
    view.ds += [DsAnswer(spec, error=f"not found ({why})") for spec, why in failed.items()]
    view.child_ns_ttl, view.child_ns_error = _child_ns_ttl(qname, view.delegated_to, lookup, timeout)
    return view


def _child_ns_ttl(qname: dns.name.Name, names: Sequence[str], lookup: Lookup, timeout: float) -> tuple[int | None, str]:
    """The apex NS TTL the first of ``names`` that answers authoritatively serves, or (None, why)."""
    if not names:
        return None, "not delegated"
    servers, failed = nameservers(list(names), lookup)
    why = [f"{name}: {reason}" for name, reason in failed.items()]
    for server in servers:
        answer = ask(server.address, qname, dns.rdatatype.NS, timeout)
        if answer.outcome == ANSWER and answer.ttl is not None:
            return answer.ttl, ""
        why.append(f"{server.label}: {answer.error or answer.outcome}")
    return None, "; ".join(why) or "no answer"


def _ds_at(server: Nameserver, qname: dns.name.Name, timeout: float) -> DsAnswer:
    answer = ask(server.address, qname, dns.rdatatype.DS, timeout)
    if answer.outcome == ANSWER:
        return DsAnswer(server.label, tuple(r.to_text() for r in answer.rdatas), answer.ttl)
    if answer.outcome in (NO_DATA, NAME_ERROR):
        return DsAnswer(server.label)
    if answer.outcome == REFERRAL:  # the DS is the parent's own data (RFC 4035 §3.1.4.1): this is no parent
        return DsAnswer(server.label, error="answered DS with a referral: not a server of the parent zone")
    return DsAnswer(server.label, error=answer.error or answer.outcome)
