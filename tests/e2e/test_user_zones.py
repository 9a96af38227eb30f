"""`make test` holds whatever zones the user keeps in records/.

A copy of the project gets another records/ set (two zones of its own, the
example zone gone, its snapshot left behind), then the test modules that read
zones run inside that copy, as a user's CI would run them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.support import copy_project

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # runs the zone-reading test modules twice (about a minute)

ZONE_MODULES = [
    "tests/snapshots",
    "tests/unit/core/test_example_zone.py",
    "tests/unit/synth",
    "tests/unit/exporters",
    "tests/unit/deploy/test_adopt_cmd.py",
    "tests/devkit/test_demo.py",
    "tests/unit/audit",
    "tests/unit/constructs",
]
"""Every module that reads a zone file or a snapshot."""

SHOP = """\
zone: shop.example
records:
  - name: "@"
    type: A
    values: [192.0.2.80]
  - name: www
    type: CNAME
    values: ["@"]
"""
LAB = """\
zone: lab.example.org
ttl: 600
records:
  - name: ns1
    type: AAAA
    values: ["2001:db8::53"]
"""


def pytest_run(project: Path, *args: str, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "GANDI_"))}
    env.pop("CI", None)
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not e2e", *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    for old in (root / "records").iterdir():
        old.unlink()
    (root / "records" / "shop.example.yaml").write_text(SHOP, encoding="utf-8")
    (root / "records" / "lab.example.org.yaml").write_text(LAB, encoding="utf-8")
    return root


def test_replaced_zones(project: Path) -> None:
    snapshots = project / "tests" / "snapshots" / "__snapshots__"
    assert (snapshots / "example.com.json").is_file()

    guarded = pytest_run(project, "tests/snapshots", ci=True)
    assert guarded.returncode == 1, guarded.stdout
    assert "no snapshot for shop.example: run `pipenv run update-snapshots`" in guarded.stdout

    updated = pytest_run(project, "tests/snapshots", "--update-snapshots", ci=True)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert sorted(p.name for p in snapshots.iterdir()) == ["lab.example.org.json", "shop.example.json"]

    passed = pytest_run(project, *ZONE_MODULES, ci=True)
    assert passed.returncode == 0, passed.stdout[-4000:] + passed.stderr[-2000:]
    assert " passed" in passed.stdout and "failed" not in passed.stdout


def test_new_zone_outside_ci_gets_its_snapshot_written(project: Path) -> None:
    run = pytest_run(project, "tests/snapshots", "-s", ci=False)
    assert run.returncode == 0, run.stdout
    assert "snapshot: wrote tests/snapshots/__snapshots__/shop.example.json for the new zone shop.example" in run.stdout
    assert (project / "tests" / "snapshots" / "__snapshots__" / "shop.example.json").is_file()


def test_empty_records_directory(project: Path) -> None:
    for path in (project / "records").iterdir():
        path.unlink()
    run = pytest_run(project, *ZONE_MODULES, ci=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def test_no_test_reads_the_checkouts_records() -> None:
    """Only the snapshot tests may read records/ (the user's zones); every other test uses its fixtures."""
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"""(ROOT|parents\[\d\]|parent)\s*/\s*["']records["']""")
    offenders = [str(p.relative_to(root)) for p in (root / "tests").rglob("*.py")
                 if p.parent.name != "snapshots" and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], f"tests reading the checkout's records/: {offenders} (use tests/fixtures/records)"
