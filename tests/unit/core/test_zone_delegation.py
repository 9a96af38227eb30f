"""``delegation:`` in a record file: opting the domain's nameservers into a delegation stack."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonestack.exporters.yaml import render_zone
from zonestack.loader import check_text, check_zone
from zonestack.model import Delegation, RecordSet, Zone
from zonestack.zoneset import orphaned_zones

HEAD = "zone: example.com\nrecords:\n  - {name: '@', type: A, values: [192.0.2.1]}\n"


def _check(text: str) -> tuple[Zone | None, list[str]]:
    zone, findings = check_text(text.encode(), "example.com.yaml", expected_zone="example.com")
    return zone, [str(f) for f in findings]


def test_absent_means_no_delegation_stack() -> None:
    zone, findings = _check(HEAD)
    assert findings == [] and zone is not None and zone.delegation is None


def test_gandi_registrar() -> None:
    zone, findings = _check(HEAD + "delegation: {registrar: gandi}\n")
    assert findings == [] and zone is not None and zone.delegation == Delegation("gandi")


@pytest.mark.parametrize(("tail", "expected"), [
    ("delegation: {registrar: ovh}\n",
     "example.com.yaml:4: delegation.registrar must be gandi (the only registrar supported), found 'ovh' [schema]"),
    ("delegation: {}\n", "example.com.yaml:4: delegation is missing the required key 'registrar' [schema]"),
    ("delegation:\n  registrar: gandi\n  nameservers: [a]\n",
     "example.com.yaml:6: unknown key 'nameservers' (allowed here: registrar, dnssec) [schema]"),
    ("delegation: gandi\n",
     "example.com.yaml:4: delegation must be a mapping with registrar (and optionally dnssec), found 'gandi' [schema]"),
])
def test_bad_delegation_is_located(tail: str, expected: str) -> None:
    zone, findings = _check(HEAD + tail)
    assert findings == [expected]


def test_writer_round_trips_delegation(tmp_path: Path) -> None:
    zone = Zone("example.com", (RecordSet("@", "A", 300, ("192.0.2.1",)),), ttl=300, delegation=Delegation("gandi"))
    path = tmp_path / "example.com.yaml"
    path.write_text(render_zone(zone).text)
    loaded, findings = check_zone(path)
    assert findings == [] and loaded is not None and loaded.delegation == Delegation("gandi")


def test_a_delegation_stack_state_is_not_an_orphaned_zone(tmp_path: Path) -> None:
    records, state = tmp_path / "records", tmp_path / ".state"
    records.mkdir()
    (records / "example.com.yaml").write_text(HEAD)
    for name in ("example.com", "delegation-example.com", "delegation-gone.example", "gone.example"):
        (state / name).mkdir(parents=True)
        (state / name / "terraform.tfstate").write_text("{}")
    assert orphaned_zones({"example.com"}, records, state) == ["delegation-gone.example", "gone.example"]


def test_a_zone_named_like_a_delegation_stack_is_refused_with_both_files(tmp_path: Path) -> None:
    from zonestack.catalog import load_catalog

    records = tmp_path / "records"
    records.mkdir()
    (records / "example.com.yaml").write_text(HEAD + "delegation: {registrar: gandi}\n")
    (records / "delegation-example.com.yaml").write_text(HEAD.replace("example.com", "delegation-example.com"))
    catalog = load_catalog([records])
    assert [z.name for z in catalog.zones] == ["delegation-example.com"]
    assert [str(f) for f in catalog.findings] == [
        f"{records / 'example.com.yaml'}:4: the delegation stack delegation-example.com would have the name of the "
        f"zone declared in {records / 'delegation-example.com.yaml'}: one of the two must go [zone]"]
