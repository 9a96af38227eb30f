"""``zonestack deploy`` end to end: real Terraform + provider against the emulator.

A 12-record zone is deployed, then shrunk to 4 record sets: the guard refuses
(exit 4, nothing applied) until ``--force``, which applies the saved plan.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from livedns_emulator import Emulator
from tests.conftest import start_emulator_in

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PAT = "pat_guard_" + "g" * 24
ZONE = "guard.org"


def records(count: int) -> str:
    body = "".join(f"  - {{name: h{i}, type: A, values: [192.0.2.{i + 1}]}}\n" for i in range(count))
    return f"zone: {ZONE}\nttl: 300\nrecords:\n{body}"


@pytest.fixture
def project(tmp_path: Path, provider_env: dict[str, str]) -> Iterator[tuple[Path, Emulator, dict[str, str]]]:
    """A minimal project (main.py + one record file) importing an existing zone; skips without the provider."""
    root = tmp_path / "project"
    (root / "records").mkdir(parents=True)
    (root / "imports").mkdir()
    (root / "main.py").write_text((REPO / "main.py").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "records" / f"{ZONE}.yaml").write_text(records(12), encoding="utf-8")
    (root / "imports" / f"{ZONE}.json").write_text('{"domain": true, "records": {}}\n', encoding="utf-8")
    emu = start_emulator_in(tmp_path / "emu", token=PAT, label="pat-guard", zone=ZONE)
    env = {**os.environ, **provider_env, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
           "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local"}
    yield root, emu, env
    emu.stop()


def deploy(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--quiet", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def names(emu: Emulator) -> list[str]:
    return sorted(r["rrset_name"] for r in emu.rrsets(ZONE))


def test_big_deletion_is_refused_until_forced(project: tuple[Path, Emulator, dict[str, str]]) -> None:
    root, emu, env = project
    first = deploy(root, env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.endswith("deploy: applied 1 zone(s), 0 unchanged\n")
    assert names(emu) == sorted(f"h{i}" for i in range(12))

    (root / "records" / f"{ZONE}.yaml").write_text(records(4), encoding="utf-8")
    refused = deploy(root, env)
    assert refused.returncode == 4
    assert refused.stderr == (
        f"deploy: refused {ZONE}: 8 of 12 record sets would be changed or destroyed "
        "(67% > 30% of a zone with 10+ record sets)\n"
        "deploy: nothing applied; fix the record files or re-run with --force\n")
    assert "REFUSED" in refused.stdout
    assert names(emu) == sorted(f"h{i}" for i in range(12))

    planned = deploy(root, env, "--plan-only", "--max-ratio", "0.7")
    assert (planned.returncode, planned.stdout.splitlines()[-1]) == (0, "deploy: plan only, nothing applied")
    assert len(names(emu)) == 12

    forced = deploy(root, env, "--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.endswith("deploy: applied 1 zone(s), 0 unchanged\n")
    assert names(emu) == ["h0", "h1", "h2", "h3"]
    assert PAT not in first.stdout + first.stderr + refused.stdout + refused.stderr + forced.stdout + forced.stderr

    again = deploy(root, env)
    assert (again.returncode, again.stdout.splitlines()[-1]) == (0, "deploy: applied 0 zone(s), 1 unchanged")
