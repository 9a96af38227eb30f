"""CDK Terrain end to end: ``ZONESTACK_CDK=cdktn`` and the ``cdktn`` CLI (on Node >= 22.19,
project-local when the machine's Node is older) deploy the example zone with the real
provider, and a second diff shows no changes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from devkit.node import ensure_node
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ROOT, ZONE, expected_rrsets, live_rrsets
from zonestack.deploy.summary import parse_summary
from zonestack.redact import strip_ansi
from zonestack.toolchain.cache import cache_dir

pytestmark = pytest.mark.e2e


def cdktn_cli() -> Path:
    """``cdktn`` from package.json's devDependencies (``npm ci``), or ``ZONESTACK_CDKTN_CLI``."""
    found = Path(os.environ.get("ZONESTACK_CDKTN_CLI") or ROOT / "node_modules" / ".bin" / "cdktn")
    if not found.exists():
        pytest.fail(f"{found} is missing: `npm ci` installs cdktn-cli from package.json")
    return found


def test_cdktn_cli_deploys_the_zone_then_sees_no_changes(start_emulator: EmulatorFactory,
                                                       make_project: ProjectFactory) -> None:
    cli = cdktn_cli()
    node = ensure_node(os.environ, cache_dir())
    emu = start_emulator()
    project = make_project(emu)
    env = {**os.environ, **project.env, "ZONESTACK_CDK": "cdktn",
           "PATH": f"{node.bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}"}

    def cdktn(*args: str) -> str:
        run = subprocess.run([str(cli), *args, ZONE, "--skip-provider-lock"], cwd=project.path, env=env,
                             capture_output=True, text=True, timeout=900)
        output = strip_ansi(run.stdout + run.stderr)
        project.transcript.append(output)
        assert run.returncode == 0, output
        return output

    cdktn("deploy", "--auto-approve")
    assert live_rrsets(emu.rrsets(ZONE)) == expected_rrsets(project.zone())
    manifest = (project.path / "cdktf.out" / "manifest.json").read_text()
    assert '"version": "0.24.0"' in manifest, "the stack was synthesised by CDK Terrain"
    diff = cdktn("diff")
    summary = parse_summary(diff)
    assert summary is not None and summary.no_changes, diff
