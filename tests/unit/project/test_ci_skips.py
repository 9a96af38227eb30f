"""In CI a missing tool fails the test that needed it; a missing provider is one line with a count."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

CASES = '''
import pytest

def test_knot():
    pytest.skip("Knot DNS (knotd, knotc) not found on PATH nor in /usr/sbin")

def test_provider_one():
    pytest.skip("go-gandi/gandi provider unavailable: no mirror here (put it in ~/.terraform.d/plugins)")

def test_provider_two():
    pytest.skip("go-gandi/gandi provider unavailable: no mirror here (put it in ~/.terraform.d/plugins)")

def test_other_reason():
    pytest.skip("no make")

def test_runs():
    assert True
'''


def run(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text("from tests.conftest import pytest_runtest_makereport, "
                                          "pytest_terminal_summary  # noqa: F401\n")
    (tmp_path / "test_cases.py").write_text(CASES)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": str(ROOT)}
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("ci", [True, False])
def test_missing_tool_fails_in_ci_and_the_provider_is_one_line(tmp_path: Path, ci: bool) -> None:
    done = run(tmp_path, ci)
    summary = done.stdout.strip().splitlines()[-1]
    if ci:
        assert done.returncode == 1, done.stdout
        assert "1 failed, 1 passed, 3 skipped" in summary, done.stdout
        assert "CI: a tool the suite needs is missing" in done.stdout and "Knot DNS" in done.stdout
    else:
        assert done.returncode == 0, done.stdout
        assert "1 passed, 4 skipped" in summary, done.stdout
    provider = [line for line in done.stdout.splitlines() if line.startswith("provider: ")]
    assert provider == ["provider: go-gandi/gandi unavailable, 2 test(s) skipped "
                        "(no mirror here (put it in ~/.terraform.d/plugins))"], done.stdout
