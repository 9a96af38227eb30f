"""The PR-comment plan has a row for every selected zone and every orphaned state (issue 19.2).

Before: ``deploy --plan-only --format markdown|json`` listed only the zones that planned, all "ok":
an invalid record file, a zone whose plan failed, and state whose record file was deleted were only
on stderr, and a zone the plan creates read "0 to import, 1 to add". Real Terraform and provider.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from livedns_emulator import Emulator, Settings

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PAT = "pat_document_" + "d" * 24


@pytest.fixture
def project(tmp_path: Path, provider_env: dict[str, str]) -> Iterator[tuple[Path, Emulator, dict[str, str]]]:
    root = tmp_path / "project"
    (root / "records").mkdir(parents=True)
    (root / "main.py").write_text((REPO / "main.py").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "cdktf.json").write_text((REPO / "cdktf.json").read_text(encoding="utf-8"), encoding="utf-8")
    emu = Emulator.start(tmp_path / "emu", Settings(fsync=False))
    emu.add_token(PAT, label="document")
    for zone in ("steady.org", "gone.org", "fresh.org"):
        emu.register_domain(zone)
    for zone in ("steady.org", "gone.org"):
        emu.create_zone(zone)
    env = {**os.environ, **provider_env, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
           "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local"}
    yield root, emu, env
    emu.stop()


def write(root: Path, zone: str, body: str) -> None:
    (root / "records" / f"{zone}.yaml").write_text(f"zone: {zone}\nttl: 300\nrecords:\n{body}", encoding="utf-8")


def deploy(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--quiet", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def test_every_zone_has_a_row_with_its_status_and_cause(project: tuple[Path, Emulator, dict[str, str]]) -> None:
    root, _emu, env = project
    write(root, "steady.org", "  - {name: www, type: A, values: [192.0.2.1]}\n")
    write(root, "gone.org", "  - {name: www, type: A, values: [192.0.2.2]}\n")
    first = deploy(root, env)
    assert first.returncode == 0, first.stderr
    (root / "records" / "gone.org.yaml").unlink()  # its state stays: no longer managed
    write(root, "fresh.org", "  - {name: www, type: A, values: [192.0.2.3]}\n")  # registered, no zone yet
    write(root, "broken.org", "  - {name: www, type: A, values: [not-an-ip]}\n")

    planned = deploy(root, env, "--plan-only", "--format", "json")
    assert planned.returncode == 1, planned.stderr  # something was reported: the job fails, the comment shows it
    zones = {z["zone"]: z for z in json.loads(planned.stdout)["zones"]}
    assert {z: v["verdict"] for z, v in zones.items()} == {
        "broken.org": "invalid", "fresh.org": "creates zone", "gone.org": "no longer managed",
        "steady.org": "no changes"}
    assert zones["broken.org"]["cause"].startswith("records/broken.org.yaml:")
    assert "[values]" in zones["broken.org"]["cause"]
    assert zones["gone.org"]["cause"].startswith("gone.org: records/gone.org.yaml was deleted but")

    markdown = deploy(root, env, "--plan-only", "--format", "markdown")
    assert "| broken.org | **invalid** |" in markdown.stdout
    assert "| gone.org | **no longer managed** |" in markdown.stdout
    assert "| fresh.org | creates zone |" in markdown.stdout
    assert "### fresh.org: creates zone" in markdown.stdout and "Creates the zone at LiveDNS" in markdown.stdout
    assert PAT not in planned.stdout + planned.stderr + markdown.stdout + markdown.stderr

    table = deploy(root, env, "--plan-only")
    assert "no longer managed" in table.stdout and "invalid" in table.stdout and "creates zone" in table.stdout
