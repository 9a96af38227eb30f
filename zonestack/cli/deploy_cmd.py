"""``zonestack deploy`` (``pipenv run deploy``): plan every zone, refuse risky plans, apply the saved plans."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from zonestack.cli.deploy_run import hold_checkout, write_document
from zonestack.cli.each_zone import ZoneLoop, report_selection
from zonestack.click_types import Finite
from zonestack.deploy.engine import Deployment, ReviewedPlan
from zonestack.deploy.errors import failure_for
from zonestack.deploy.guard import DEFAULT_MAX_RATIO, DEFAULT_MIN_SIZE, GuardPolicy, Verdict, judge
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.render_plan import FAILED, INVALID, NOT_MANAGED, Unplanned, to_text, verdict_word
from zonestack.deploy.rounds import apply_paced
from zonestack.deploy.session import current_proxy, open_session
from zonestack.deploy.snapshot import SnapshotError
from zonestack.deploy.terraform import StepError
from zonestack.gandi.errors import GandiError
from zonestack.gandi.pacing import rate_from_env
from zonestack.gandi.token_source import resolve_token
from zonestack.progress import progress
from zonestack.settings import RECORDS_DIR, STATE_DIR
from zonestack.toolchain.prepare import EXIT_OK, prepare
from zonestack.zoneset import select

EXIT_FAILED, EXIT_USAGE, EXIT_TOOLCHAIN, EXIT_REFUSED = 1, 2, 3, 4


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    click.echo(message, err=True)
    sys.exit(code)


@click.command("deploy")
@click.option("--zone", metavar="ZONE", help="Deploy only this zone (default: every records/*.yaml).")
@click.option("--plan-only", is_flag=True, help="Plan and judge, apply nothing.")
@click.option("--force", is_flag=True, help="Apply even when the guard refuses.")
@click.option("--max-ratio", type=Finite(0, 1), default=DEFAULT_MAX_RATIO, show_default=True,
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

    Each zone is read once (state, one listing) and compared with its record
    file: live sets state lacks are adopted (imports in the plan), and live sets
    in the way of declared ones (or, with `mode: authoritative`, neither declared
    nor ignored) are listed as prunes, which zonestack deletes before applying.

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
    selection = select(zone, RECORDS_DIR, STATE_DIR)  # relative: messages name records/…, as validate does
    reported = report_selection("deploy", selection)
    selected = selection.zones
    unplanned = [Unplanned(z, INVALID, cause) for z, cause in selection.invalid().items()]
    unplanned += [Unplanned(z, NOT_MANAGED, cause) for z, cause in selection.orphaned.items()]
    if not selected:
        if fmt != "table" and unplanned:  # the PR comment still shows why nothing was planned
            write_document([], [], fmt, out, unplanned=unplanned)
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
    notify = functools.partial(_notify, err=True)
    # The PAT (read once) and the pacing proxy in front of Gandi for every child of this run.
    env = open_session(report.env, notify=notify)
    hold_checkout(project)
    deployment = Deployment(project, env, echo=echo, notify=notify)
    click.get_current_context().call_on_close(deployment.close)
    try:
        deployment.synthesise(selected)
    except StepError as exc:
        _fail(f"deploy: {exc}")
    deployment.read_ahead([z.name for z in selected])  # the zones' one live read each, overlapped
    loop = ZoneLoop("deploy", catch=(StepError, SnapshotError))  # a zone that fails is reported, the rest go on
    reviewed: list[ReviewedPlan] = []
    with progress("deploy: planning", total=len(selected)) as bar:
        for declared in selected:
            bar.advance(declared.name, steps=0)
            try:
                item = loop.run(declared.name, functools.partial(deployment.plan, declared))
            except GandiError as exc:  # not the zone's (401, unreachable): every zone would fail alike
                _fail(str(failure_for(exc)).replace("deploy: ", f"deploy: {declared.name}: ", 1))
            if item is not None:
                reviewed.append(item)
            bar.advance(declared.name)
    failed = loop.summary(len(selected))
    if failed:
        click.echo(failed, err=True)
    plans = [r.plan for r in reviewed]
    unplanned += [Unplanned(z, FAILED, loop.causes[z]) for z in loop.failed]
    policy = GuardPolicy(max_ratio=max_ratio, min_size=min_size, protect_apex_ns=not allow_apex_ns)
    verdicts = [judge(p, policy) for p in plans]
    if fmt == "table":
        if plans:
            _print_table(plans, verdicts, force, unplanned)
    else:
        write_document(plans, verdicts, fmt, out, force=force, unplanned=unplanned)
    if not plans:  # every zone failed to plan, each said why in one line
        sys.exit(EXIT_FAILED)
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
        with progress("deploy: applying", total=sum(1 for r in reviewed if not r.plan.no_changes)) as bar:
            for item in reviewed:
                changing = not item.plan.no_changes
                if changing:
                    bar.advance(item.zone, steps=0)
                if apply_paced(deployment, item, current_proxy(), lambda plan: judge(plan, policy), notify) \
                        and changing:
                    applied += 1
                if changing:
                    bar.advance(item.zone)
    except StepError as exc:
        _fail(f"deploy: {exc}")
    proxy = current_proxy()
    paced = (f"; Gandi refused {proxy.pacer.refusals} request(s), paced at {proxy.pacer.per_minute}/min in the end"
             if proxy is not None and proxy.pacer.refusals else "")
    say(f"deploy: applied {applied} zone(s), {len(plans) - applied} unchanged{paced}")


def _word(plan: ZonePlan, verdict: Verdict, force: bool) -> str:
    word = verdict_word(plan, verdict, force)
    return word.upper() if verdict.refused else word


def _notify(line: str, err: bool = True) -> None:
    click.echo(f"deploy: {line}", err=err)


def _print_table(plans: list[ZonePlan], verdicts: list[Verdict], force: bool, unplanned: list[Unplanned]) -> None:
    table = Table(title="zonestack deploy plan", title_justify="left")
    widest = max((len(p.zone) for p in plans), default=4)
    for column in ("zone", "record sets", "import", "add", "change", "destroy", "verdict"):
        # zone names and verdicts are never cut: numbers and headers give way (wrapped at spaces)
        table.add_column(column, justify="left" if column in ("zone", "verdict") else "right",
                         no_wrap=column in ("zone", "verdict"), min_width=widest if column == "zone" else None)
    rows = [(plan.zone, [str(plan.size), str(plan.imports), str(plan.adds), str(plan.changes),
                         str(plan.destroys), _word(plan, verdict, force)])
            for plan, verdict in zip(plans, verdicts, strict=True)]
    rows += [(u.zone, ["–"] * 5 + [u.status]) for u in unplanned]
    for zone_name, cells in sorted(rows):
        table.add_row(zone_name, *cells)
    Console(width=80, force_terminal=False, no_color=True, file=sys.stdout).print(table)
    for line in to_text(plans):
        click.echo(line)
