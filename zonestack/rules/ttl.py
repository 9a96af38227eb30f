"""TTL bounds: Gandi rejects TTLs outside 300..2592000 seconds (docs/gandi-livedns.md §5)."""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import TTL_MAX, TTL_MIN, Zone
from zonestack.rule_registry import ERROR, define

RULE = define("ttl", ERROR, "TTL 300..2592000 (Gandi's bounds), per record set or zone default", "`ttl: 60`")


def _out_of_bounds(ttl: int) -> bool:
    return not TTL_MIN <= ttl <= TTL_MAX


def check(zone: Zone) -> Iterator[Finding]:
    zone_ttl_line = zone.lines.get("ttl", 1)
    if _out_of_bounds(zone.ttl):
        yield RULE.at(zone.path, zone_ttl_line, f"zone ttl {zone.ttl} is outside Gandi's bounds {TTL_MIN}..{TTL_MAX}")
    for record in zone.records:
        if record.ttl_line and _out_of_bounds(record.ttl):  # inherited TTLs are reported once, above
            yield RULE.at(zone.path, record.ttl_line,
                f"ttl {record.ttl} of {record.name} {record.type} is outside Gandi's bounds {TTL_MIN}..{TTL_MAX}")
