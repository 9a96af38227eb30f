"""cdktf apps of the user's own, deployed with the real provider into zones of domains registered
at Gandi (seeded with Gandi's default records), with the one documented step before plain cdktf:
``npx cdktf synth && zonestack adopt --zone Z``, then ``cdktf deploy``.

Before: ``www CNAME`` and ``@ MX`` collided with Gandi's defaults (three ``409 This record already
exists``, the zone half-written, and a rerun failing the same way); the compose test passed only
because it created the zone without Gandi's defaults.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, Project, live_rrsets
from zonestack.deploy.runner import run_terraform

pytestmark = pytest.mark.e2e

ADDRESS = "198.51.100.77"


def app_env(project: Project, **extra: str) -> dict[str, str]:
    return {**project.env, "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(project.path),
            "ZONESTACK_PYTHON": sys.executable, **extra}


def synth(app: Path, env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "main.py"], cwd=app, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def adopt(app: Path, zone: str, env: dict[str, str], project: Project) -> str:
    done = subprocess.run([sys.executable, "-m", "zonestack", "adopt", "--zone", zone], cwd=app, env=env,
                          capture_output=True, text=True, timeout=120)
    project.transcript.append(done.stdout + done.stderr)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def apply(stack_dir: Path, env: dict[str, str], project: Project) -> None:
    for args in (["init", "-input=false", "-no-color"], ["apply", "-auto-approve", "-input=false", "-no-color"]):
        result = run_terraform(args, stack_dir, env)
        project.transcript.append(result.output)
        assert result.ok, result.output


def assert_no_changes(stack_dir: Path, env: dict[str, str], project: Project) -> None:
    plan = run_terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], stack_dir, env)
    project.transcript.append(plan.output)
    assert plan.returncode == 0, plan.output  # 2 would mean changes


def test_compose_example_deploys_into_a_registered_domains_zone(
    start_emulator: EmulatorFactory, make_project: ProjectFactory
) -> None:
    emu = start_emulator()
    emu.create_zone(ZONE, seed_defaults=True)  # registered at Gandi: www CNAME, @ MX, ... exist
    project = make_project(emu)
    example = project.path / "examples" / "compose"
    env = app_env(project, SERVER_IPV4=ADDRESS)
    synth(example, env)
    out = adopt(example, ZONE, env, project)
    assert "(1 live set(s) to import, and the zone)" in out and "`npx cdktf deploy dns`" in out
    synth(example, env)  # what `cdktf deploy` does first: now with the import plan adopt wrote
    for stack in ("server", "dns"):  # the order cdktf deploy takes from the manifest's dependencies
        apply(example / "cdktf.out" / "stacks" / stack, env, project)
    live = live_rrsets(emu.rrsets(ZONE))
    assert live[("api", "A")] == (300, (ADDRESS,))
    assert live[("www", "CNAME")] == (3600, ("api.example.com.",))
    assert ("@", "MX") in live  # additive: Gandi's other defaults are left alone
    output = run_terraform(["output", "-raw", "api_fqdn"], example / "cdktf.out" / "stacks" / "dns", env)
    assert output.ok and output.output.strip().endswith("api.example.com"), output.output
    assert_no_changes(example / "cdktf.out" / "stacks" / "dns", env, project)


def test_an_app_with_two_registered_zones_in_one_stack(
    start_emulator: EmulatorFactory, make_project: ProjectFactory
) -> None:
    emu = start_emulator()
    emu.register_domain("example.org")
    for zone in (ZONE, "example.org"):
        emu.create_zone(zone, seed_defaults=True)
    project = make_project(emu)
    app = project.path / "tests" / "fixtures" / "apps" / "registered"
    env = app_env(project)
    synth(app, env)
    adopt(app, ZONE, env, project)
    adopt(app, "example.org", env, project)
    synth(app, env)
    apply(app / "cdktf.out" / "stacks" / "dns", env, project)
    com, org = live_rrsets(emu.rrsets(ZONE)), live_rrsets(emu.rrsets("example.org"))
    assert com[("@", "MX")] == (3600, ("1 aspmx.l.google.com.", "5 alt1.aspmx.l.google.com."))
    assert com[("@", "TXT")] == (3600, ('"v=spf1 include:_spf.google.com ~all"',))
    assert com[("www", "CNAME")] == (3600, ("example.github.io.",))
    assert org[("@", "MX")] == (3600, ("10 mx.example.com.",))
    assert org[("www", "CNAME")] == (3600, ("www.example.com.",))
    assert_no_changes(app / "cdktf.out" / "stacks" / "dns", env, project)
