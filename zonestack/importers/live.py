"""A live Gandi zone → source records, a round-trip check, and an import plan.

Live zones hold what other tools wrote (docs/gandi-livedns.md §6-7): TXT
split anywhere, relative or upper-case targets, a value twice. ``canonical_sources``
adopts each set in its canonical form and says, per set, why the stored text
differs (the first deploy then rewrites it in place); only a set whose meaning
would change is a problem. ``round_trip_problems`` then checks that the
generated file declares exactly those canonical sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from zonestack.gandi.rrset import LiveRRset
from zonestack.importers.canonical import canonical_record, differences
from zonestack.importers.source import SourceRecord
from zonestack.imports_plan import ImportPlan
from zonestack.model import Zone, ZoneSettings, matches_any
from zonestack.rdata import ValueProblem
from zonestack.resource_ids import provider_import_id, record_id
from zonestack.rule_registry import VALUES

#: What a new zone ignores: names ACME DNS-01 bots write (records-format.md).
DEFAULT_IGNORE: tuple[str, ...] = ("_acme-challenge*",)


def live_records(rrsets: Iterable[LiveRRset]) -> list[SourceRecord]:
    """Live record sets as source records (``where`` = ``name TYPE``), values as stored."""
    return [SourceRecord(r.name.lower(), r.type.upper(), r.ttl, r.values, f"{r.name} {r.type}") for r in rrsets]


def canonical_sources(sources: Iterable[SourceRecord], zone: str, ignore: tuple[str, ...] = ()
                      ) -> tuple[list[SourceRecord], list[str], list[str]]:
    """``(records in canonical form, notes, problems)`` for stored record sets.

    Sets under ``ignore`` are passed through as stored: the file never declares them.
    """
    records, notes, problems = [], [], []
    for stored in sources:
        if matches_any(stored.name, ignore):
            records.append(stored)
            continue
        try:
            canonical = canonical_record(stored, zone)
            reasons = differences(stored, canonical, zone)
        except ValueProblem as problem:
            problems.append(f"{stored.where}: {problem} [{VALUES.id}]")
            continue
        if reasons and tuple(dict.fromkeys(stored.values)) == canonical.values:
            notes.append(f"{stored.where}: stored as {list(stored.values)}: {'; '.join(reasons)}. The file declares "
                         "each value once; the provider compares values as a set, so no update is planned and the "
                         "copy stays at Gandi until the set is next written")
        elif reasons:
            notes.append(f"{stored.where}: stored as {list(stored.values)}: {'; '.join(reasons)}. The file declares "
                         f"the same data as {list(canonical.values)}, so the first deploy updates it in place")
        records.append(canonical)
    return records, notes, problems


def zone_settings(domain: Mapping[str, Any]) -> ZoneSettings:
    """Settings worth declaring from Gandi's domain object (§5.1): only those off their default."""
    return ZoneSettings(automatic_snapshots=False) if domain.get("automatic_snapshots") is False else ZoneSettings()


def round_trip_problems(sources: Iterable[SourceRecord], loaded: Zone) -> list[str]:
    """One line per record set the generated file would not declare exactly as ``sources``."""
    problems = []
    for source in sources:
        declared = loaded.by_key.get(source.key)
        if declared is None:
            problems.append(f"{source.where}: would not be declared at all")
        elif declared.values != source.values:
            problems.append(f"{source.where}: values {list(source.values)} would be written back as "
                            f"{list(declared.values)}")
        elif declared.ttl != source.ttl:
            problems.append(f"{source.where}: TTL {source.ttl} would be written back as {declared.ttl}")
    return problems


def import_plan(zone: str, records: Iterable[SourceRecord]) -> ImportPlan:
    """Adopt the zone and every declared record set on the first deploy."""
    return ImportPlan(domain=True, records={record_id(r.name, r.type): provider_import_id(zone, r.name, r.type)
                                            for r in records})
