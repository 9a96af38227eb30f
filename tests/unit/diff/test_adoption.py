"""Adoption (:mod:`zonestack.deploy.adoption`): import blocks beside the stack, from the one diff."""

from __future__ import annotations

import json
from pathlib import Path

from zonestack.deploy.adoption import (
    ADOPT_FILE,
    adoption_blocks,
    remove_adoption,
    synthesised_imports,
    write_adoption,
)
from zonestack.diff import diff
from zonestack.gandi import LiveRRset
from zonestack.loader import check_text
from zonestack.model import RecordSet, Zone
from zonestack.tfstate import EMPTY, StateRecord, ZoneState

ZONE = "example.com"
DECLARED = """\
zone: example.com
records:
  - {name: www, type: A, values: [203.0.113.80]}
  - {name: "@", type: MX, values: ["10 mx.example.net."]}
  - {name: "*.preview", type: CNAME, values: [app.example.com.]}
"""
LIVE = [LiveRRset("www", "A", 10800, ("203.0.113.80",)), LiveRRset("@", "MX", 10800, ("10 spool.mail.gandi.net.",)),
        LiveRRset("*.preview", "CNAME", 10800, ("app.example.com.",)), LiveRRset("webmail", "CNAME", 10800, ("w.",))]
DOMAIN = {"to": "gandi_livedns_domain.zone", "id": ZONE}
WWW = {"to": "gandi_livedns_record.A_www", "id": "example.com/www/A"}
MX = {"to": "gandi_livedns_record.MX_APEX", "id": "example.com/@/MX"}
PREVIEW = {"to": "gandi_livedns_record.CNAME_STAR-preview", "id": "example.com/*.preview/CNAME"}


def zone_of() -> Zone:
    zone, findings = check_text(DECLARED.encode(), f"{ZONE}.yaml", ZONE)
    assert zone is not None and not findings
    return zone


def stack(tmp_path: Path, imports: list[dict[str, str]] | None = None) -> Path:
    directory = tmp_path / "cdktf.out" / "stacks" / ZONE
    directory.mkdir(parents=True, exist_ok=True)
    body: dict[str, object] = {"resource": {}}
    if imports is not None:
        body["import"] = imports
    (directory / "cdk.tf.json").write_text(json.dumps(body), encoding="utf-8")
    return directory


def test_blocks_for_the_zone_and_every_live_declared_set_state_lacks() -> None:
    found = diff(zone_of(), LIVE, EMPTY)
    assert adoption_blocks(found) == [DOMAIN, PREVIEW, MX, WWW]  # the zone first, then by (name, type)
    assert adoption_blocks(found, manage_domain=False) == [PREVIEW, MX, WWW]


def test_nothing_in_state_is_imported_again() -> None:
    state = ZoneState((StateRecord("gandi_livedns_record.A_www", RecordSet("www", "A", 10800, ("203.0.113.80",))),),
                      "gandi_livedns_domain.zone")
    assert adoption_blocks(diff(zone_of(), LIVE, state)) == [PREVIEW, MX]


def test_a_zone_not_at_gandi_adopts_nothing() -> None:
    assert adoption_blocks(diff(zone_of(), None, EMPTY)) == []


def test_imports_synthesis_already_emitted_are_not_repeated(tmp_path: Path) -> None:
    directory = stack(tmp_path, [DOMAIN, MX])
    assert synthesised_imports(directory) == {"gandi_livedns_domain.zone", "gandi_livedns_record.MX_APEX"}
    assert write_adoption(directory, diff(zone_of(), LIVE, EMPTY)) == 2
    written = json.loads((directory / ADOPT_FILE).read_text(encoding="utf-8"))
    assert written == {"import": [PREVIEW, WWW]}


def test_an_unreadable_stack_hides_no_import(tmp_path: Path) -> None:
    assert synthesised_imports(tmp_path / "nowhere") == set()
    directory = stack(tmp_path)
    (directory / "cdk.tf.json").write_text("{", encoding="utf-8")
    assert synthesised_imports(directory) == set()
    assert synthesised_imports(stack(tmp_path)) == set()  # a stack without import blocks


def test_the_file_is_removed_when_nothing_is_left_to_adopt(tmp_path: Path) -> None:
    directory = stack(tmp_path)
    assert write_adoption(directory, diff(zone_of(), LIVE, EMPTY)) == 4
    assert (directory / ADOPT_FILE).is_file()
    adopted = ZoneState(tuple(StateRecord(f"gandi_livedns_record.{i}", RecordSet(s.name, s.type, s.ttl, s.values))
                              for i, s in enumerate(LIVE[:3])), "gandi_livedns_domain.zone")
    assert write_adoption(directory, diff(zone_of(), LIVE, adopted)) == 0
    assert not (directory / ADOPT_FILE).exists()
    assert write_adoption(directory, diff(zone_of(), LIVE, adopted)) == 0  # and stays absent
    write_adoption(directory, diff(zone_of(), LIVE, EMPTY))
    remove_adoption(directory)
    assert not (directory / ADOPT_FILE).exists()
    remove_adoption(directory)  # removing twice is fine


def test_the_file_is_terraform_json_beside_the_stack(tmp_path: Path) -> None:
    directory = stack(tmp_path)
    write_adoption(directory, diff(zone_of(), LIVE, EMPTY))
    assert ADOPT_FILE.endswith(".tf.json")  # Terraform reads every *.tf.json in the directory
    assert sorted(p.name for p in directory.iterdir()) == ["cdk.tf.json", ADOPT_FILE]
