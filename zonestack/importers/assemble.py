"""Source records → a record file that validates, or every reason it would not.

Shared by ``import bind`` and ``import gandi``: drop what Gandi manages itself
(apex SOA/NS), set aside names the zone ignores, bring TTLs into Gandi's
bounds, pick the most common TTL as the zone default, render with the YAML
writer, and validate the text with the real loader. Loader findings are mapped
back to the source (``FILE:LINE`` or ``name TYPE``) via the rendered entry lines.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from zonestack.exporters.yaml import RenderedZone, render_zone
from zonestack.findings import Finding
from zonestack.importers.source import SourceRecord
from zonestack.loader import check_text
from zonestack.model import TTL_MAX, TTL_MIN, RecordSet, Zone, matches_any
from zonestack.names import APEX
from zonestack.rrtypes import APEX_MANAGED


@dataclass
class Assembled:
    """The rendered file, the zone the loader read back from it, and what was said on the way."""

    rendered: RenderedZone | None = None
    loaded: Zone | None = None
    records: list[SourceRecord] = field(default_factory=list)
    ignored: list[SourceRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def default_ttl(records: list[SourceRecord]) -> int:
    """The most common TTL (ties: the smaller), so few entries need their own."""
    counts = Counter(r.ttl for r in records)
    if not counts:
        return 10800
    return min(counts, key=lambda ttl: (-counts[ttl], ttl))


def _clamped(record: SourceRecord) -> SourceRecord:
    ttl = min(max(record.ttl, TTL_MIN), TTL_MAX)
    return record if ttl == record.ttl else SourceRecord(record.name, record.type, ttl, record.values, record.where)


def assemble(zone_name: str, records: list[SourceRecord], *, ignore: tuple[str, ...] = (),
             source: str = "", shown: str = "", clamp_ttl: bool = True) -> Assembled:
    """Build and validate the record file for ``zone_name`` from ``records``."""
    result = Assembled()
    shown = shown or f"{zone_name}.yaml"
    seen: dict[tuple[str, str], SourceRecord] = {}
    clamped = 0
    for record in records:
        if record.name == APEX and record.type in APEX_MANAGED:
            result.notes.append(f"{record.where}: dropped apex {record.type}: Gandi manages it")
            continue
        if matches_any(record.name, ignore):
            result.ignored.append(record)
            continue
        if record.key in seen:
            result.problems.append(f"{record.where}: {record.name} {record.type} is also at "
                                   f"{seen[record.key].where} (after renaming); merge or drop one")
            continue
        if clamp_ttl and _clamped(record) is not record:
            clamped += 1
            record = _clamped(record)
        seen[record.key] = record
        result.records.append(record)
    if clamped:
        result.notes.append(f"{clamped} record set(s) had a TTL outside Gandi's {TTL_MIN}..{TTL_MAX} "
                            f"(e.g. Cloudflare's 1 = 'auto'): set to the nearest bound")
    if result.problems:
        return result
    ttl = default_ttl(result.records)
    zone = Zone(zone_name, tuple(RecordSet(r.name, r.type, r.ttl, r.values) for r in result.records),
                ttl=ttl, ignore=ignore)
    result.rendered = render_zone(zone, source)
    loaded, findings = check_text(result.rendered.text.encode("utf-8"), shown, expected_zone=zone_name)
    result.problems.extend(_explain(f, result.rendered, seen) for f in findings)
    result.loaded = loaded
    return result


def _explain(finding: Finding, rendered: RenderedZone, by_key: dict[tuple[str, str], SourceRecord]) -> str:
    """A loader finding on the generated text, told in terms of the source record."""
    starts = sorted((line, key) for key, line in rendered.lines.items())
    index = bisect.bisect_right([line for line, _ in starts], finding.line) - 1
    if index < 0:
        return str(finding)
    key = starts[index][1]
    record = by_key[key]
    return f"{record.where}: {key[0]} {key[1]}: {finding.message}"
