"""``zonestack deploy`` (``pipenv run deploy``): plan every zone, refuse risky plans, apply the saved plans."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from zonestack.cli.deploy_run import hold_checkout, write_document
from zonestack.cli.each_zone import ZoneLoop, select_or_report
from zonestack.deploy.guard import DEFAULT_MAX_RATIO, DEFAULT_MIN_SIZE, GuardPolicy, Verdict, judge
from zonestack.deploy.livecheck import check_unchanged
from zonestack.deploy.phases import apply_reviewed
from zonestack.deploy.pipeline import StepError, stack_dir, synthesise
from zonestack.deploy.planfile import RunId, plan_saved
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.reconcile import ReconcileError, reconcile_zones
from zonestack.deploy.untaint import untaint_created
from zonestack.deploy.session import open_session
from zonestack.gandi.errors import GandiError
from zonestack.gandi.pacing import rate_from_env
from zonestack.gandi.token_source import resolve_token
from zonestack.model import Zone
from zonestack.progress import progress
from zonestack.toolchain.prepare import EXIT_OK, prepare
from zonestack.zoneset import STATE_DIR

EXIT_FAILED, EXIT_USAGE, EXIT_TOOLCHAIN, EXIT_REFUSED = 1, 2, 3, 4
SYNTH_SKIPPED_INVALID = "invalid zones were not synthesised"
"""main.py's last line when some record files did not validate (the valid zones were synthesised)."""


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    click.echo(message, err=True)
    sys.exit(code)


@click.command("deploy")
@click.option("--zone", metavar="ZONE", help="Deploy only this zone (default: every records/*.yaml).")
@click.option("--plan-only", is_flag=True, help="Plan and judge, apply nothing.")
@click.option("--force", is_flag=True, help="Apply even when the guard refuses.")
@click.option("--max-ratio", type=click.FloatRange(0, 1), default=DEFAULT_MAX_RATIO, show_default=True,
              help="Refuse when changes+destroys exceed this share of a zone ...")
@click.option("--min-size", type=click.IntRange(0), default=DEFAULT_MIN_SIZE, show_default=True,
              help="... that has at least this many record sets (declared or in state).")
@click.option("--allow-apex-ns", is_flag=True, help="Do not refuse changes to the apex NS record set.")
@click.option("--quiet", is_flag=True, help="Do not stream Terraform's plan/apply output.")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "json"]), default="table", show_default=True,
              help="The plan as a table, or as one Markdown/JSON document for all zones (a PR comment).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the --format document to this file instead of standard output.")
def command(zone: str | None, plan_only: bool, force: bool, max_ratio: float, min_size: int,
            allow_apex_ns: bool, quiet: bool, fmt: str, out: Path | None) -> None:
    """Synthesise, plan each zone to a file, refuse risky plans, apply the saved plans.

    Before planning, each zone is listed once and compared with state and its
    record file: live sets state lacks are adopted (import blocks), and live
    sets in the way of declared ones (or, with `mode: authoritative`, neither
    declared nor ignored) are listed in a terraform_data.prune the plan shows.

    Refused (exit 4, naming zone and reason) unless --force: changes+destroys
    (prunes included) over 30 % of a zone with 10+ record sets, or any change
    to the apex NS record set. What is applied is the saved plan that was judged
    (checked by its SHA-256, and refused if a set it touches changed at Gandi
    since); one deploy per checkout runs at a time.

    Exit status: 0 applied (or planned, with --plan-only), 1 a step failed,
    2 GANDI_PERSONAL_ACCESS_TOKEN unset, 3 Terraform or provider unavailable, 4 refused.
    """
    try:
        resolve_token()  # once per run: variable, file or command; never an argument
        rate_from_env()
    except GandiError as exc:  # no PAT, its command failed, or a bad ZONESTACK_RATE_LIMIT
        _fail(f"deploy: {exc}", EXIT_USAGE)
    project = Path.cwd()
    selected, reported = select_or_report("deploy", zone, project / "records", project / STATE_DIR)
    if not selected:
        sys.exit(EXIT_FAILED)
    if reported and not plan_only:
        _fail("deploy: nothing applied; fix the problems above, or deploy the valid zones one by one with --zone "
              "(--plan-only plans every valid zone)")
    report = prepare()
    if report.exit_code != EXIT_OK:
        missing = "; ".join(i.detail.splitlines()[0] for i in report.items if i.status.value == "missing")
        _fail(f"deploy: Terraform toolchain unavailable ({missing}); run `pipenv run zonestack setup`", EXIT_TOOLCHAIN)
    document_on_stdout = fmt != "table" and out is None
    say = functools.partial(click.echo, err=document_on_stdout)
    echo = None if quiet or document_on_stdout else click.echo
    # The PAT (read once) and the pacing proxy in front of Gandi for every child of this run.
    env = open_session(report.env, notify=lambda line: click.echo(f"deploy: {line}", err=True))
    saved = hold_checkout(project)
    loop = ZoneLoop("deploy", catch=(StepError,))  # plan every zone; one that fails is reported, the rest go on
    try:
        # Adopt what is live but not in state, list what must be pruned: one listing per zone.
        reconciled = reconcile_zones(selected, project, env, on_error=loop.fail)
    except ReconcileError as exc:
        _fail(f"deploy: {exc}")
    try:
        synthesise(project, {**env, **reconciled})
    except StepError as exc:
        if SYNTH_SKIPPED_INVALID not in str(exc):  # else: the valid zones were synthesised, the rest reported
            _fail(f"deploy: {exc}")
    run = RunId.new()

    def plan_one(declared: Zone) -> None:
        directory = stack_dir(project, declared.name)
        for address in untaint_created(declared, directory, env):
            click.echo(f"deploy: {declared.name}: untainted {address} (its create succeeded; live as declared)",
                       err=True)
        saved.append(plan_saved(declared.name, directory, env, run, echo))

    with progress("deploy: planning", total=len(selected)) as bar:
        for declared in (z for z in selected if z.name not in loop.failed):
            bar.advance(declared.name, steps=0)
            loop.run(declared.name, lambda declared=declared: plan_one(declared))
            bar.advance(declared.name)
    failed = loop.summary(len(selected))
    if failed:
        click.echo(failed, err=True)
    plans = [s.plan for s in saved]
    policy = GuardPolicy(max_ratio=max_ratio, min_size=min_size, protect_apex_ns=not allow_apex_ns)
    verdicts = [judge(p, policy) for p in plans]
    if fmt == "table":
        _print_table(plans, verdicts, force)
    else:
        write_document(plans, verdicts, fmt, out, force=force)
    refused = [v for v in verdicts if v.refused]
    for verdict in refused:
        for reason in verdict.reasons:
            prefix = "deploy: --force overrides" if force else "deploy: refused"
            click.echo(f"{prefix} {verdict.zone}: {reason}", err=True)
    if refused and not force:
        _fail("deploy: nothing applied; fix the record files or re-run with --force", EXIT_REFUSED)
    if plan_only:
        say("deploy: plan only, nothing applied")
        sys.exit(EXIT_FAILED if reported or loop.failed else 0)
    if loop.failed:
        _fail("deploy: nothing applied: a zone failed to plan (see above); fix it or deploy the others with --zone")
    applied = 0
    try:
        with progress("deploy: applying", total=sum(1 for item in saved if not item.plan.no_changes)) as bar:
            for item in saved:
                if not item.plan.no_changes:
                    bar.advance(item.plan.zone, steps=0)
                    check_unchanged(item.plan, env)
                    apply_reviewed(item, env, echo)
                    applied += 1
                    bar.advance(item.plan.zone)
                elif item.drift:  # nothing to change at Gandi, but state must record what the refresh found
                    apply_reviewed(item, env, echo)
    except StepError as exc:
        _fail(f"deploy: {exc}")
    say(f"deploy: applied {applied} zone(s), {len(plans) - applied} unchanged")


def _print_table(plans: list[ZonePlan], verdicts: list[Verdict], force: bool) -> None:
    table = Table(title="zonestack deploy plan", title_justify="left")
    widest = max((len(p.zone) for p in plans), default=4)
    for column in ("zone", "record sets", "import", "add", "change", "destroy", "verdict"):
        # zone names and verdicts are never cut: numbers and headers give way (wrapped at spaces)
        table.add_column(column, justify="left" if column in ("zone", "verdict") else "right",
                         no_wrap=column in ("zone", "verdict"), min_width=widest if column == "zone" else None)
    for plan, verdict in zip(plans, verdicts):
        outcome = ("FORCED" if force else "REFUSED") if verdict.refused else ("no changes" if plan.no_changes else "ok")
        table.add_row(plan.zone, str(plan.size), str(plan.imports), str(plan.adds), str(plan.changes),
                      str(plan.destroys), outcome)
    Console(width=80, force_terminal=False, no_color=True, file=sys.stdout).print(table)
