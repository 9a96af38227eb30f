"""Shared set-up for the importer tests: an emulator holding one zone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from livedns_emulator import Emulator
from tests.conftest import start_emulator_in


@contextmanager
def zone_at_gandi(data_dir: Path, pat: str, zone: str, **knobs: Any) -> Iterator[Emulator]:
    """The emulator (stopped on exit) with ``pat`` accepted and ``zone`` created, empty."""
    emulator = start_emulator_in(data_dir, token=pat, zone=zone, **knobs)
    try:
        yield emulator
    finally:
        emulator.stop()
