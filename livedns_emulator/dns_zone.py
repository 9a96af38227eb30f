"""The master files the emulator's DNS server serves: a LiveDNS zone, and the parent zones' delegations.

What LiveDNS's nameservers answer for a zone is the zone's rrsets plus the SOA
and apex NS that LiveDNS manages (§6.4): the apex NS are the zone's own apex NS
rrset if it has one, else the hashed ``ns-<n>-{a,b,c}.gandi.net`` names. Values
are stored by the API in presentation form relative to the zone, exactly what a
master file with ``$ORIGIN`` means, and each one is re-rendered through dnspython
so the file Knot reads is canonical.

Three things the API stores but no DNS server can serve as such are rendered the
way a LiveDNS nameserver would, or left out with a note:

* ``ALIAS`` at the apex is flattened to the A/AAAA of its target when the target
  is a name of this zone; an outside target would need a recursive lookup, which
  the emulator never makes (no network), so nothing is served for it.
* A CNAME beside other data at one name (RFC 1034 §3.6.2) keeps the CNAME; a
  CNAME at the apex (beside SOA/NS) is left out.
* A value dnspython cannot parse as its type is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from livedns_emulator.model import Zone
from livedns_emulator.nameservers import zone_nameservers

#: The SOA LiveDNS serves (primary ns1.gandi.net, hostmaster.gandi.net); refresh/retry/expire/minimum.
SOA_TIMERS = "10800 3600 604800 10800"
#: The name of the parent zones' server in the emulated world (RFC 2606 ``.invalid``: never resolvable).
PARENT_NS = "parent-ns.emulator.invalid"
#: TTL of delegation NS in parent zones (what most TLD registries use).
DELEGATION_TTL = 172800
#: TTL of DS records in parent zones (what ``com.`` serves, one day).
DS_TTL = 86400


def _owner(name: str, zone: str) -> str:
    return f"{zone}." if name == "@" else f"{name}.{zone}."


def _rdata(rtype: str, value: str, origin: dns.name.Name) -> dns.rdata.Rdata | None:
    try:
        return dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), value, origin=origin,
                                   relativize=False)
    except (dns.exception.DNSException, ValueError, UnicodeError):
        return None


def render_zone(zone: Zone, serial: int) -> tuple[str, list[str]]:
    """The master file for ``zone`` and notes on what was left out (one line each)."""
    origin = dns.name.from_text(zone.fqdn)
    notes: list[str] = []
    lines = [
        f"$ORIGIN {zone.fqdn}.",
        f"@ {zone.soa_ttl} IN SOA ns1.gandi.net. hostmaster.gandi.net. {serial} {SOA_TIMERS}",
    ]
    if ("@", "NS") not in zone.rrsets or not zone.rrsets[("@", "NS")].values:
        lines += [f"@ {zone.soa_ttl} IN NS {ns}." for ns in zone_nameservers(zone)]
    types_at: dict[str, set[str]] = {}
    for (name, rtype), rrset in zone.rrsets.items():
        if rrset.values:
            types_at.setdefault(name, set()).add(rtype)
    for (name, rtype), rrset in sorted(zone.rrsets.items()):
        if rtype == "SOA" or not rrset.values:
            continue
        where = f"{name} {rtype}"
        if rtype == "CNAME" and name == "@":
            notes.append(f"{where}: a CNAME at the apex cannot coexist with SOA/NS; not served")
            continue
        if rtype != "CNAME" and "CNAME" in types_at[name] and name != "@":
            notes.append(f"{where}: beside a CNAME (RFC 1034 §3.6.2); only the CNAME is served")
            continue
        if rtype == "ALIAS":
            flattened, note = _flatten_alias(zone, rrset.values[0], origin, rrset.ttl)
            lines += flattened
            if note:
                notes.append(f"{where}: {note}")
            continue
        for value in rrset.values:
            rdata = _rdata(rtype, value, origin)
            if rdata is None:
                notes.append(f"{where}: value {value!r} does not parse as {rtype}; not served")
                continue
            lines.append(f"{_owner(name, zone.fqdn)} {rrset.ttl} IN {rtype} {rdata.to_text()}")
    return "\n".join(lines) + "\n", notes


def _flatten_alias(zone: Zone, value: str, origin: dns.name.Name, ttl: int) -> tuple[list[str], str]:
    """A/AAAA lines at the apex for an in-zone ALIAS target, or a note why none."""
    try:
        target = dns.name.from_text(value, origin=origin)
    except (dns.exception.DNSException, ValueError):
        return [], f"target {value!r} is not a host name; not served"
    if not target.is_subdomain(origin):
        return [], f"target {target} is outside the zone; the emulator resolves no outside names, so no A/AAAA"
    relative = target.relativize(origin).to_text()
    name = "@" if relative == "@" else relative.lower()
    lines = []
    for rtype in ("A", "AAAA"):
        if ("@", rtype) in zone.rrsets:
            continue
        found = zone.rrsets.get((name, rtype))
        for address in found.values if found else ():
            lines.append(f"{zone.fqdn}. {ttl} IN {rtype} {address}")
    return lines, "" if lines else f"target {target} has no A/AAAA in the zone"


def parent_of(zone: str) -> str:
    """``shop.example.com`` → ``example.com``; a TLD's parent is the root (empty)."""
    return zone.split(".", 1)[1] if "." in zone else ""


def render_parent(parent: str, delegations: Mapping[str, Sequence[str]], serial: int,
                  ds: Mapping[str, Sequence[str]] | None = None, ns_ttl: int = DELEGATION_TTL,
                  ds_ttl: int = DS_TTL) -> str:
    """The master file of ``parent`` delegating each child zone to its nameservers (no glue:
    the names are out of bailiwick, as LiveDNS's are), with the child's DS (rdata text) if any;
    ``ns_ttl``/``ds_ttl`` in seconds."""
    lines = [
        f"$ORIGIN {parent}.",
        f"@ 86400 IN SOA {PARENT_NS}. hostmaster.emulator.invalid. {serial} 1800 900 604800 86400",
        f"@ 86400 IN NS {PARENT_NS}.",
    ]
    for child, nameservers in sorted(delegations.items()):
        lines += [f"{child}. {ns_ttl} IN NS {ns.rstrip('.')}." for ns in nameservers]
        lines += [f"{child}. {ds_ttl} IN DS {rdata}" for rdata in (ds or {}).get(child, ())]
    return "\n".join(lines) + "\n"


def parent_zones(delegations: Mapping[str, Sequence[str]], served: Iterable[str]
                 ) -> dict[str, dict[str, Sequence[str]]]:
    """Group delegations by parent zone; a parent the emulator itself serves as a LiveDNS
    zone is left out (its delegations are NS rrsets in that zone)."""
    own = set(served)
    grouped: dict[str, dict[str, Sequence[str]]] = {}
    for child, nameservers in delegations.items():
        parent = parent_of(child)
        if parent and parent not in own and nameservers:
            grouped.setdefault(parent, {})[child] = nameservers
    return grouped
