"""CNAME: never at the apex, and alone at its name (RFC 1034 §3.6.2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.names import APEX
from zonestack.rule_registry import ERROR, define

RULE = define("cname", ERROR, "no CNAME at the apex; a CNAME is alone at its name (RFC 1034 §3.6.2, "
              "RFC 2181 §10.1)",
              "`www CNAME` beside `www TXT`")


def check(zone: Zone) -> Iterator[Finding]:
    types_at: dict[str, list[str]] = defaultdict(list)
    for record in zone.records:
        types_at[record.name].append(record.type)
    for record in zone.records:
        if record.type != "CNAME":
            continue
        if record.name == APEX:
            yield RULE.at(zone.path, record.line, "CNAME is not allowed at the apex (use ALIAS)")
            continue
        others = sorted({t for t in types_at[record.name] if t != "CNAME"})
        if others:
            yield RULE.at(zone.path, record.line,
                f"CNAME at {record.name!r} must be alone at its name, but {record.name!r} also has {', '.join(others)}")
