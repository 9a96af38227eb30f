"""Issue 11 with the real provider: deploy → verify 0; a change behind the stack's back → verify 2; deploy → 0.

``zonestack verify`` runs as a separate process, finding the emulator's
nameservers the way a user of the emulator does (``ZONESTACK_DNS_RESOLVE`` /
``ZONESTACK_DNS_RESOLVER`` from the bridge; the names from the API).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from livedns_emulator import Emulator
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, Project
from tests.unit.verify.conftest import knot_or_skip
from zonestack.gandi import LiveDNSClient

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def emu(start_emulator: EmulatorFactory) -> Emulator:
    knot_or_skip()
    emulator = start_emulator()
    emulator.start_dns()
    return emulator


@pytest.fixture(scope="module")
def project(make_project: ProjectFactory, emu: Emulator) -> Project:
    assert emu.dns is not None
    return make_project(emu, **emu.dns.env())


def verify(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "zonestack", "verify", "--zone", ZONE, *args], cwd=project.path,
                          env=project.env, capture_output=True, text=True, timeout=120)
    project.transcript.append(done.stdout + done.stderr)
    return done


def test_deploy_verify_drift_deploy_verify(project: Project, emu: Emulator, pat: str) -> None:
    deployed = project.cdktf("deploy")
    assert deployed.ok, deployed.output
    first = verify(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.splitlines()[-1] == f"{ZONE}: 15/15 record sets ok at 1 nameserver; 1 not checkable"

    with LiveDNSClient(emu.url, pat) as client:  # someone edits the zone in Gandi's web UI
        client.put_rrset(ZONE, "mail", "A", ["198.51.100.99"], 3600)
    drifted = verify(project)
    assert drifted.returncode == 2, drifted.stdout + drifted.stderr
    assert any(line.startswith("mail A at ns-") and
               line.endswith(": different (declared 203.0.113.25 / answered 198.51.100.99)")
               for line in drifted.stdout.splitlines()), drifted.stdout
    assert drifted.stdout.splitlines()[-1] == f"{ZONE}: 14/15 record sets ok at 1 nameserver; 1 not checkable"

    again = project.cdktf("deploy")
    assert again.ok, again.output
    assert again.summary is not None and again.summary.changes == 1
    final = verify(project, "--wait", "10")
    assert final.returncode == 0, final.stdout + final.stderr
    assert "mail A" not in final.stdout


def test_delegation_is_livedns_after_the_deploy(project: Project, emu: Emulator) -> None:
    done = verify(project, "--delegation")
    assert done.returncode == 0, done.stdout + done.stderr
    assert ": ok, delegated to ns-" in done.stdout
