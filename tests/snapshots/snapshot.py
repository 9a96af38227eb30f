"""Snapshot helpers: synthesise a zone in memory and compare with the stored JSON.

Stored snapshots live in ``tests/snapshots/__snapshots__/<zone>.json``; refresh
them with ``pipenv run update-snapshots`` after an intended change, and review
the diff in the pull request like any other code.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from constructs_lib.cdk import Testing
from constructs_lib.zone import GandiZoneProps
from stacks.zone_stack import ZoneStack
from zonestack.fingerprint import stamped
from zonestack.model import Zone

SNAPSHOT_DIR = Path(__file__).parent / "__snapshots__"


def synth_zone(zone: Zone) -> str:
    """The zone's stack as pretty, key-sorted JSON text (stable across runs)."""
    app = Testing.app()
    stack = ZoneStack(app, GandiZoneProps(zone=zone), env={})
    return json.dumps(stamped(json.loads(Testing.synth(stack))), indent=2, sort_keys=True) + "\n"


def snapshot_path(zone_name: str) -> Path:
    return SNAPSHOT_DIR / f"{zone_name}.json"


def snapshot_diff(zone_name: str, actual: str) -> str:
    """A unified diff between the stored snapshot and ``actual`` ('' if equal)."""
    path = snapshot_path(zone_name)
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    return text_diff(expected, actual, f"stored {path.name}", f"synthesised {zone_name}")


def text_diff(expected: str, actual: str, before: str, after: str) -> str:
    """A unified diff of two JSON texts ('' if equal)."""
    if expected == actual:
        return ""
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=before,
            tofile=after,
            n=6,  # enough context to show the record set's name and type
        )
    )


def obsolete_snapshots(zone_names: set[str]) -> list[Path]:
    """Stored snapshots of zones no longer in ``records/`` (removed by ``update-snapshots``)."""
    return sorted(p for p in SNAPSHOT_DIR.glob("*.json") if p.stem not in zone_names)
