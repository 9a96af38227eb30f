"""Atomic writes: all files or none, no temp files left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonestack import atomic


def test_write_text_creates_parents_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "records" / "z.yaml"
    atomic.write_text(target, "one\n")
    atomic.write_text(target, "two\n")
    assert target.read_text() == "two\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["z.yaml"]


def test_failed_staging_replaces_nothing(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("old\n")
    blocked = tmp_path / "file"
    blocked.write_text("not a dir")
    with pytest.raises(OSError):
        atomic.write_all({first: "new\n", blocked / "b.txt": "x"})
    assert first.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "file"]
