"""``terraform_data.clear_defaults`` exists exactly when the stack creates the zone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from constructs_lib import cdk
from constructs_lib.zone import GandiZoneProps
from stacks.zone_stack import ZoneStack
from zonestack.loader import load_zone

ZONE = load_zone(Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "records" / "example.com.yaml")


def synth(**props: Any) -> dict[str, Any]:
    stack = ZoneStack(cdk.Testing.app(), GandiZoneProps(zone=ZONE, **props), env={})
    return json.loads(cdk.Testing.synth(stack))


def test_created_zone_clears_defaults_between_domain_and_records() -> None:
    resources = synth()["resource"]
    assert resources["terraform_data"] == {
        "clear_defaults": {
            "depends_on": ["gandi_livedns_domain.zone"],
            "triggers_replace": "${gandi_livedns_domain.zone.id}",
            "provisioner": [
                {
                    "local-exec": {
                        "command": "\"$${ZONESTACK_PYTHON:-python3}\" -m zonestack clear-defaults --zone example.com",
                        "working_dir": "../../..",
                    }
                }
            ],
        }
    }
    records = resources["gandi_livedns_record"]
    assert len(records) == len(ZONE.records)
    assert {tuple(r["depends_on"]) for r in records.values()} == {
        ("gandi_livedns_domain.zone", "terraform_data.clear_defaults")
    }


def test_imported_zone_has_no_clear_defaults() -> None:
    config = synth(import_domain=True)
    assert "terraform_data" not in config["resource"]
    assert {tuple(r["depends_on"]) for r in config["resource"]["gandi_livedns_record"].values()} == {
        ("gandi_livedns_domain.zone",)
    }
    assert {"to": "gandi_livedns_domain.zone", "id": "example.com"} in config["import"]


def test_unmanaged_domain_has_no_clear_defaults() -> None:
    config = synth(manage_domain=False)
    assert "terraform_data" not in config["resource"]
    assert all("depends_on" not in r for r in config["resource"]["gandi_livedns_record"].values())
