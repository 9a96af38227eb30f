"""Fixtures for the toolchain tests (see :mod:`tests.unit.toolchain.fakes`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.toolchain.fakes import FAKE_GO_SCRIPT, REFUSAL, FakeGo, make_executable
from zonestack.toolchain import gomodule


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: runs real tools (PostgreSQL, Go builds); deselect with -m 'not slow'")


@pytest.fixture(autouse=True)
def _no_real_go(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a fake go on the test PATH may be found: never /usr/local/go/bin/go."""
    monkeypatch.setattr(gomodule, "_FALLBACK_GO", ())


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def fake_go(tmp_path: Path, bin_dir: Path) -> Iterator[FakeGo]:
    """A fake go whose 'module' is a read-only directory, like the module cache."""
    module_dir = tmp_path / "modcache" / "example@v1"
    module_dir.mkdir(parents=True)
    (module_dir / "main.go").write_text("package main\n\nvar version string = \"dev\"\n\nfunc main() {}\n")
    (module_dir / "main.go").chmod(0o444)
    module_dir.chmod(0o555)
    make_executable(bin_dir / "go", FAKE_GO_SCRIPT.format(python=sys.executable, refusal=REFUSAL))
    env = {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path),
        "FAKE_GO_LOG": str(tmp_path / "go-calls.jsonl"),
        "FAKE_GO_MODULE_DIR": str(module_dir),
    }
    yield FakeGo(env=env, log=tmp_path / "go-calls.jsonl", module_dir=module_dir)
    module_dir.chmod(0o755)

