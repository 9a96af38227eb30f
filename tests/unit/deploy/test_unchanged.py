"""The "nothing can have changed" rule, tried with everything that should fool it (plan for real)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zonestack import fingerprint
from zonestack.deploy.snapshot import ZoneSnapshot
from zonestack.deploy.unchanged import unchanged
from zonestack.model import RecordSet, Zone, ZoneSettings
from zonestack.tfstate import parse_state

TF = "1.11.4"
WWW = RecordSet("www", "A", 300, ("192.0.2.1",))
MX = RecordSet("@", "MX", 3600, ("10 mail.example.net.",))
ZONE = Zone("example.com", (MX, WWW), settings=ZoneSettings())


def stack_file(tmp_path: Path, extra: dict | None = None) -> Path:
    body = {"terraform": {"required_providers": {"gandi": {"source": "go-gandi/gandi", "version": "= 2.3.0"}}},
            "resource": {"gandi_livedns_record": {"A_www": {"values": ["192.0.2.1"]}}}, **(extra or {})}
    path = tmp_path / "cdk.tf.json"
    path.write_text(json.dumps(fingerprint.stamped(body)), encoding="utf-8")
    return path


def state_text(fp: str | None, *, records: tuple[RecordSet, ...] = (MX, WWW), version: str = TF,
               tainted: str = "", snapshots: bool = True, extra_resource: bool = False) -> str:
    resources = [{"mode": "managed", "type": "gandi_livedns_domain", "name": "zone",
                  "instances": [{"attributes": {"id": "example.com", "automatic_snapshots": snapshots}}]}]
    for r in records:
        rid = f"{r.type}_{r.name}"
        resources.append({"mode": "managed", "type": "gandi_livedns_record", "name": rid, "instances": [{
            "status": "tainted" if rid == tainted else None,
            "attributes": {"name": r.name, "type": r.type, "ttl": r.ttl, "values": list(r.values)}}]})
    if extra_resource:
        resources.append({"mode": "managed", "type": "terraform_data", "name": "x", "instances": [{"attributes": {}}]})
    outputs = {} if fp is None else {fingerprint.OUTPUT: {"value": fp, "type": "string"}}
    return json.dumps({"version": 4, "terraform_version": version, "serial": 3, "lineage": "l",
                       "outputs": outputs, "resources": resources})


def snap(text: str, live: tuple[RecordSet, ...] | None = (MX, WWW), domain: dict | None = None) -> ZoneSnapshot:
    return ZoneSnapshot(ZONE, parse_state(text, "state"), live, domain or {"automatic_snapshots": True})


def test_all_equal_skips_terraform(tmp_path: Path) -> None:
    path = stack_file(tmp_path)
    assert unchanged(snap(state_text(fingerprint.read(path))), path, TF) is None


@pytest.mark.parametrize("case", ["no-output", "config-changed", "provider-pin", "imports-changed"])
def test_configuration_changes_plan_for_real(tmp_path: Path, case: str) -> None:
    applied = fingerprint.read(stack_file(tmp_path))
    extra = {
        "no-output": {},
        "config-changed": {"resource": {"gandi_livedns_record": {"A_www": {"values": ["192.0.2.2"]}}}},
        "provider-pin": {"terraform": {"required_providers": {"gandi": {"source": "go-gandi/gandi",
                                                                          "version": "= 2.3.1"}}}},
        "imports-changed": {"import": [{"to": "gandi_livedns_record.A_www", "id": "example.com/www/A"}]},
    }[case]
    path = stack_file(tmp_path, extra)
    state = state_text(None if case == "no-output" else applied)
    assert unchanged(snap(state), path, TF) is not None


def test_another_terraform_version_plans_for_real(tmp_path: Path) -> None:
    path = stack_file(tmp_path)
    assert "Terraform" in (unchanged(snap(state_text(fingerprint.read(path), version="1.10.0")), path, TF) or "")


@pytest.mark.parametrize("case", ["value-edited", "set-removed", "tainted", "other-resource", "snapshots-edited"])
def test_state_edited_by_hand_plans_for_real(tmp_path: Path, case: str) -> None:
    path = stack_file(tmp_path)
    fp = fingerprint.read(path)
    text = {
        "value-edited": state_text(fp, records=(MX, RecordSet("www", "A", 300, ("192.0.2.9",)))),
        "set-removed": state_text(fp, records=(MX,)),
        "tainted": state_text(fp, tainted="A_www"),
        "other-resource": state_text(fp, extra_resource=True),
        "snapshots-edited": state_text(fp, snapshots=False),
    }[case]
    assert unchanged(snap(text), path, TF) is not None


@pytest.mark.parametrize("live", [(MX,), (MX, RecordSet("www", "A", 600, ("192.0.2.1",))),
                                  (MX, WWW, RecordSet("www", "TXT", 300, ('"x"',))), None],
                         ids=["deleted-live", "ttl-changed-live", "added-live-undeclared-ok", "zone-gone"])
def test_live_changes_plan_for_real(tmp_path: Path, live: tuple[RecordSet, ...] | None) -> None:
    path = stack_file(tmp_path)
    verdict = unchanged(snap(state_text(fingerprint.read(path)), live), path, TF)
    if live is not None and len(live) == 3:
        assert verdict is None  # an undeclared set beside (additive zone): not ours, nothing to plan
    else:
        assert verdict is not None
