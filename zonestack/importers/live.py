"""A live Gandi zone → source records, a round-trip check, and an import plan.

Adopting a zone must not change it: every declared value has to re-canonicalise
to exactly what Gandi stores, or the first deploy would rewrite it (or fight
over it forever). ``round_trip_problems`` compares what the loader reads back
from the generated file with the live listing, record set by record set.
"""

from __future__ import annotations

from collections.abc import Iterable

from zonestack.gandi.rrset import LiveRRset
from zonestack.imports_plan import ImportPlan
from zonestack.importers.source import SourceRecord
from zonestack.model import Zone
from zonestack.resource_ids import provider_import_id, record_id

#: What a new zone ignores: names ACME DNS-01 bots write (records-format.md).
DEFAULT_IGNORE: tuple[str, ...] = ("_acme-challenge*",)


def live_records(rrsets: Iterable[LiveRRset]) -> list[SourceRecord]:
    """Live record sets as source records (``where`` = ``name TYPE``)."""
    return [SourceRecord(r.name.lower(), r.type.upper(), r.ttl, r.values, f"{r.name} {r.type}") for r in rrsets]


def round_trip_problems(sources: Iterable[SourceRecord], loaded: Zone) -> list[str]:
    """One line per record set whose declared form would not give back the live one."""
    problems = []
    for source in sources:
        declared = loaded.by_key.get(source.key)
        if declared is None:
            problems.append(f"{source.where}: would not be declared at all")
        elif declared.values != source.values:
            problems.append(f"{source.where}: live values {list(source.values)} would be written back as "
                            f"{list(declared.values)}")
        elif declared.ttl != source.ttl:
            problems.append(f"{source.where}: live TTL {source.ttl} would be written back as {declared.ttl}")
    return problems


def import_plan(zone: str, records: Iterable[SourceRecord]) -> ImportPlan:
    """Adopt the zone and every declared record set on the first deploy."""
    return ImportPlan(domain=True, records={record_id(r.name, r.type): provider_import_id(zone, r.name, r.type)
                                            for r in records})
