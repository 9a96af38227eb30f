"""Where a type may stand: apex NS/SOA belong to Gandi, ALIAS only at the apex,
single-target types take exactly one value."""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.names import APEX

RULE = "placement"
SINGLE_VALUE = ("CNAME", "ALIAS", "DNAME")


def check(zone: Zone) -> Iterator[Finding]:
    for record in zone.records:
        where = f"{record.name} {record.type}"
        if record.type == "SOA":
            yield Finding(zone.path, record.line, "SOA is managed by Gandi and cannot be declared", RULE)
        elif record.type == "NS" and record.name == APEX:
            yield Finding(
                zone.path, record.line,
                "apex NS records are managed by Gandi (change nameservers at the registrar instead)", RULE,
            )
        if record.type == "ALIAS" and record.name != APEX:
            yield Finding(zone.path, record.line, f"{where}: ALIAS is only allowed at the apex ('@')", RULE)
        if record.type in SINGLE_VALUE and len(record.values) > 1:
            yield Finding(zone.path, record.value_lines[1], f"{where}: {record.type} takes exactly one value", RULE)
