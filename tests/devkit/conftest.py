"""Fixtures for the dev set-up's tests: a private bin directory on the test PATH (as in the toolchain tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.toolchain.fakes import ExecutableFactory, make_executable


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    path = tmp_path / "bin"
    path.mkdir()
    return path


@pytest.fixture
def executable(bin_dir: Path) -> ExecutableFactory:
    """``executable("postgres")`` puts a do-nothing executable on the test PATH."""

    def make(name: str) -> Path:
        return make_executable(bin_dir / name)

    return make
