"""Fixtures: a fresh emulator per test, reached over real HTTP with httpx."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from livedns_emulator import Emulator
from tests.conftest import start_emulator_in

PAT = "pat_" + "a" * 32  # > 24 chars: lexicon would pick Bearer for it
ZONE = "example.com"
# One shared SSL context: building one per httpx.Client costs ~30 ms each.
_SSL = ssl.create_default_context()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def emu(data_dir: Path) -> Iterator[Emulator]:
    emulator = start_emulator_in(data_dir, token=PAT, label="pat-main", zone=ZONE)
    yield emulator
    emulator.stop()


def client(emu: Emulator, token: str | None = PAT, scheme: str = "Bearer") -> httpx.Client:
    headers = {"Authorization": f"{scheme} {token}"} if token else {}
    return httpx.Client(base_url=f"{emu.url}/v5/livedns", headers=headers, timeout=5,
                        verify=_SSL)


@pytest.fixture
def api(emu: Emulator) -> Iterator[httpx.Client]:
    with client(emu) as c:
        yield c


def records_url(name: str = "", rtype: str = "") -> str:
    path = f"/domains/{ZONE}/records"
    for part in (name, rtype):
        if part:
            path += f"/{part}"
    return path
