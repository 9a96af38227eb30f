"""Zone model → record-file text that the loader accepts and that round-trips.

Values in the model are Gandi's canonical strings; the file gets what a person
would write: TXT/SPF as plain text (``rdata.wire_to_text``), host names
absolute. Entries are ordered apex first, then by name and type, so the same
zone always gives the same text. ``render_zone`` also returns the line of each
entry, so a problem the loader finds can be traced back to its source record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

from zonestack.model import ADDITIVE, RecordSet, Zone
from zonestack.names import APEX
from zonestack.rdata import wire_to_text
from zonestack.rrtypes import TEXT_TYPES

_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$")


@dataclass(frozen=True)
class RenderedZone:
    """The file text and the 1-based line of each record entry, by (name, type)."""

    text: str
    lines: dict[tuple[str, str], int] = field(default_factory=dict)


def scalar(value: str) -> str:
    """A YAML scalar for ``value``: plain when unambiguous, else double-quoted."""
    if _PLAIN.match(value) and ": " not in value:
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=True)


def sort_key(record: RecordSet) -> tuple[bool, str, str]:
    """Apex first, then names, then types: the order Gandi lists them in."""
    return (record.name != APEX, record.name, record.type)


def file_values(record: RecordSet) -> list[str]:
    """The record's values as written in a record file."""
    if record.type in TEXT_TYPES:
        return [wire_to_text(v) for v in record.values]
    return list(record.values)


def render_zone(zone: Zone, source: str = "",
                comments: Mapping[tuple[str, str], Mapping[str, str]] | None = None) -> RenderedZone:
    """Record-file text for ``zone``; ``source`` goes into the comment header.

    ``comments`` (by record key, then canonical value) are written as YAML
    comments at the end of their value's line: an import keeps what the old
    provider's records said (Cloudflare's record comments).
    """
    comments = comments or {}
    out: list[str] = []
    if source:
        out.extend(f"# {line}".rstrip() for line in source.splitlines())
    out.append("# Record file: see docs/records-format.md; validate with `zonestack validate`.")
    out.append(f"zone: {scalar(zone.name)}")
    out.append(f"ttl: {zone.ttl}")
    if zone.mode != ADDITIVE:
        out.append(f"mode: {zone.mode}")
    for key, patterns in (("ignore", zone.ignore), ("forbid", zone.forbid)):
        if patterns:
            out.append(f"{key}:")
            out.extend(f"  - {scalar(p)}" for p in patterns)
    if zone.settings.automatic_snapshots is not None:
        out.append("settings:")
        out.append(f"  automatic_snapshots: {str(zone.settings.automatic_snapshots).lower()}")
    if zone.delegation is not None:
        out.append(f"delegation: {{registrar: {zone.delegation.registrar}}}")
    lines: dict[tuple[str, str], int] = {}
    if not zone.records:
        out.append("records: []")
    else:
        out.append("records:")
    for record in sorted(zone.records, key=sort_key):
        lines[record.key] = len(out) + 1
        out.append(f"  - name: {scalar(record.name)}")
        out.append(f"    type: {record.type}")
        if record.ttl != zone.ttl:
            out.append(f"    ttl: {record.ttl}")
        out.append("    values:")
        said = comments.get(record.key, {})
        for wire, value in zip(record.values, file_values(record), strict=True):
            note = " ".join(said.get(wire, "").split())
            out.append(f"      - {scalar(value)}" + (f"  # {note}" if note else ""))
    return RenderedZone("\n".join(out) + "\n", lines)
