"""What the cutover remembers between runs: a moment and a TTL, per kind of observation.

* ``ds``: when the parent last served a DS for the zone, and the TTL it served it with. The wait
  after removing a DS at the registry is that TTL (RFC 4035 §5: a validating resolver keeps the
  DS that long), counted from the last moment it was seen served. Written whenever a pre-flight
  sees a DS.
* ``flip``: when the cutover applied the nameserver flip, and the NS TTL the parent served for the
  old delegation: until it has passed, resolvers may still ask the old nameservers, so ``zonestack
  dnssec`` does not publish a DS before then.

The tool never guesses a TTL: it remembers what it observed, in
``.state/delegation-<zone>/<kind>-last-seen.json`` (``{"seen": epoch seconds, "ttl": seconds}``).
Unreadable memory counts as none (a DS still served is seen again at the next run). The file is
local to the machine that ran the cutover (it is not in the pg backend).
"""

from __future__ import annotations

import json
from pathlib import Path

from zonestack.atomic import write_text
from zonestack.delegation import delegation_stack_name

DS, FLIP = "ds", "flip"


def memory_path(state_dir: Path, zone: str, kind: str = DS) -> Path:
    return Path(state_dir) / delegation_stack_name(zone) / f"{kind}-last-seen.json"


def remember(state_dir: Path, zone: str, seen: float, ttl: int, kind: str = DS) -> None:
    """Record that ``kind`` was observed for ``zone`` at ``seen`` (epoch seconds) with ``ttl`` (seconds)."""
    path = memory_path(state_dir, zone, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps({"seen": seen, "ttl": ttl}) + "\n")


def recall(state_dir: Path, zone: str, kind: str = DS) -> tuple[float | None, int | None]:
    """(moment, TTL) or (None, None)."""
    try:
        data = json.loads(memory_path(state_dir, zone, kind).read_text(encoding="utf-8"))
        return float(data["seen"]), int(data["ttl"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
