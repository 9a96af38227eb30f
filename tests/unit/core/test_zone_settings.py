"""``settings:`` in a record file: the zone object's own settings at Gandi."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonestack.exporters.yaml import render_zone
from zonestack.loader import check_text, check_zone
from zonestack.model import RecordSet, Zone, ZoneSettings

HEAD = "zone: example.com\nrecords:\n  - {name: '@', type: A, values: [192.0.2.1]}\n"


def _check(text: str) -> tuple[Zone | None, list[str]]:
    zone, findings = check_text(text.encode(), "example.com.yaml", expected_zone="example.com")
    return zone, [str(f) for f in findings]


def test_absent_means_not_declared() -> None:
    zone, findings = _check(HEAD)
    assert findings == [] and zone is not None and zone.settings == ZoneSettings(automatic_snapshots=None)


@pytest.mark.parametrize("value", ["false", "no"])
def test_automatic_snapshots_off(value: str) -> None:
    zone, findings = _check(HEAD + f"settings:\n  automatic_snapshots: {value}\n")
    assert findings == [] and zone is not None and zone.settings.automatic_snapshots is False


@pytest.mark.parametrize(("tail", "expected"), [
    ("settings:\n  automatic_snapshots: maybe\n",
     "example.com.yaml:5: settings.automatic_snapshots must be true or false, found 'maybe' [schema]"),
    ("settings:\n  snapshots: false\n",
     "example.com.yaml:5: unknown key 'snapshots' (allowed here: automatic_snapshots) [schema]"),
    ("settings: [automatic_snapshots]\n",
     "example.com.yaml:4: settings must be a mapping with automatic_snapshots, found a list [schema]"),
])
def test_bad_settings_are_located(tail: str, expected: str) -> None:
    zone, findings = _check(HEAD + tail)
    assert findings == [expected]


def test_writer_round_trips_settings(tmp_path: Path) -> None:
    zone = Zone("example.com", (RecordSet("@", "A", 300, ("192.0.2.1",)),), ttl=300,
                settings=ZoneSettings(automatic_snapshots=False), mode="authoritative")
    path = tmp_path / "example.com.yaml"
    path.write_text(render_zone(zone).text)
    loaded, findings = check_zone(path)
    assert findings == [] and loaded is not None
    assert (loaded.settings, loaded.mode) == (zone.settings, "authoritative")
