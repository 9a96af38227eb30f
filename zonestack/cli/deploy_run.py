"""What one ``zonestack deploy`` run holds and writes: the checkout's lock, its plan files, the document.

:func:`hold_checkout` takes the checkout's deploy lock (a second run exits 1
with one line naming the holder) and returns the list the run puts its saved
plans in; when the click command ends, however it ends, the plan files are
removed and the lock released.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from zonestack.atomic import write_text
from zonestack.deploy.guard import Verdict
from zonestack.deploy.lock import DeployLock, LockBusy
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.planfile import SavedPlan, discard
from zonestack.deploy.render_plan import Unplanned, to_json, to_markdown


def hold_checkout(project: Path, what: str = "deploy") -> list[SavedPlan]:
    """Lock the checkout for this command (exit 1 if another run holds it); the run's saved plans go in the list."""
    lock = DeployLock(project, what)
    try:
        lock.acquire()
    except LockBusy as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    saved: list[SavedPlan] = []

    def finish() -> None:
        for item in saved:
            discard(item)
        lock.release()

    click.get_current_context().call_on_close(finish)
    return saved


def write_document(plans: Sequence[ZonePlan], verdicts: Sequence[Verdict], fmt: str, out: Path | None,
                   *, force: bool = False, unplanned: Sequence[Unplanned] = ()) -> None:
    """The plan as ``fmt`` (markdown/json) to ``out`` or standard output, with a row for each zone
    that has no plan (``unplanned``)."""
    text = (to_json(plans, verdicts, forced=force, unplanned=unplanned) if fmt == "json"
            else to_markdown(plans, verdicts, forced=force, unplanned=unplanned))
    if out is None:
        click.echo(text, nl=False)
    else:
        write_text(out, text)
