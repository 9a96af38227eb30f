"""``examples/compose`` deployed with the real provider: the server stack's address
reaches the zone at the emulator through the cross-stack reference."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, live_rrsets
from zonestack.deploy.runner import run_terraform

pytestmark = pytest.mark.e2e

ADDRESS = "198.51.100.77"


def test_compose_example_deploys_the_servers_address_into_the_zone(
    start_emulator: EmulatorFactory, make_project: ProjectFactory
) -> None:
    emu = start_emulator()
    emu.create_zone(ZONE)
    project = make_project(emu)
    example = project.path / "examples" / "compose"
    env = {**project.env, "SERVER_IPV4": ADDRESS, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    synth = subprocess.run([sys.executable, "main.py"], cwd=example, env=env, capture_output=True, text=True, timeout=120)
    assert synth.returncode == 0, synth.stderr
    for stack in ("server", "dns"):  # the order cdktf deploy takes from the manifest's dependencies
        stack_dir = example / "cdktf.out" / "stacks" / stack
        for args in (["init", "-input=false", "-no-color"], ["apply", "-auto-approve", "-input=false", "-no-color"]):
            result = run_terraform(args, stack_dir, env)
            project.transcript.append(result.output)
            assert result.ok, result.output
    live = live_rrsets(emu.rrsets(ZONE))
    assert live[("api", "A")] == (300, (ADDRESS,))
    assert live[("www", "CNAME")] == (3600, ("api.example.com.",))
    output = run_terraform(["output", "-raw", "api_fqdn"], example / "cdktf.out" / "stacks" / "dns", env)
    assert output.ok and output.output.strip().endswith("api.example.com"), output.output
