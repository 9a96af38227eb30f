"""Where a type may stand: apex NS/SOA belong to Gandi, ALIAS only at the apex,
single-target types take exactly one value."""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.names import APEX
from zonestack.rule_registry import ERROR, define

DS_APEX = define("ds-apex", ERROR, "no DS at the apex: a zone's DS lives in the parent zone (RFC 4034 §5, RFC 4035 "
                 "§2.4); publish CDS for the parent to pick up", "`name: \"@\"` `type: DS`")
RULE = define("placement", ERROR, "apex NS and SOA belong to Gandi; ALIAS only at the apex; "
              "CNAME/ALIAS/DNAME take one value",
              "`name: \"@\"` `type: NS`")
SINGLE_VALUE = ("CNAME", "ALIAS", "DNAME")


def check(zone: Zone) -> Iterator[Finding]:
    for record in zone.records:
        where = f"{record.name} {record.type}"
        if record.type == "SOA":
            yield RULE.at(zone.path, record.line, "SOA is managed by Gandi and cannot be declared")
        elif record.type == "NS" and record.name == APEX:
            yield RULE.at(zone.path, record.line,
                "apex NS records are managed by Gandi (change nameservers at the registrar instead)")
        if record.type == "DS" and record.name == APEX:
            yield DS_APEX.at(zone.path, record.line, "DS at the apex belongs in the parent zone (RFC 4034 §5): give "
                             "it to the registrar, or publish CDS here for the parent to pick up")
        if record.type == "ALIAS" and record.name != APEX:
            yield RULE.at(zone.path, record.line, f"{where}: ALIAS is only allowed at the apex ('@')")
        if record.type in SINGLE_VALUE and len(record.values) > 1:
            yield RULE.at(zone.path, record.value_lines[1], f"{where}: {record.type} takes exactly one value")
