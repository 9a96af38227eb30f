"""Names below a delegation (an NS record set) are never served by this zone.

At a cut only NS and DS belong (RFC 4035 §2.4); below it only glue: A/AAAA of
a name server that an NS record set of this zone names (RFC 1034 §4.2.1; the
cut's own servers, or a sibling delegation's, RFC 9471 §2.2). Anything else is
dead data a reviewer would assume is live.
"""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.names import APEX, relative_name
from zonestack.rule_registry import ERROR, define

RULE = define("delegation", ERROR, "nothing but NS/DS at a delegation cut, and below it only A/AAAA glue for name "
              "servers the zone's NS records name (RFC 1034 §4.2.1, RFC 9471)",
              "`www.lab A` under `lab NS ns1.lab.example.com.` (not an NS target)")
GLUE = ("A", "AAAA")


def check(zone: Zone) -> Iterator[Finding]:
    cuts = {r.name: r for r in zone.records if r.type == "NS" and r.name != APEX}
    if not cuts:
        return
    glue = {relative_name(v, zone.name) for ns in cuts.values() for v in ns.values}
    for record in zone.records:
        if record.name == APEX:
            continue
        for cut in cuts:
            if record.name == cut:
                if record.type in ("NS", "DS"):
                    continue
                detail = "only NS and DS belong at a cut"
            elif record.name.endswith("." + cut):
                if record.type in GLUE and record.name in glue:
                    continue
                detail = ("only A/AAAA glue for a name server of an NS record belongs below it "
                          f"(here: {', '.join(sorted(cuts[cut].values))})")
            else:
                continue
            yield RULE.at(zone.path, record.line,
                          f"{record.name} {record.type} lies in the delegated sub-zone {cut!r} (NS) and would never be "
                          f"served; {detail}")
            break
