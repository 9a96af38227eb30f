"""`make` installs packages again only when their lock files changed (stamp files)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for name in ("Makefile", "Pipfile", "Pipfile.lock", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").mkdir()
    (tmp_path / "node_modules").mkdir()
    return tmp_path


def dry_run(checkout: Path) -> str:
    """What `make deps` would run (-n: nothing is run)."""
    if not shutil.which("make"):
        pytest.skip("no make")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}  # under `make test`
    return subprocess.run(["make", "-n", "deps"], cwd=checkout, capture_output=True, text=True, check=True,
                          env={**env, "LC_ALL": "C"}).stdout


def touch(path: Path, when: float) -> None:
    path.touch()
    os.utime(path, (when, when))


def test_nothing_reinstalled_when_nothing_changed(checkout: Path) -> None:
    assert "npm ci" in dry_run(checkout) and "pipenv sync" in dry_run(checkout)  # fresh: both install
    now = time.time()
    touch(checkout / ".venv" / ".zonestack-synced", now)
    touch(checkout / "node_modules" / ".zonestack-installed", now)
    planned = dry_run(checkout)
    assert "npm" not in planned and "pipenv" not in planned, planned

    touch(checkout / "package-lock.json", now + 10)
    planned = dry_run(checkout)
    assert "npm ci" in planned and "pipenv sync" not in planned

    touch(checkout / "node_modules" / ".zonestack-installed", now + 20)
    touch(checkout / "Pipfile.lock", now + 30)
    planned = dry_run(checkout)
    assert "pipenv sync" in planned and "npm ci" not in planned


def test_demo_tolerates_a_missing_provider() -> None:
    """`make demo` must not stop after set-up when the provider is missing (setup's exit 3)."""
    makefile = (ROOT / "Makefile").read_text()
    assert "zonestack setup || [ $$? -eq 3 ]" in makefile
    assert "\ndemo: setup\n\t$(PIPENV) run demo\n" in makefile


def test_make_test_lints_and_type_checks_before_the_suite() -> None:
    """`make test` (and `make test-fast`) run ruff and mypy first; both are Pipfile dev packages."""
    makefile = (ROOT / "Makefile").read_text()
    assert "\ntest: setup lint\n" in makefile and "\ntest-fast: deps lint\n" in makefile
    assert "\nlint: deps\n\t$(PIPENV) run lint\n\t$(PIPENV) run typecheck\n" in makefile
    pipfile = (ROOT / "Pipfile").read_text()
    assert 'lint = "ruff check ."' in pipfile and 'typecheck = "mypy"' in pipfile
    dev = pipfile.split("[dev-packages]")[1].split("\n[")[0]
    assert "ruff =" in dev and "mypy =" in dev
