"""Reading record sets out of Terraform state (local backend file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zonestack.audit.state import StateError, StateRecord, parse_state, read_local_state

STATE = {
    "version": 4,
    "resources": [
        {"mode": "managed", "type": "gandi_livedns_domain", "name": "zone", "instances": [{"attributes": {}}]},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "TXT_APEX", "instances": [
            {"attributes": {"name": "@", "type": "TXT", "ttl": 300, "values": ['"a"'], "zone": "e.org"}}]},
        {"mode": "data", "type": "gandi_livedns_record", "name": "ignored", "instances": []},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "A_www", "instances": [
            {"attributes": {"name": "www", "type": "a", "ttl": 1800, "values": ["192.0.2.1"]}}]},
    ],
}


def test_reads_record_instances_sorted(tmp_path: Path) -> None:
    (tmp_path / "e.org").mkdir()
    (tmp_path / "e.org" / "terraform.tfstate").write_text(json.dumps(STATE), encoding="utf-8")
    assert read_local_state("e.org", tmp_path) == [
        StateRecord("gandi_livedns_record.TXT_APEX", "@", "TXT", 300, ('"a"',)),
        StateRecord("gandi_livedns_record.A_www", "www", "A", 1800, ("192.0.2.1",)),
    ]


def test_no_state_file_means_nothing_managed(tmp_path: Path) -> None:
    assert read_local_state("none.org", tmp_path) == []


def test_corrupt_state_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(StateError) as info:
        parse_state('{"resources": [', "s.tfstate")
    assert str(info.value).startswith("s.tfstate:1: not valid JSON state:")
    assert "\n" not in str(info.value)
    with pytest.raises(StateError, match=r"^s:1: not a Terraform state document$"):
        parse_state("[]", "s")
