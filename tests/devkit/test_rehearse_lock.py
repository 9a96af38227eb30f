"""``python -m devkit.rehearse`` wipes and rebuilds ``<cache>/rehearsal`` each run: a second run started
while one is going (another terminal, ``make rehearse`` twice) deleted the first one's project and
emulator mid-run, and the first failed with a ModuleNotFoundError traceback from a half-deleted copy.
The second now stops at once with one line and touches nothing."""

from __future__ import annotations

import fcntl
import io
from pathlib import Path

import pytest
from rich.console import Console

from devkit import rehearse


def test_a_second_rehearsal_stops_with_one_line_and_touches_nothing(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONESTACK_CACHE_DIR", str(tmp_path))
    marker = tmp_path / "rehearsal" / "project" / "in-use"
    marker.parent.mkdir(parents=True)
    marker.write_text("the first rehearsal's project\n")
    out, err = io.StringIO(), io.StringIO()
    with (tmp_path / "rehearsal.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the first rehearsal
        code = rehearse.run(Console(file=out, width=200), Console(file=err, width=200))
    assert code == rehearse.EXIT_FAILED
    assert err.getvalue().splitlines() == [f"rehearse: another rehearsal is running in this checkout "
                                           f"({tmp_path / 'rehearsal'}): wait for it to end"]
    assert out.getvalue() == "" and marker.read_text() == "the first rehearsal's project\n"
