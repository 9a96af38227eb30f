"""The synthesised Terraform JSON of every zone in records/ matches its snapshot."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

import pytest

from tests.snapshots.snapshot import snapshot_diff, snapshot_path, synth_zone
from zonestack.catalog import record_files
from zonestack.loader import load_zone

RECORD_FILES = record_files([Path(__file__).resolve().parents[2] / "records"])


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: p.stem)
def test_zone_matches_snapshot(path: Path, update_snapshots: bool) -> None:
    zone = load_zone(path)
    actual = synth_zone(zone)
    if update_snapshots:
        snapshot_path(zone.name).write_text(actual, encoding="utf-8")
        return
    assert snapshot_path(zone.name).exists(), f"no snapshot for {zone.name}: run `pipenv run update-snapshots`"
    diff = snapshot_diff(zone.name, actual)
    assert not diff, f"synthesised JSON of {zone.name} differs from its snapshot:\n{diff}"


def test_changing_one_record_fails_with_a_diff_naming_it() -> None:
    zone = load_zone(RECORD_FILES[0])
    changed = [replace(r, values=("203.0.113.99",)) if r.key == ("mail", "A") else r for r in zone.records]
    diff = snapshot_diff(zone.name, synth_zone(replace(zone, records=tuple(changed), by_key={})))
    removed = [l for l in diff.splitlines() if l.startswith("-") and not l.startswith("---")]
    added = [l for l in diff.splitlines() if l.startswith("+") and not l.startswith("+++")]
    assert removed == ['-          "203.0.113.25"'] and added == ['+          "203.0.113.99"'], diff
    assert '"name": "mail"' in diff and '"type": "A"' in diff, "the diff's context must show which record set changed"


def test_record_order_does_not_change_the_json() -> None:
    zone = load_zone(RECORD_FILES[0])
    reordered = replace(zone, records=tuple(reversed(copy.copy(zone.records))), by_key={})
    assert synth_zone(reordered) == synth_zone(zone)
