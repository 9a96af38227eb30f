"""Progress for long work (deploying, importing, verifying large or many zones).

On a terminal a rich progress bar; anywhere else (CI logs, pipes, files) plain
lines, and only for work that lasts: nothing for the first ``interval``
seconds, then one line every ``interval`` seconds (from a timer thread, so a
single long API call shows life too), and a last ``done`` line if anything was
printed -- never carriage returns or escape codes in a log. Progress goes to
stderr, so stdout stays the command's result.

Usage::

    with progress("deploy: planning", total=len(zones)) as bar:
        for zone in zones:
            ...
            bar.advance(zone.name)
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

DEFAULT_INTERVAL = 10.0
"""Seconds of silence before the first plain line, and between lines (a CI log stays short, yet shows life)."""


class PlainProgress:
    """Periodic plain lines: ``deploy: planning: 3/40 (7%), 20s, at example.com``."""

    def __init__(self, label: str, total: int | None, stream: TextIO, interval: float) -> None:
        self.label, self.total, self.stream, self.interval = label, total, stream, interval
        self.done = 0
        self.item = ""
        self.printed = False
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._timer = threading.Thread(target=self._tick, name="zonestack-progress", daemon=True)
        self._timer.start()

    def _position(self) -> str:
        if self.total:
            return f"{self.done}/{self.total} ({self.done * 100 // self.total}%)"
        return f"{self.done} done" if self.done else "working"

    def _write(self, line: str) -> None:
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()
            self.printed = True

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            elapsed = time.monotonic() - self._started
            at = f", at {self.item}" if self.item else ""
            self._write(f"{self.label}: {self._position()}, {elapsed:.0f}s{at}")

    def advance(self, item: str = "", steps: int = 1) -> None:
        """Count ``steps`` more done; ``item`` names what is being worked on next (or just finished)."""
        self.done += steps
        self.item = item

    def finish(self) -> None:
        self._stop.set()
        self._timer.join()
        if self.printed:
            self._write(f"{self.label}: done, {self._position()}, {time.monotonic() - self._started:.0f}s")


class BarProgress:
    """A rich progress bar on a terminal; removed when done."""

    def __init__(self, label: str, total: int | None, stream: TextIO) -> None:
        self._rich = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("{task.fields[item]}"), TimeElapsedColumn(),
                                  console=Console(file=stream), transient=True)
        self._rich.start()
        self._task = self._rich.add_task(label, total=total, item="")

    def advance(self, item: str = "", steps: int = 1) -> None:
        self._rich.update(self._task, advance=steps, item=item)

    def finish(self) -> None:
        self._rich.stop()


Bar = PlainProgress | BarProgress


@contextmanager
def progress(label: str, total: int | None = None, *, stream: TextIO | None = None,
             interval: float = DEFAULT_INTERVAL, tty: bool | None = None) -> Iterator[Bar]:
    """A progress reporter for ``total`` steps (None: unknown), chosen by whether ``stream`` is a terminal.

    ``tty`` forces the choice (tests); ``stream`` defaults to stderr.
    """
    out = stream or sys.stderr
    is_tty = out.isatty() if tty is None else tty
    bar: Bar = BarProgress(label, total, out) if is_tty else PlainProgress(label, total, out, interval)
    try:
        yield bar
    finally:
        bar.finish()
