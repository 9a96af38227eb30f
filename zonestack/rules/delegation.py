"""Names below a delegation (an NS record set) are never served by this zone.

At a cut only NS and DS belong (RFC 4035 §2.4); below it only glue: A/AAAA of
the name servers that the cut's own NS records name (RFC 1034 §4.2.1). Anything
else is dead data a reviewer would assume is live.
"""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.names import APEX, relative_name
from zonestack.rules.registry import ERROR, define

RULE = define("delegation", ERROR, "nothing but NS/DS at a delegation cut, and below it only A/AAAA glue for the "
              "cut's own NS targets (RFC 1034 §4.2.1)", "`www.lab A` under `lab NS ns1.lab.example.com.` (not an NS "
              "target)")
GLUE = ("A", "AAAA")


def check(zone: Zone) -> Iterator[Finding]:
    cuts = {r.name: r for r in zone.records if r.type == "NS" and r.name != APEX}
    if not cuts:
        return
    glue = {cut: {relative_name(v, zone.name) for v in ns.values} for cut, ns in cuts.items()}
    for record in zone.records:
        if record.name == APEX:
            continue
        for cut in cuts:
            if record.name == cut:
                if record.type in ("NS", "DS"):
                    continue
                detail = "only NS and DS belong at a cut"
            elif record.name.endswith("." + cut):
                if record.type in GLUE and record.name in glue[cut]:
                    continue
                detail = ("only A/AAAA glue for the cut's own name servers belongs below it "
                          f"({', '.join(sorted(cuts[cut].values))})")
            else:
                continue
            yield RULE.at(zone.path, record.line,
                          f"{record.name} {record.type} lies in the delegated sub-zone {cut!r} (NS) and would never be "
                          f"served; {detail}")
            break
