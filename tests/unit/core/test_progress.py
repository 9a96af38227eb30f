"""Progress: silent for quick work, timed plain lines in logs, a rich bar on a terminal."""

from __future__ import annotations

import io

from tests.waiting import wait_until
from zonestack.progress import BarProgress, PlainProgress, progress


def test_quick_work_prints_nothing_in_a_log() -> None:
    out = io.StringIO()
    with progress("deploy: planning", total=3, stream=out, interval=5.0) as bar:
        for zone in ("a.org", "b.org", "c.org"):
            bar.advance(zone)
    assert isinstance(bar, PlainProgress)
    assert out.getvalue() == ""


def test_long_work_prints_periodic_plain_lines_then_done() -> None:
    out = io.StringIO()
    with progress("deploy: planning", total=4, stream=out, interval=0.05) as bar:
        bar.advance("a.org")
        # one long step (e.g. one big API listing): the timer still reports, without any advance
        wait_until(lambda: out.getvalue().count("\n") >= 2, what="two timer lines during one step")
        bar.advance("b.org", steps=3)
    lines = out.getvalue().splitlines()
    assert len(lines) >= 3
    assert lines[0].startswith("deploy: planning: 1/4 (25%), ") and lines[0].endswith("s, at a.org")
    assert lines[-1].startswith("deploy: planning: done, 4/4 (100%), ")
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()


def test_unknown_total() -> None:
    out = io.StringIO()
    with progress("import gandi: listing big.example", stream=out, interval=0.05) as bar:
        wait_until(lambda: out.getvalue().count("\n") >= 1, what="a timer line before any advance")
        bar.advance("5000 record set(s)", steps=5000)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("import gandi: listing big.example: working, ")
    assert lines[-1].startswith("import gandi: listing big.example: done, 5000 done, ")


def test_terminal_gets_a_rich_bar() -> None:
    out = io.StringIO()
    with progress("deploy: applying", total=2, stream=out, tty=True) as bar:
        bar.advance("a.org")
        bar.advance("b.org")
    assert isinstance(bar, BarProgress)
