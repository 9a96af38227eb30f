"""Zone model → a BIND master file, built with dnspython so it parses back.

Only declared record sets are exported (ignored names are someone else's);
names are written relative under ``$ORIGIN``, the zone default as ``$TTL``.
Gandi's ``ALIAS`` is not a DNS type: it is kept as a comment and reported, so
nothing is silently lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.zone

from zonestack.exporters.yaml import sort_key
from zonestack.model import Zone
from zonestack.names import APEX, zone_origin
from zonestack.rrtypes import PARSE_AS


@dataclass(frozen=True)
class BindExport:
    """The zone-file text and the record sets that BIND cannot express."""

    text: str
    skipped: list[str] = field(default_factory=list)


def render_bind(zone: Zone, source: str = "") -> BindExport:
    """A master file for ``zone`` (no SOA/apex NS: Gandi manages those)."""
    origin = zone_origin(zone.name)
    built = dns.zone.Zone(origin, relativize=True)
    skipped: list[str] = []
    comments: list[str] = []
    with built.writer(True) as txn:
        for record in sorted(zone.records, key=sort_key):
            if record.type in PARSE_AS:
                skipped.append(f"{record.name} {record.type}")
                comments.extend(f"; {record.name} {record.ttl} IN {record.type} {v}" for v in record.values)
                continue
            name = dns.name.empty if record.name == APEX else dns.name.from_text(record.name, None)
            rtype = dns.rdatatype.from_text(record.type)
            for value in record.values:
                rdata = dns.rdata.from_text(dns.rdataclass.IN, rtype, value, origin=origin, relativize=True,
                                            relativize_to=origin)
                txn.add(name, record.ttl, rdata)
    head = [f"; {line}".rstrip() for line in source.splitlines()]
    head += [f"$ORIGIN {origin.to_text()}", f"$TTL {zone.ttl}"]
    if comments:
        head.append("; Gandi ALIAS records (no BIND equivalent; resolve to the target's addresses):")
        head.extend(comments)
    body = built.to_text(sorted=True, relativize=True, nl="\n", want_origin=False) if zone.records else ""
    text = "\n".join(head) + "\n" + body
    return BindExport(text if text.endswith("\n") else text + "\n", skipped)
