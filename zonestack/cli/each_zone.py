"""Shared by the commands over all zones: go on past a failing zone, report every zone, fail at the end.

``audit``, ``acme-cleanup``, ``deploy --plan-only`` (and ``verify``) call
:func:`select_or_report` for the zones to work on (invalid record files and
orphaned state are reported, the valid zones still run), then run each zone
through a :class:`ZoneLoop`, which turns an API failure into one line naming the
zone (a 404 names the likely cause) and remembers it for the exit status.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from zonestack.catalog import DEFAULT_RECORDS_DIR
from zonestack.gandi import GandiError, UnauthorizedError, UnreachableError
from zonestack.gandi.errors import MissingTokenError
from zonestack.model import Zone
from zonestack.zoneset import STATE_DIR, ZoneSelection, select, zone_error

T = TypeVar("T")

GLOBAL_FAILURES = (UnauthorizedError, UnreachableError, MissingTokenError)
"""API failures that are not one zone's: the loop stops at the first."""


def select_or_report(command: str, zone: str | None, records_dir: Path = DEFAULT_RECORDS_DIR,
                     state_dir: Path = STATE_DIR) -> tuple[list[Zone], bool]:
    """The valid zones, and whether anything was reported (each finding or problem on stderr)."""
    selection = select(zone, records_dir, state_dir)
    return selection.zones, report_selection(command, selection)


def report_selection(command: str, selection: ZoneSelection) -> bool:
    """Each finding and problem of ``selection`` on stderr; True when there was any."""
    for finding in selection.findings:
        click.echo(str(finding), err=True)
    for problem in selection.problems:
        click.echo(f"{command}: {problem}", err=True)
    if selection.findings:
        bad = len({f.path for f in selection.findings})
        click.echo(f"{command}: {bad} record file(s) invalid, skipped; going on with the "
                   f"{len(selection.zones)} valid zone(s)", err=True)
    return not selection.ok


class ZoneLoop:
    """Run per-zone work; an exception of ``catch`` becomes one stderr line and a failed zone."""

    def __init__(self, command: str, catch: tuple[type[Exception], ...] = (GandiError,)) -> None:
        self.command = command
        self.catch = catch
        self.failed: list[str] = []
        self.causes: dict[str, str] = {}
        """Failed zone → its one line (without the command's prefix)."""

    def run(self, zone: str, work: Callable[[], T]) -> T | None:
        """``work()``, or None after reporting the failure of ``zone``.

        A failure that is not the zone's (401 bad token, no token, API unreachable)
        is raised: every other zone would fail the same way.
        """
        try:
            return work()
        except GLOBAL_FAILURES:
            raise
        except self.catch as exc:
            line = zone_error(zone, exc) if isinstance(exc, GandiError) else f"{zone}: {exc}".replace(
                f"{zone}: {zone}: ", f"{zone}: ")
            self.fail(zone, line)
            return None

    def fail(self, zone: str, line: str) -> None:
        click.echo(f"{self.command}: {line}", err=True)
        self.failed.append(zone)
        self.causes[zone] = line

    def summary(self, total: int) -> str | None:
        """``<command>: 2 of 40 zone(s) failed: a.org, b.org``; None when none failed or there was one zone."""
        if not self.failed or total < 2:
            return None
        return f"{self.command}: {len(self.failed)} of {total} zone(s) failed: {', '.join(self.failed)}"
