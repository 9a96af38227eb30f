"""``examples/compose``: two stacks, the zone's ``api A`` from the server stack by a
cross-stack reference; synthesised into ``$CDKTF_OUTDIR``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "compose" / "main.py"


def test_compose_example_synthesises_a_cross_stack_reference(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CDKTF_", "GANDI_"))}
    run = subprocess.run([sys.executable, str(EXAMPLE)], cwd=tmp_path, env={**env, "CDKTF_OUTDIR": "out"},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    server = json.loads((tmp_path / "out" / "stacks" / "server" / "cdk.tf.json").read_text())
    dns = json.loads((tmp_path / "out" / "stacks" / "dns" / "cdk.tf.json").read_text())
    [(output_name, output)] = server["output"].items()
    assert output["value"] == "${terraform_data.server.output}"
    [(state_name, state)] = dns["data"]["terraform_remote_state"].items()
    assert state["config"]["path"] == "../../../.state/compose-server/terraform.tfstate"
    api = dns["resource"]["gandi_livedns_record"]["A_api"]
    assert api["values"] == [f"${{data.terraform_remote_state.{state_name}.outputs.{output_name}}}"]
    assert (api["zone"], api["name"], api["ttl"]) == ("example.com", "api", 300)
    assert dns["resource"]["gandi_livedns_record"]["CNAME_www"]["values"] == ["api.example.com."]
    assert "gandi_livedns_domain" not in dns["resource"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["stacks"]["dns"]["dependencies"] == ["server"]
