"""Shared set-up for the importer tests: an emulator holding one zone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from livedns_emulator import Emulator, Settings


@contextmanager
def zone_at_gandi(data_dir: Path, pat: str, zone: str, **knobs: Any) -> Iterator[Emulator]:
    """The emulator (stopped on exit) with ``pat`` accepted and ``zone`` created, empty."""
    emulator = Emulator.start(data_dir, Settings(fsync=False, **knobs))
    try:
        emulator.add_token(pat)
        emulator.create_zone(zone)
        yield emulator
    finally:
        emulator.stop()
