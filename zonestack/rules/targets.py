"""NS, MX and SRV targets must not be aliases (RFC 2181 §10.3, RFC 2782).

Checked for targets inside the zone, where the file says what they are: a
target that is a CNAME here is refused (mail servers and resolvers may not
follow it).
"""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.names import absolute
from zonestack.rule_registry import ERROR, define

RULE = define("target-is-cname", ERROR, "an NS, MX or SRV target inside the zone is not a CNAME (RFC 2181 §10.3, "
              "RFC 2782)", "`@ MX 10 mail` with `mail CNAME host.example.net.`")
#: Types checked; in each canonical value the target is the last word.
CHECKED = ("NS", "MX", "SRV")


def check(zone: Zone) -> Iterator[Finding]:
    cnames = {absolute(r.name, zone.name): r.line for r in zone.records if r.type == "CNAME"}
    if not cnames:
        return
    for record in zone.records:
        if record.type not in CHECKED:
            continue
        for value, line in zip(record.values, record.value_lines, strict=True):
            target = value.rsplit(" ", 1)[-1]
            if target in cnames:
                yield RULE.at(zone.path, line,
                              f"{record.type} target {target} is a CNAME in this zone (line {cnames[target]}); "
                              f"{record.type} targets must name a host with A/AAAA records, not an alias: point it "
                              "at the CNAME's target")
