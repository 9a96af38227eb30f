"""Name policies: ``forbid`` globs are never published; declaring an ``ignore``d
name is a contradiction (the stack would both manage and ignore it)."""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone, matches_any
from zonestack.rule_registry import ERROR, define

RULE = define("policy", ERROR, "no name matches `forbid`; no declared name matches `ignore`",
              "`name: test` with `forbid: [test]`")


def check(zone: Zone) -> Iterator[Finding]:
    for record in zone.records:
        if matches_any(record.name, zone.forbid):
            yield RULE.at(zone.path, record.line, f"name {record.name!r} matches a 'forbid' pattern")
        if matches_any(record.name, zone.ignore):
            yield RULE.at(zone.path, record.line,
                f"name {record.name!r} matches an 'ignore' pattern: it cannot be both declared and ignored")
