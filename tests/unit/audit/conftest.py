"""Fixtures for the audit tests: a record file and an emulator holding the zone."""

from __future__ import annotations

from pathlib import Path

import pytest

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory

PAT = "pat_audit_" + "x" * 24
ZONE = "example.org"
RECORDS = """\
zone: example.org
ttl: 1800
ignore: [_acme-challenge, _acme-challenge.*]
records:
  - name: "@"
    type: A
    values: [203.0.113.10]
  - name: www
    type: CNAME
    values: [example.org.]
  - name: "@"
    type: TXT
    values: ["v=spf1 -all"]
  - name: mail
    type: A
    ttl: 3600
    values: [203.0.113.25]
"""


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    path = tmp_path / "records"
    path.mkdir()
    (path / f"{ZONE}.yaml").write_text(RECORDS, encoding="utf-8")
    return path


@pytest.fixture
def emu(start_emulator: EmulatorFactory, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    emulator = start_emulator(token=PAT, label="pat-audit", zone=ZONE)
    monkeypatch.setenv("GANDI_URL", emulator.url)
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    return emulator
