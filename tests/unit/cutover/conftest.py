"""Shared by the cutover and dnssec command tests: a project with an empty ``records/`` and an API
address where nothing listens, so any API use fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

HEAD = "zone: example.com\nrecords:\n  - {name: '@', type: A, values: [192.0.2.1]}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "records").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GANDI_URL", "http://127.0.0.1:9")  # nothing listens: any API use would fail loudly
    return tmp_path
