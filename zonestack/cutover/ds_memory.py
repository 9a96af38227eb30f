"""What the cutover remembers about the parent's DS: when it was last served, and its TTL.

The wait after removing a DS at the registry is the TTL the parent served it with (RFC 4035 §5:
a validating resolver keeps the DS that long), counted from the last moment it was seen served.
The tool never guesses that TTL: it remembers what it observed, in
``.state/delegation-<zone>/ds-last-seen.json`` (``{"seen": epoch seconds, "ttl": seconds}``),
written whenever a pre-flight sees a DS. Unreadable memory counts as none (a DS still served is
seen again at the next run).
"""

from __future__ import annotations

import json
from pathlib import Path

from zonestack.atomic import write_text
from zonestack.delegation import delegation_stack_name

FILE = "ds-last-seen.json"


def memory_path(state_dir: Path, zone: str) -> Path:
    return Path(state_dir) / delegation_stack_name(zone) / FILE


def remember(state_dir: Path, zone: str, seen: float, ttl: int) -> None:
    """Record that the parent served a DS for ``zone`` at ``seen`` with ``ttl``."""
    path = memory_path(state_dir, zone)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps({"seen": seen, "ttl": ttl}) + "\n")


def recall(state_dir: Path, zone: str) -> tuple[float | None, int | None]:
    """(last seen, TTL) or (None, None)."""
    try:
        data = json.loads(memory_path(state_dir, zone).read_text(encoding="utf-8"))
        return float(data["seen"]), int(data["ttl"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
