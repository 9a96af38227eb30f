"""Source records → a record file that validates, or every reason it would not.

Shared by ``import bind`` and ``import gandi``, so the same data gives the same
file: drop what Gandi manages itself (apex SOA/NS) and what the old provider's
DNSSEC signer made, set aside names the zone ignores (``_acme-challenge*``),
turn an apex CNAME (Cloudflare's flattening) into ``@ ALIAS``, give Cloudflare's
"auto" TTL (1) the zone default, bring TTLs into Gandi's bounds, pick the most
common TTL as the zone default, render with the YAML writer, and validate the
text with the real loader. Every change is said in a note; loader findings are
mapped back to the source (``FILE:LINE`` or ``name TYPE``) via the entry lines.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field, replace

from zonestack.exporters.yaml import RenderedZone, render_zone
from zonestack.findings import Finding
from zonestack.importers.source import PROXIED, SourceRecord
from zonestack.loader import check_text
from zonestack.model import ADDITIVE, GANDI_DEFAULT_TTL, TTL_MAX, TTL_MIN, RecordSet, Zone, ZoneSettings, matches_any
from zonestack.names import APEX
from zonestack.rrtypes import APEX_MANAGED
from zonestack.rule_registry import IMPORT_RULES, ZONE_FILE

#: Cloudflare exports its "auto" TTL as 1; Cloudflare's auto means 300 s.
AUTO_TTL = 1
AUTO_TTL_SECONDS = 300
#: Made by the old provider's DNSSEC signer (RFC 4034, 5155, 7344): Gandi signs with its own keys.
SIGNER_TYPES = frozenset({"RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "CDS", "CDNSKEY"})


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
        return GANDI_DEFAULT_TTL
    return min(counts, key=lambda ttl: (-counts[ttl], ttl))


def _bounded(ttl: int) -> int:
    return min(max(ttl, TTL_MIN), TTL_MAX)


def _sorted_out(records: list[SourceRecord], ignore: tuple[str, ...], result: Assembled) -> list[SourceRecord]:
    """What the file declares, in source order; what it leaves out goes to notes, ``ignored``, problems."""
    kept: list[SourceRecord] = []
    signed: list[str] = []
    for record in records:
        if record.type == "SOA" and record.name != APEX:
            result.problems.append(f"{record.where}: SOA at {record.name!r}: an SOA belongs at the zone's apex "
                                   f"only (is --zone right?) [{ZONE_FILE.id}]")
        elif record.name == APEX and record.type in APEX_MANAGED:
            result.notes.append(f"{record.where}: dropped apex {record.type}: Gandi manages it")
        elif record.type in SIGNER_TYPES:
            signed.append(f"{record.name} {record.type}")
        elif not record.values:
            result.notes.append(f"{record.where}: {record.name} {record.type} holds no values: not declared")
        elif matches_any(record.name, ignore):
            result.ignored.append(record)
        else:
            if record.name == APEX and record.type == "CNAME":
                result.notes.append(f"{record.where}: @ CNAME {record.values[0]} becomes @ ALIAS: a CNAME cannot "
                                    "stand at the apex (RFC 1034 §3.6.2); Gandi's ALIAS answers A/AAAA queries "
                                    "with the target's addresses, as Cloudflare's CNAME flattening did")
                record = replace(record, type="ALIAS")
            if PROXIED in record.flags:
                result.notes.append(f"{record.where}: {record.name} {record.type} was proxied by Cloudflare "
                                    f"(cf-proxied:true): Gandi publishes it as is ({', '.join(record.values)}), so "
                                    "visitors reach the origin directly and its address becomes public")
            kept.append(record)
    if signed:
        result.notes.append(f"dropped {len(signed)} DNSSEC record set(s) made by the old provider's signer "
                            f"({', '.join(signed[:3])}{', …' if len(signed) > 3 else ''}): Gandi signs the zone "
                            "with its own keys (see runbooks/migrate-zone.md, DNSSEC)")
    return kept


def _with_ttls(records: list[SourceRecord], clamp_ttl: bool, result: Assembled) -> tuple[list[SourceRecord], int]:
    """Records with usable TTLs and the zone default."""
    explicit = [r for r in records if r.ttl != AUTO_TTL or not clamp_ttl]
    auto = len(records) - len(explicit)
    zone_ttl = _bounded(default_ttl(explicit) if explicit or not auto else AUTO_TTL_SECONDS)
    if auto:
        result.notes.append(f"{auto} record set(s) had TTL 1 (Cloudflare's 'auto'): they take the zone default, "
                            f"{zone_ttl} s")
    out = []
    for record in records:
        if clamp_ttl and record.ttl == AUTO_TTL:
            record = replace(record, ttl=zone_ttl)
        elif clamp_ttl and _bounded(record.ttl) != record.ttl:
            result.notes.append(f"{record.where}: {record.name} {record.type}: TTL {record.ttl} is outside Gandi's "
                                f"{TTL_MIN}..{TTL_MAX}: set to {_bounded(record.ttl)}")
            record = replace(record, ttl=_bounded(record.ttl))
        out.append(record)
    return out, zone_ttl


def assemble(zone_name: str, records: list[SourceRecord], *, ignore: tuple[str, ...] = (),
             source: str = "", shown: str = "", clamp_ttl: bool = True,
             settings: ZoneSettings = ZoneSettings(), mode: str = ADDITIVE) -> Assembled:
    """Build and validate the record file for ``zone_name`` from ``records``.

    ``mode`` is the file's ownership mode (``authoritative`` for a migrated zone:
    the export is the whole zone, so the deploy deletes what Gandi holds beyond it).

    ``clamp_ttl`` (zone files) reads TTL 1 as Cloudflare's "auto" and brings
    other TTLs into Gandi's bounds; a live Gandi zone needs neither.
    """
    result = Assembled()
    shown = shown or f"{zone_name}.yaml"
    kept = _sorted_out(records, ignore, result)
    kept, zone_ttl = _with_ttls(kept, clamp_ttl, result)
    seen: dict[tuple[str, str], SourceRecord] = {}
    for record in kept:
        if record.key in seen:
            result.problems.append(f"{record.where}: {record.name} {record.type} is also at "
                                   f"{seen[record.key].where} (after renaming); merge or drop one [{IMPORT_RULES.id}]")
            continue
        seen[record.key] = record
        result.records.append(record)
    if result.problems:
        return result
    zone = Zone(zone_name, tuple(RecordSet(r.name, r.type, r.ttl, r.values) for r in result.records),
                ttl=zone_ttl, ignore=ignore, settings=settings, mode=mode)
    comments = {r.key: dict(r.comments) for r in result.records if r.comments}
    result.rendered = render_zone(zone, source, comments)
    loaded, findings = check_text(result.rendered.text.encode("utf-8"), shown, expected_zone=zone_name)
    result.problems.extend(_explain(f, result.rendered, seen) for f in findings)
    result.loaded = loaded
    return result


def _explain(finding: Finding, rendered: RenderedZone, by_key: dict[tuple[str, str], SourceRecord]) -> str:
    """A loader finding on the generated text, told in terms of the source record."""
    starts = sorted((line, key) for key, line in rendered.lines.items())
    index = bisect.bisect_right([line for line, _ in starts], finding.line) - 1
    if index < 0:
        return f"{finding.message} [{finding.rule}]"
    key = starts[index][1]
    record = by_key[key]
    return f"{record.where}: {key[0]} {key[1]}: {finding.message} [{finding.rule}]"
