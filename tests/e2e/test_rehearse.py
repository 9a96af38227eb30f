"""``make rehearse`` (``python -m devkit.rehearse``) plays the whole migration runbook offline with the real
provider: import, deploy into a registered zone with Gandi's defaults, cutover with the gate, verify,
DNSSEC on with the chain of trust proven (issue 22)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.e2e.support import ROOT
from tests.unit.verify.conftest import knot_or_skip

pytestmark = pytest.mark.e2e


def test_the_rehearsal_runs_every_command_of_the_migration_runbook(provider_env: dict[str, str]) -> None:
    knot_or_skip()
    done = subprocess.run([sys.executable, "-m", "devkit.rehearse"], cwd=ROOT, capture_output=True, text=True,
                          timeout=1200, env={**os.environ, **provider_env, "COLUMNS": "200"})
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "human step (DNSSEC: go unsigned in the safe order): add `delegation: {registrar: gandi}`" in out
    assert "human step (DNSSEC on at Gandi): set `dnssec: true`" in out
    assert "$ pipenv run zonestack cutover --zone <zone> --yes --wait 600" in out
    assert "$ pipenv run zonestack dnssec --zone <zone> --yes --wait 600" in out
    assert "shop-example.com imported, deployed, flipped to LiveDNS and signed, chain of trust proven" in out
    assert "pat_rehearsal_" not in out
