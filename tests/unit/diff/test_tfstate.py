"""The one state parser (:mod:`zonestack.tfstate`) and the readers of a zone's local state file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from zonestack.audit.run import local_state_reader
from zonestack.deploy.snapshot import read_state
from zonestack.model import RecordSet
from zonestack.tfstate import EMPTY, RECOVERY, StateError, StateRecord, ZoneState, parse_state

ROOT = Path(__file__).resolve().parents[3]
STATE = {
    "version": 4,
    "terraform_version": "1.11.4",
    "serial": 7,
    "lineage": "0b1c",
    "outputs": {"fqdn": {"value": "e.org", "type": "string"}},
    "resources": [
        {"mode": "managed", "type": "gandi_livedns_domain", "name": "zone",
         "instances": [{"attributes": {"id": "e.org", "name": "e.org", "automatic_snapshots": False}}]},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "TXT_APEX", "instances": [
            {"attributes": {"name": "@", "type": "TXT", "ttl": 300, "values": ['"a"'], "zone": "e.org"}}]},
        {"mode": "data", "type": "gandi_livedns_record", "name": "ignored", "instances": [{"attributes": {}}]},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "A_www", "instances": [
            {"status": "tainted", "attributes": {"name": "www", "type": "a", "ttl": 1800, "values": ["192.0.2.1"]}}]},
        {"mode": "managed", "type": "terraform_data", "name": "other", "instances": [{"attributes": {}}]},
    ],
}


def test_reads_records_sorted_with_taint_domain_and_header() -> None:
    state = parse_state(json.dumps(STATE), "s.tfstate")
    assert state.records == (
        StateRecord("gandi_livedns_record.TXT_APEX", RecordSet("@", "TXT", 300, ('"a"',))),
        StateRecord("gandi_livedns_record.A_www", RecordSet("www", "A", 1800, ("192.0.2.1",)), tainted=True),
    )
    assert [r.address for r in state.tainted] == ["gandi_livedns_record.A_www"]
    assert (state.domain, state.domain_address, state.automatic_snapshots) == (True, "gandi_livedns_domain.zone", False)
    assert (state.terraform_version, state.lineage, state.serial) == ("1.11.4", "0b1c", 7)
    assert state.outputs == {"fqdn": "e.org"}
    assert state.resources == 4  # managed instances: domain, two records, terraform_data; never data sources
    assert state.keys == frozenset({("@", "TXT"), ("www", "A")})
    assert state.by_key[("www", "A")].values == ("192.0.2.1",)
    assert not state.empty


@pytest.mark.parametrize("text", ["", "  \n"])
def test_no_state_is_the_empty_state(text: str) -> None:
    assert parse_state(text) == EMPTY
    assert EMPTY.empty and not EMPTY.domain and EMPTY.records == ()


def test_a_state_without_a_domain_has_none() -> None:
    state = parse_state(json.dumps({"version": 4, "resources": []}))
    assert state == ZoneState() and state.domain_address is None and state.automatic_snapshots is None


@pytest.mark.parametrize(("text", "where", "what"), [
    ('{"version": 4, "resources": [', "s.tfstate:1:", "the Terraform state is damaged (not valid JSON"),
    ('{\n  "version": 4,\n  "resources": [\n    {"mode": "managed",,}\n', "s.tfstate:4:",
     "the Terraform state is damaged (not valid JSON"),
    ("[]", "s.tfstate:1:", "not a Terraform state document"),
    ('{"resources": []}', "s.tfstate:1:", "not a Terraform state document"),
    (json.dumps({"version": 4, "resources": [{"type": "gandi_livedns_record", "name": "A_x", "instances": [{}]}]}),
     "s.tfstate:1:", "gandi_livedns_record.A_x has no attributes"),
    (json.dumps({"version": 4, "resources": [{"type": "gandi_livedns_record", "name": "A_x",
                                              "instances": [{"attributes": {"name": "x", "ttl": "soon"}}]}]}),
     "s.tfstate:1:", "gandi_livedns_record.A_x has unreadable attributes"),
])
def test_a_damaged_state_is_one_line_naming_the_file_and_the_runbook(text: str, where: str, what: str) -> None:
    with pytest.raises(StateError) as info:
        parse_state(text, "s.tfstate")
    message = str(info.value)
    assert message.startswith(where) and what in message
    assert "\n" not in message
    assert message.endswith(RECOVERY) and "runbooks/state-recovery.md" in message


def test_the_runbook_named_by_the_message_has_that_section() -> None:
    """The message sends people to a runbook section by its title: it must exist."""
    path, title = re.fullmatch(r'(\S+) \("(.+)"\)', RECOVERY).groups()  # type: ignore[union-attr]
    text = (ROOT / path).read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    assert any(title.lower() in h.lower() for h in headings), headings


def _write(project: Path, zone: str, text: str) -> Path:
    path = project / ".state" / zone / "terraform.tfstate"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_deploy_reads_the_local_state_file_without_terraform(tmp_path: Path) -> None:
    env = {"ZONESTACK_BACKEND": "local", "TERRAFORM_BINARY_NAME": "/nonexistent/terraform"}
    assert read_state("e.org", tmp_path, env) == EMPTY  # no state yet
    _write(tmp_path, "e.org", json.dumps(STATE))
    assert read_state("e.org", tmp_path, env) == parse_state(json.dumps(STATE))


def test_the_deploy_names_the_file_relative_to_the_project(tmp_path: Path) -> None:
    _write(tmp_path, "e.org", '{"version": 4, "resources": [')
    with pytest.raises(StateError) as info:
        read_state("e.org", tmp_path, {"ZONESTACK_BACKEND": "local"})
    assert str(info.value).startswith(".state/e.org/terraform.tfstate:1: the Terraform state is damaged")
    assert str(tmp_path) not in str(info.value)


def test_the_pg_backend_parses_what_terraform_pulls(tmp_path: Path) -> None:
    _write(tmp_path, "e.org", "not read")  # the local file is not the pg backend's state
    state = read_state("e.org", tmp_path, {"ZONESTACK_BACKEND": "pg"}, pull=lambda: json.dumps(STATE))
    assert state.keys == frozenset({("@", "TXT"), ("www", "A")})
    with pytest.raises(StateError, match=r"^e\.org \(pg state\):1: the Terraform state is damaged"):
        read_state("e.org", tmp_path, {"ZONESTACK_BACKEND": "pg"}, pull=lambda: "{")
    with pytest.raises(StateError, match="initialised stack"):
        read_state("e.org", tmp_path, {"ZONESTACK_BACKEND": "pg"})


def test_the_audit_reads_the_same_file_with_the_same_parser(tmp_path: Path) -> None:
    read = local_state_reader(tmp_path / ".state")
    assert read("none.org") == EMPTY
    _write(tmp_path, "e.org", json.dumps(STATE))
    assert read("e.org") == parse_state(json.dumps(STATE))
    path = _write(tmp_path, "bad.org", "{")
    with pytest.raises(StateError) as info:
        read("bad.org")
    assert str(info.value).startswith(f"{path}:1: the Terraform state is damaged") and "\n" not in str(info.value)


def test_an_unreadable_state_file_is_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "e.org", "")
    path.unlink()
    path.mkdir()  # a directory where the file should be
    with pytest.raises(StateError) as info:
        read_state("e.org", tmp_path, {"ZONESTACK_BACKEND": "local"})
    assert str(info.value).startswith(".state/e.org/terraform.tfstate:1: cannot read the Terraform state")
    assert "\n" not in str(info.value)
