"""Aliases inside the zone: ALIAS beside apex addresses, loops of CNAME/ALIAS, DNAME subtrees.

- Gandi answers an apex ALIAS with the target's addresses, so A/AAAA declared
  at the apex beside it contradict it (Gandi's ALIAS documentation).
- A CNAME or ALIAS chain that comes back to itself (``a → a``, ``a → b → a``)
  never resolves (RFC 1034 §3.6.2, RFC 2181 §10.1.1 "loops").
- A DNAME redirects the whole subtree below its owner, so names below it are
  never served (RFC 6672 §2.4).
"""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.names import APEX, relative_name
from zonestack.rule_registry import ERROR, define

ALIAS_ADDRESSES = define("alias-apex-addresses", ERROR, "an apex ALIAS has no A/AAAA beside it (Gandi answers the "
                         "ALIAS target's addresses)", "`@ ALIAS example.net.` with `@ A 192.0.2.1`")
LOOP = define("cname-loop", ERROR, "CNAME/ALIAS chains inside the zone end somewhere (RFC 1034 §3.6.2)",
              "`a CNAME b` and `b CNAME a`")
DNAME_SUBTREE = define("dname-subtree", ERROR, "no names below a DNAME owner (RFC 6672 §2.4)",
                       "`old DNAME new.example.net.` with `www.old A 192.0.2.1`")

ALIASING = ("CNAME", "ALIAS")


def check(zone: Zone) -> Iterator[Finding]:
    yield from _alias_addresses(zone)
    yield from _loops(zone)
    yield from _dname_subtrees(zone)


def _alias_addresses(zone: Zone) -> Iterator[Finding]:
    alias = zone.by_key.get((APEX, "ALIAS"))
    if alias is None:
        return
    for rtype in ("A", "AAAA"):
        record = zone.by_key.get((APEX, rtype))
        if record is not None:
            yield ALIAS_ADDRESSES.at(zone.path, record.line,
                                     f"apex {rtype} beside the apex ALIAS (line {alias.line}): Gandi answers the ALIAS "
                                     "target's addresses; drop one of them")


def _loops(zone: Zone) -> Iterator[Finding]:
    edges: dict[str, str] = {}
    lines: dict[str, int] = {}
    for record in zone.records:
        if record.type in ALIASING and record.values:
            target = relative_name(record.values[0], zone.name)
            if target is not None:
                edges[record.name] = target
                lines[record.name] = record.line
    reported: set[str] = set()
    for start in edges:
        path, node = [start], edges[start]
        while node in edges and node not in path and len(path) <= len(edges):
            path.append(node)
            node = edges[node]
        if node not in path or node in reported:
            continue
        cycle = path[path.index(node):]
        reported.update(cycle)
        first = min(cycle, key=lambda name: lines[name])
        rotated = cycle[cycle.index(first):] + cycle[: cycle.index(first)]
        shown = " → ".join(rotated + [first])
        yield LOOP.at(zone.path, lines[first], f"alias loop {shown}: the chain never reaches an address")


def _dname_subtrees(zone: Zone) -> Iterator[Finding]:
    owners = {r.name: r.line for r in zone.records if r.type == "DNAME"}
    if not owners:
        return
    for record in zone.records:
        for owner, line in owners.items():
            below = record.name != APEX if owner == APEX else record.name.endswith("." + owner)
            if below:
                yield DNAME_SUBTREE.at(zone.path, record.line,
                                       f"{record.name} {record.type} lies below the DNAME at {owner!r} (line {line}), "
                                       "which redirects that whole subtree: it would never be served (RFC 6672 §2.4)")
                break
