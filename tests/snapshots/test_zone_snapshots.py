"""The synthesised Terraform JSON of every zone in records/ matches its snapshot.

The zones are whatever the user keeps in ``records/``: a zone without a stored
snapshot gets one written on its first run (and the run says so), except in CI
(``CI`` set), where a missing snapshot fails, so that what CI checks is always
a reviewed snapshot. ``pipenv run update-snapshots`` rewrites them all and
removes those of zones no longer in ``records/``. The tests of the snapshot
machinery itself use the example zone in ``tests/fixtures/records``, so they
hold whatever ``records/`` contains.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.snapshots.snapshot import snapshot_diff, snapshot_path, synth_zone, text_diff
from zonestack.catalog import record_files
from zonestack.loader import load_zone

ROOT = Path(__file__).resolve().parents[2]
RECORD_FILES = record_files([ROOT / "records"])
FIXTURE = ROOT / "tests" / "fixtures" / "records" / "example.com.yaml"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: p.stem)
def test_zone_matches_snapshot(path: Path, update_snapshots: bool, capsys: pytest.CaptureFixture[str]) -> None:
    zone = load_zone(path)
    actual = synth_zone(zone)
    stored = snapshot_path(zone.name)
    if update_snapshots or (not stored.exists() and not in_ci()):
        if not update_snapshots:
            with capsys.disabled():
                print(f"\nsnapshot: wrote {stored.relative_to(ROOT)} for the new zone {zone.name}; review and commit it")
        stored.write_text(actual, encoding="utf-8")
        return
    assert stored.exists(), f"no snapshot for {zone.name}: run `pipenv run update-snapshots` and commit it"
    diff = snapshot_diff(zone.name, actual)
    assert not diff, f"synthesised JSON of {zone.name} differs from its snapshot:\n{diff}"


def test_changing_one_record_fails_with_a_diff_naming_it() -> None:
    zone = load_zone(FIXTURE)
    changed = [replace(r, values=("203.0.113.99",)) if r.key == ("mail", "A") else r for r in zone.records]
    diff = text_diff(synth_zone(zone), synth_zone(replace(zone, records=tuple(changed), by_key={})), "stored", "now")
    removed = [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    # the configuration's fingerprint output (zonestack/fingerprint.py) changes with it, as it must
    fingerprint = re.compile(r'^[-+] {6}"value": "[0-9a-f]{64}"$')
    assert [bool(fingerprint.match(line)) for line in removed] == [True, False] and fingerprint.match(added[0]), diff
    assert removed[1:] == ['-          "203.0.113.25"'] and added[1:] == ['+          "203.0.113.99"'], diff
    assert '"name": "mail"' in diff and '"type": "A"' in diff, "the diff's context must show which record set changed"


def test_record_order_does_not_change_the_json() -> None:
    zone = load_zone(FIXTURE)
    reordered = replace(zone, records=tuple(reversed(copy.copy(zone.records))), by_key={})
    assert synth_zone(reordered) == synth_zone(zone)
