"""A target with a dot in it ends with one: only a one-label target is relative.

In a zone file a name without the final dot is relative to the origin (RFC 1035
§5.1), so ``cdn CNAME d111111abcdef8.cloudfront.net`` means
``d111111abcdef8.cloudfront.net.example.com.``: the most common paste from a
provider console, published silently under the zone. DNSControl refuses any
target that "includes a (.), must end with a (.)" (its "why the dot" page) and
octoDNS requires the final dot on every target ("missing trailing ."); this rule
is DNSControl's: a one-label target (``mail``, ``@``) is meant relative and
stays valid, anything with a dot must say it is absolute.

Every field holding a domain name is checked: the host-name fields of
``hostname.FIELD`` (CNAME, ALIAS, DNAME, NS, PTR, MX, SRV, NAPTR, SVCB, HTTPS)
and both names of an RP (RFC 1183 §2.2).
"""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.names import APEX, zone_suffix
from zonestack.rdtypes.base import Problem, Value
from zonestack.rule_registry import ERROR, define

RULE = define("target-final-dot", ERROR, "a target (CNAME/ALIAS/DNAME/NS/PTR/RP target, MX exchange, SRV target, "
              "NAPTR replacement, SVCB/HTTPS target) that holds a dot ends with one; only a one-label target "
              "(`mail`) is relative to the zone, as DNSControl requires; no target ends in the zone's name twice "
              "(`mail.example.com.example.com.`, a dotless target completed again)",
              "`cdn CNAME d111111abcdef8.cloudfront.net` (published as `…cloudfront.net.example.com.`)")

#: RP's two name fields (mailbox, TXT owner) by position among the value's words (RFC 1183 §2.2).
RP_FIELDS = (("mailbox", 0), ("TXT name", 1))


def problems(written: str, what: str, zone: str) -> Iterator[Problem]:
    """The problem of a name field ``written`` as declared (``what`` names it in messages), if any."""
    if written.endswith("."):
        yield from _completed_twice(written, what, zone)
        return
    if "." not in written or written == APEX:
        return
    suffix = zone_suffix(zone)
    lowered = written.lower()
    meant = f"{lowered}.{suffix}."
    head = f"{what} has a dot but no final dot, so it would be published as '{meant}'"
    if lowered == suffix or lowered.endswith("." + suffix):
        inside = lowered[: -len(suffix)].rstrip(".") or APEX
        relative = (f"or write it relative without the zone: '{inside}'" if "." not in inside else
                    "(a relative target is one label only)")
        yield Problem(RULE, f"{head}: add the final dot: '{lowered}.' {relative}")
        return
    first = lowered.split(".", 1)[0]
    yield Problem(RULE, f"{head}: add the final dot: '{lowered}.' if it is outside the zone, or write it relative "
                        f"without the zone: one label such as '{first}' (a deeper name in {suffix} in full, "
                        "ending in '.')")


def _completed_twice(written: str, what: str, zone: str) -> Iterator[Problem]:
    """An absolute target ending in the zone's name twice: ``mail.example.com`` written without
    its final dot in a zone file, read relative (RFC 1035 §5.1) and completed with the zone
    again; old cli53 and GoDaddy exports hold such targets (cli53 issue #225)."""
    suffix = zone_suffix(zone)
    lowered = written.lower()
    doubled = f"{suffix}.{suffix}."
    if lowered == doubled or lowered.endswith("." + doubled):
        meant = lowered[: -len(suffix) - 1]
        yield Problem(RULE, f"{what} ends in the zone's name twice: a target written without its final dot "
                            f"and completed with the zone again; it is surely '{meant}'")


def check_rp(value: Value) -> Iterator[Problem]:
    """Both names of an RP value."""
    words = value.raw.split()
    for label, position in RP_FIELDS:
        if position < len(words):
            yield from problems(words[position], f"RP {label} {words[position]!r}", value.zone)
