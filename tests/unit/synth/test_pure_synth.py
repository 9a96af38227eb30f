"""Synthesis is pure: record files, ``imports/<zone>.json`` and code in, ``cdk.tf.json`` out.

It opens no Terraform state (what a deploy learns at run time it writes beside the
stack, ``zonestack/deploy/adoption.py``, or does itself, ``zonestack/deploy/prune.py``),
and it has no helper resources (no ``terraform_data``): the stack holds the zone and its
record sets only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from constructs_lib import cdk
from constructs_lib.zone import GandiZoneProps
from stacks.app import zone_props
from stacks.zone_stack import ZoneStack
from zonestack.loader import load_zone

ROOT = Path(__file__).resolve().parents[3]
ZONE = load_zone(ROOT / "tests" / "fixtures" / "records" / "example.com.yaml")

# Every resource that used to make synthesis depend on state, and a tainted record set.
STATE = json.dumps({"version": 4, "terraform_version": "1.11.0", "serial": 3, "lineage": "x", "outputs": {},
                    "resources": [
    {"mode": "managed", "type": "gandi_livedns_domain", "name": "zone",
     "instances": [{"attributes": {"id": "example.com", "name": "example.com", "automatic_snapshots": True}}]},
    {"mode": "managed", "type": "terraform_data", "name": "prune", "instances": [{"attributes": {"id": "1"}}]},
    {"mode": "managed", "type": "terraform_data", "name": "clear_defaults", "instances": [{"attributes": {"id": "2"}}]},
    {"mode": "managed", "type": "gandi_livedns_record", "name": "A_old", "instances": [
        {"status": "tainted", "attributes": {"name": "old", "type": "A", "ttl": 300, "values": ["192.0.2.1"]}}]},
]})

# Runs main.py (what `cdktf synth` runs) and reports, on its last stderr line, every path under
# .state/ that the Python process opened (audit events cover open(), io.open, os.open, pathlib).
PROBE = """
import json, runpy, sys
seen = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and ".state" in str(args[0]):
        seen.append(str(args[0]))
sys.addaudithook(hook)
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
finally:
    print("OPENED " + json.dumps(seen), file=sys.stderr)
"""


def synthesise_main(project: Path) -> tuple[dict[str, bytes], list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GANDI_", "CDKTF_", "ZONESTACK_BACKEND"))}
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "main.py")], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    opened = json.loads(done.stderr.strip().splitlines()[-1].removeprefix("OPENED "))
    out = project / "cdktf.out"
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    shutil.rmtree(out)
    return files, opened


def test_synthesis_opens_no_state_file_and_its_output_does_not_depend_on_state(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "records", tmp_path / "records")
    without, opened = synthesise_main(tmp_path)
    assert opened == []
    state = tmp_path / ".state" / "example.com" / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(STATE, encoding="utf-8")
    with_state, opened = synthesise_main(tmp_path)
    assert opened == [], f"synthesis opened {opened}"
    assert "stacks/example.com/cdk.tf.json" in with_state
    assert with_state == without  # byte for byte
    stack = json.loads(with_state["stacks/example.com/cdk.tf.json"])
    assert set(stack["resource"]) == {"gandi_livedns_domain", "gandi_livedns_record"}
    assert "import" not in stack  # no imports/ file: nothing adopted at synthesis


def synth(props: GandiZoneProps) -> dict[str, Any]:
    stack = ZoneStack(cdk.Testing.app(), props, env={})
    return json.loads(cdk.Testing.synth(stack))


def test_records_depend_on_the_zone_only() -> None:
    resources = synth(GandiZoneProps(zone=ZONE))["resource"]
    assert set(resources) == {"gandi_livedns_domain", "gandi_livedns_record"}
    records = resources["gandi_livedns_record"]
    assert len(records) == len(ZONE.records)
    assert {tuple(r["depends_on"]) for r in records.values()} == {("gandi_livedns_domain.zone",)}


def test_unmanaged_domain_has_records_only() -> None:
    config = synth(GandiZoneProps(zone=ZONE, manage_domain=False))
    assert set(config["resource"]) == {"gandi_livedns_record"}
    assert all("depends_on" not in r for r in config["resource"]["gandi_livedns_record"].values())


@pytest.mark.parametrize("present", [False, True])
def test_the_import_plan_becomes_import_blocks_for_declared_sets_only(tmp_path: Path, present: bool) -> None:
    if present:
        (tmp_path / "example.com.json").write_text(json.dumps({"domain": True, "records": {
            "MX_APEX": "example.com/@/MX", "A_gone": "example.com/gone/A"}}), encoding="utf-8")
    config = synth(zone_props(ZONE, tmp_path))
    if not present:
        assert "import" not in config
        return
    assert config["import"] == [{"to": "gandi_livedns_domain.zone", "id": "example.com"},
                                {"to": "gandi_livedns_record.MX_APEX", "id": "example.com/@/MX"}]
    assert "terraform_data" not in config["resource"]
