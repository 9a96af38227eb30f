"""Each (name, type) once per file, each value once per record set.

Values are compared in canonical form, so ``2001:DB8::1`` and ``2001:db8::1``
are the same value.
"""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.rule_registry import ERROR, define

RULE = define("duplicates", ERROR, "each (name, type) once; no value twice in a record set (compared "
              "in canonical form)",
              "two `www A` entries")


def check(zone: Zone) -> Iterator[Finding]:
    first_line: dict[tuple[str, str], int] = {}
    for record in zone.records:
        if record.key in first_line:
            yield RULE.at(zone.path, record.line,
                f"{record.name} {record.type} is declared twice (first at line {first_line[record.key]}); "
                "put all values in one entry")
        else:
            first_line[record.key] = record.line
        seen: set[str] = set()
        for value, line in zip(record.values, record.value_lines, strict=True):
            if value in seen:
                yield RULE.at(zone.path, line, f"{record.name} {record.type}: value {value!r} appears twice")
            seen.add(value)
