"""Names below a delegation (an NS record set) are never served by this zone.

Only glue (A/AAAA for the delegated name servers) makes sense there; anything
else is dead data a reviewer would assume is live.
"""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.names import APEX

RULE = "delegation"
GLUE = ("A", "AAAA")


def check(zone: Zone) -> Iterator[Finding]:
    delegated = {r.name for r in zone.records if r.type == "NS" and r.name != APEX}
    if not delegated:
        return
    for record in zone.records:
        if record.name == APEX:
            continue
        for cut in delegated:
            below = record.name.endswith("." + cut)
            at_cut_other = record.name == cut and record.type not in ("NS", "DS")
            if at_cut_other or (below and record.type not in GLUE):
                yield Finding(
                    zone.path, record.line,
                    f"{record.name} {record.type} lies in the delegated sub-zone {cut!r} (NS) and would never be "
                    "served; only NS/DS at the cut and A/AAAA glue below it belong here", RULE,
                )
                break
