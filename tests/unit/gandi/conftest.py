"""Fixtures: an emulator with one zone and a client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from livedns_emulator import Emulator, Settings
from zonestack.gandi import LiveDNSClient

PAT = "pat_" + "c" * 32
ZONE = "example.com"


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[Emulator]:
    emulator = Emulator.start(tmp_path / "emu", Settings(fsync=False))
    emulator.add_token(PAT, label="pat-main")
    emulator.create_zone(ZONE)
    yield emulator
    emulator.stop()


@pytest.fixture
def gandi(emu: Emulator) -> Iterator[LiveDNSClient]:
    with LiveDNSClient(emu.url, PAT, timeout=5) as client:
        yield client
