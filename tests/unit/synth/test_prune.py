"""``terraform_data.prune`` as synthesised: the exact sets, delete-before-create, escaped, kept when done."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from constructs_lib import cdk
from constructs_lib.prune import PruneConfig, content_digest, next_round, prune_input
from constructs_lib.zone import GandiZoneProps
from stacks.app import reconciled_props
from stacks.zone_stack import ZoneStack
from zonestack.deploy.reconcile import PruneSet, Reconcile
from zonestack.loader import load_zone

ZONE = load_zone(Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "records" / "example.com.yaml")
SETS = (PruneSet("@", "A", 10800, ("217.70.184.38",), "conflict"),
        PruneSet("spf", "TXT", 300, ('"v=spf1 exists:%{i}._spf.example.org ~all"',), "authoritative"))


def synth(props: GandiZoneProps) -> dict[str, Any]:
    stack = ZoneStack(cdk.Testing.app(), props, env={})
    return json.loads(cdk.Testing.synth(stack))


def test_prune_names_the_sets_and_runs_before_the_records_at_their_names() -> None:
    reconciled = Reconcile(ZONE.name, zone_live=True, import_domain=True, prune=SETS, python="/opt/py/bin/python3")
    config = synth(reconciled_props(ZONE, reconciled))
    body = config["resource"]["terraform_data"]["prune"]
    content = prune_input(ZONE.name, SETS)
    assert body["input"]["sets"][1]["values"] == ['"v=spf1 exists:%%{i}._spf.example.org ~all"']  # literal for Terraform
    assert body["triggers_replace"] == {"input_sha256": content_digest(content), "round": 1}
    assert body["depends_on"] == ["gandi_livedns_domain.zone"]
    assert body["provisioner"] == [{"local-exec": {
        "command": "/opt/py/bin/python3 -m zonestack prune-sets", "working_dir": "../../..",
        "environment": {"ZONESTACK_PRUNE": "${jsonencode(self.input)}"}}}]
    records = config["resource"]["gandi_livedns_record"]
    after = {rid for rid, r in records.items() if "terraform_data.prune" in r.get("depends_on", [])}
    assert after == {"ALIAS_APEX", "MX_APEX", "TXT_APEX", "CAA_APEX"}  # '@' only: 'spf' is not a conflict
    assert "clear_defaults" not in config["resource"]["terraform_data"]
    assert {"to": "gandi_livedns_domain.zone", "id": "example.com"} in config["import"]
    assert "PAT" not in json.dumps(config) and "GANDI_PERSONAL" not in json.dumps(config)


def test_finished_prune_in_state_is_rendered_unchanged() -> None:
    kept = {"input": {"zone": ZONE.name, "sets": [SETS[1].to_dict()]},
            "triggers_replace": {"input_sha256": "abc", "round": 3}}
    reconciled = Reconcile(ZONE.name, zone_live=True, prune_state=kept, python="/py")
    body = synth(reconciled_props(ZONE, reconciled))["resource"]["terraform_data"]["prune"]
    assert body["triggers_replace"] == {"input_sha256": "abc", "round": 3}
    assert body["input"]["sets"][0]["values"] == ['"v=spf1 exists:%%{i}._spf.example.org ~all"']
    assert next_round(kept) == 4 and next_round(None) == 1


def test_same_sets_back_after_a_prune_get_a_new_round() -> None:
    kept = {"input": prune_input(ZONE.name, SETS[:1]),
            "triggers_replace": {"input_sha256": content_digest(prune_input(ZONE.name, SETS[:1])), "round": 1}}
    reconciled = Reconcile(ZONE.name, zone_live=True, prune=SETS[:1], prune_state=kept, python="/py")
    body = synth(reconciled_props(ZONE, reconciled))["resource"]["terraform_data"]["prune"]
    assert body["triggers_replace"]["round"] == 2


def test_created_zone_with_a_kept_prune_renders_both_steps() -> None:
    config = PruneConfig(ZONE.name, (), "/py", kept={"input": {"zone": ZONE.name, "sets": []},
                                                     "triggers_replace": {"input_sha256": "x", "round": 1}})
    data = synth(GandiZoneProps(zone=ZONE, clear_defaults=True, prune=config))["resource"]["terraform_data"]
    assert sorted(data) == ["clear_defaults", "prune"]
