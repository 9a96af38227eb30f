"""What ``zonestack cutover`` and ``zonestack dnssec`` share: a run that always ends with its report,
and the delegation stack planned, shown, gated and applied.

The gate is the explicit go a human gives for an outward-facing change: ``--yes`` (the go of whoever
approved the change in CI) or the zone name typed at a terminal; anything else ends the run with
exit 4 and nothing changed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from zonestack.click_types import Finite
from zonestack.cutover.preflight import Check
from zonestack.cutover.report import CutoverRecord, to_markdown
from zonestack.delegation import delegation_stack_name
from zonestack.deploy.synth import synthesise_delegation
from zonestack.deploy.terraform import StepError, Terraform
from zonestack.gandi import GandiError
from zonestack.model import Zone
from zonestack.settings import RECORDS_DIR, STATE_DIR
from zonestack.verify.query import TIMEOUT
from zonestack.verify.servers import RESOLVE_ENV, RESOLVER_ENV

EXIT_OK, EXIT_FAILED, EXIT_NOT_YET, EXIT_REFUSED, EXIT_NO_GO = 0, 1, 2, 3, 4
PLAN_FILE = "gated.tfplan"


class GatedRun:
    """The run's record and how it ends (the report is written on every way out; a report path that
    cannot be written ends the run at once, exit 1, before anything is asked or changed).

    ``name`` prefixes the printed outcome (``cutover``, ``dnssec``); ``record`` is what the report says.
    """

    def __init__(self, name: str, zone: str, report: Path | None, title: str, proof_heading: str) -> None:
        self.name = name
        self.record = CutoverRecord(zone, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"), title=title,
                                    proof_heading=proof_heading)
        self.report = report
        self.env: dict[str, str] = {}
        if report is not None:  # found only at the end, the registry would already have been changed
            try:
                report.open("a", encoding="utf-8").close()  # every way out rewrites it whole
            except OSError as exc:
                click.echo(f"{name}: cannot write the report {report} ({exc.strerror}); nothing changed", err=True)
                sys.exit(EXIT_FAILED)

    def end(self, code: int, outcome: str) -> NoReturn:
        self.record.outcome, self.record.exit_code = outcome, code
        click.echo(f"{self.name}: {outcome}", err=code != EXIT_OK)
        if self.report is not None:
            try:
                self.report.write_text(to_markdown(self.record, {**os.environ, **self.env}), encoding="utf-8")
            except OSError as exc:
                click.echo(f"{self.name}: could not write the report {self.report}: {exc.strerror}", err=True)
                sys.exit(EXIT_FAILED)
        sys.exit(code)

    def check(self, check: Check) -> Check:
        self.record.checks.append(check)
        click.echo(check.line())
        return check

    def refuse_if_failed(self, checks: list[Check], zone: str) -> None:
        refused = [c.name for c in checks if not c.ok]
        if refused:
            self.end(EXIT_REFUSED, f"{zone}: refused by the pre-flight ({', '.join(refused)}); nothing changed")


def gated_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options ``cutover`` and ``dnssec`` share: the go (``--yes``), the report, how the parent's and
    LiveDNS's servers are found and asked (as for verify), and the project's folders."""
    for option in reversed([
        click.option("--yes", is_flag=True,
                     help="The explicit go (CI). At a terminal, typing the zone name is the go."),
        click.option("--report", "report", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
                     help="Write the Markdown record of the run (for the change ticket) to FILE."),
        click.option("--parent-nameserver", "parent_nameservers", metavar="HOST[:PORT]", multiple=True,
                     help="Ask this server of the parent zone (default: found through the resolver)."),
        click.option("--resolve", "resolve", metavar="NAME=HOST[:PORT]", multiple=True,
                     help=f"As for verify (default: ${RESOLVE_ENV})."),
        click.option("--resolver", metavar="HOST[:PORT]", help=f"As for verify (default: ${RESOLVER_ENV})."),
        click.option("--timeout", type=Finite(min=0.05), default=TIMEOUT, show_default=True, metavar="SECONDS",
                     help="Per DNS exchange."),
        click.option("--records-dir", type=click.Path(path_type=Path), default=RECORDS_DIR, show_default=True),
        click.option("--state-dir", type=click.Path(path_type=Path), default=STATE_DIR, show_default=True),
    ]):
        command = option(command)
    return command


def plan_delegation(run: GatedRun, zone: Zone) -> tuple[Terraform, dict[str, Any]]:
    """Synthesise ``delegation-<zone>``, init, plan to a file, and return Terraform and ``show -json``'s
    plan. Ends the run (exit 1, nothing changed) on any failure; the plan file is removed at exit."""
    from zonestack.deploy.session import open_session  # noqa: PLC0415 - only once the pre-flight passed
    from zonestack.toolchain.prepare import EXIT_OK as TOOLCHAIN_OK  # noqa: PLC0415
    from zonestack.toolchain.prepare import prepare  # noqa: PLC0415

    toolchain = prepare()
    if toolchain.exit_code != TOOLCHAIN_OK:
        run.end(EXIT_FAILED, "Terraform toolchain unavailable; run `pipenv run zonestack setup`; nothing changed")
    try:
        run.env = open_session(toolchain.env)
    except GandiError as exc:
        run.end(EXIT_FAILED, f"{exc}; nothing changed")
    try:
        directory = synthesise_delegation(Path.cwd(), zone, run.env)
    except StepError as exc:
        run.end(EXIT_FAILED, f"{exc}; nothing changed")
    tf = Terraform(delegation_stack_name(zone.name), directory, run.env, echo=None)
    click.get_current_context().call_on_close(lambda: (tf.directory / PLAN_FILE).unlink(missing_ok=True))
    try:
        tf.init()
        tf.plan(PLAN_FILE)
        return tf, json.loads(tf.show(PLAN_FILE))
    except (StepError, ValueError) as exc:
        run.end(EXIT_FAILED, f"{exc}; nothing changed")


def ask_go(run: GatedRun, zone: str, yes: bool, action: str) -> None:
    """The explicit go for ``action`` (e.g. "flip its nameservers"), or the run ends with exit 4."""
    if yes:
        run.record.go = "--yes"
        return
    if sys.stdin.isatty():
        typed = click.prompt(f"Type {zone} to {action} (anything else stops)", default="", show_default=False)
        if typed.strip().lower() != zone:
            run.end(EXIT_NO_GO, f"{zone}: no go (typed {typed!r}); nothing changed")
        run.record.go = "zone name typed at a terminal"
        return
    run.end(EXIT_NO_GO, f"{zone}: no go: pass --yes (CI) or run at a terminal to type the zone name; nothing changed")


def apply(run: GatedRun, tf: Terraform, zone: str, again: str) -> None:
    """Apply the saved plan; on failure the run ends (exit 1) saying ``again`` shows the plan again."""
    try:
        tf.apply(PLAN_FILE)
    except StepError as exc:
        run.end(EXIT_FAILED, f"{exc} (the registrar may have been changed: `{again}` again shows the plan)")
    run.record.applied = True
    click.echo(f"applied: {delegation_stack_name(zone)}")
