"""Fixtures: an emulator with one zone and a client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory
from zonestack.gandi import LiveDNSClient

PAT = "pat_" + "c" * 32
ZONE = "example.com"


@pytest.fixture
def emu(start_emulator: EmulatorFactory) -> Emulator:
    return start_emulator(token=PAT, label="pat-main", zone=ZONE)


@pytest.fixture
def gandi(emu: Emulator) -> Iterator[LiveDNSClient]:
    with LiveDNSClient(emu.url, PAT, timeout=5) as client:
        yield client
