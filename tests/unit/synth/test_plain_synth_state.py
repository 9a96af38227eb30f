"""Plain ``cdktf diff|deploy`` after a guarded deploy: the helper resources stay as state has them.

Issue 7 ("the next diff shows no changes"): the guarded deploy adopted an
existing zone and pruned Gandi's parking ``@ A``; a plain ``cdktf diff`` (no
reconcile file) used to plan ``terraform_data.prune`` destroyed and a
``clear_defaults`` created for a zone the stack never created. ``main.py``
reads the local backend's state; the pg backend keeps the old behaviour.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.unit.synth.test_synth_app import ROOT, run_synth
from zonestack.deploy.reconcile import StateView, without_listing
from zonestack.loader import load_zone

ZONE = "example.com"
PRUNE_INPUT = {"zone": ZONE, "sets": [{"name": "@", "type": "A", "ttl": 10800, "values": ["217.70.184.38"],
                                       "reason": "conflict"}]}
PRUNE_TRIGGERS = {"input_sha256": "5f" * 32, "round": 1}


def state_document(*resources: tuple[str, str, dict[str, Any]]) -> str:
    """A Terraform v4 state holding ``(type, name, attributes)`` resources (dynamic values wrapped)."""
    return json.dumps({"version": 4, "terraform_version": "1.11.0", "serial": 3, "lineage": "x", "outputs": {},
                       "resources": [{"mode": "managed", "type": t, "name": n, "provider": "p",
                                      "instances": [{"schema_version": 0, "attributes": a}]}
                                     for t, n, a in resources]})


DOMAIN = ("gandi_livedns_domain", "zone", {"id": ZONE, "name": ZONE, "automatic_snapshots": True})
PRUNE = ("terraform_data", "prune", {"id": "1", "input": {"value": PRUNE_INPUT, "type": ["object", {}]},
                                     "triggers_replace": {"value": PRUNE_TRIGGERS, "type": ["object", {}]}})
CLEAR = ("terraform_data", "clear_defaults", {"id": "2", "triggers_replace": {"value": ZONE, "type": "string"}})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "records", tmp_path / "records")
    return tmp_path


def synthesised(project: Path, state: str | None, backend: str = "local") -> dict[str, Any]:
    if state is not None:
        path = project / ".state" / ZONE / "terraform.tfstate"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(state, encoding="utf-8")
    done = run_synth(project, {"ZONESTACK_BACKEND": backend, "PG_CONN_STR": "postgres://127.0.0.1:1/x"})
    assert done.returncode == 0, done.stderr
    return json.loads((project / "cdktf.out" / "stacks" / ZONE / "cdk.tf.json").read_text(encoding="utf-8"))


def helpers(config: dict[str, Any]) -> dict[str, Any]:
    return config.get("resource", {}).get("terraform_data", {})


def test_after_an_adopting_deploy_the_prune_is_kept_and_no_clear_defaults_appears(project: Path) -> None:
    config = synthesised(project, state_document(DOMAIN, PRUNE))
    data = helpers(config)
    assert sorted(data) == ["prune"]
    assert data["prune"]["input"] == PRUNE_INPUT and data["prune"]["triggers_replace"] == PRUNE_TRIGGERS
    assert "import" not in config


def test_a_zone_the_stack_created_keeps_its_clear_defaults(project: Path) -> None:
    assert sorted(helpers(synthesised(project, state_document(DOMAIN, CLEAR)))) == ["clear_defaults"]


def test_no_state_yet_behaves_as_before(project: Path) -> None:
    assert sorted(helpers(synthesised(project, None))) == ["clear_defaults"]


def test_pg_backend_is_not_read_at_synthesis(project: Path) -> None:
    assert sorted(helpers(synthesised(project, state_document(DOMAIN, PRUNE), backend="pg"))) == ["clear_defaults"]


def test_without_listing_follows_the_import_plan_until_the_domain_is_in_state() -> None:
    zone = load_zone(ROOT / "tests" / "fixtures" / "records" / f"{ZONE}.yaml")
    imported = without_listing(zone, StateView(), import_domain=True, record_imports={"A_www": f"{ZONE}/www/A"})
    assert (imported.import_domain, imported.clear_defaults, imported.record_imports) == (
        True, False, {"A_www": f"{ZONE}/www/A"})
    unknown = without_listing(zone, None)
    assert (unknown.import_domain, unknown.clear_defaults, unknown.prune_state) == (False, True, None)
    adopted = without_listing(zone, StateView(domain=True, prune={"input": PRUNE_INPUT}), import_domain=True)
    assert (adopted.import_domain, adopted.clear_defaults, adopted.prune, adopted.prune_state) == (
        False, False, (), {"input": PRUNE_INPUT})
