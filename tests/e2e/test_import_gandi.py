"""Issue 4: adopt a live zone — ``import gandi``, then the first diff is imports only.

The emulator holds a zone another tool filled (Gandi's defaults, an ACME token,
a long DKIM key). ``zonestack import gandi`` writes the record file and the
import plan; ``cdktf diff`` must then show only imports, a deploy adopts them,
and the next diff shows no changes — with the live zone untouched throughout.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from livedns_emulator import Emulator
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, Project, live_rrsets

pytestmark = pytest.mark.e2e

DKIM = '"v=DKIM1; k=rsa; p=' + "A" * 237 + '" "' + "B" * 120 + '"'


@pytest.fixture(scope="module")
def emu(start_emulator: EmulatorFactory) -> Emulator:
    emulator = start_emulator()
    emulator.create_zone(ZONE, seed_defaults=True)
    emulator.put_rrset(ZONE, "_acme-challenge", "TXT", ["bot-token-1"], ttl=300)
    emulator.put_rrset(ZONE, "mail._domainkey", "TXT", [DKIM], ttl=3600)
    emulator.put_rrset(ZONE, "app", "AAAA", ["2001:db8::10"], ttl=300)
    return emulator


@pytest.fixture(scope="module")
def imported(make_project: ProjectFactory, emu: Emulator, pat: str) -> Project:
    project = make_project(emu)
    run = subprocess.run(
        [str(project.path / ".venv" / "bin" / "python"), "-m", "zonestack", "import", "gandi", "--zone", ZONE,
         "--force"],
        cwd=project.path, env={**project.env, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}, capture_output=True, text=True, timeout=120,
    )
    project.transcript.append(run.stdout + run.stderr)
    assert run.returncode == 0, run.stdout + run.stderr
    assert pat not in run.stdout + run.stderr
    return project


def test_first_diff_shows_only_imports(imported: Project, emu: Emulator) -> None:
    before = live_rrsets(emu.rrsets(ZONE))
    declared = len(imported.zone().records)
    assert declared == len(before) - 1  # everything but the ignored _acme-challenge
    result = imported.cdktf("diff")
    assert result.ok, result.output
    summary = result.summary
    assert summary is not None, result.output
    assert (summary.imports, summary.adds, summary.changes, summary.destroys) == (declared + 1, 0, 0, 0), result.output
    assert live_rrsets(emu.rrsets(ZONE)) == before


def test_deploy_adopts_and_then_nothing_changes(imported: Project, emu: Emulator, pat: str) -> None:
    before = live_rrsets(emu.rrsets(ZONE))
    deploy = imported.cdktf("deploy", skip_synth=True)
    assert deploy.ok, deploy.output
    writes = [r for r in emu.requests if r.method in ("POST", "PUT", "PATCH", "DELETE")]
    assert writes == [], writes
    assert live_rrsets(emu.rrsets(ZONE)) == before
    diff = imported.cdktf("diff", skip_synth=True)
    assert diff.ok, diff.output
    assert diff.summary is not None and diff.summary.no_changes, diff.output
    assert all(pat not in text for text in imported.transcript)
