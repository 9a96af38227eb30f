"""``zonestack cutover``: the nameserver flip to LiveDNS, checked, gated, applied as a plan, proven."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click

from zonestack.audit.pulled import pg_state_reader
from zonestack.audit.run import audit_zones
from zonestack.cli.each_zone import select_or_report
from zonestack.cutover import ds_memory
from zonestack.cutover.parent import ParentView, observe_parent
from zonestack.cutover.plan import read_plan
from zonestack.cutover.preflight import Check, audit_check, delegation_note, ds_check, records_check
from zonestack.cutover.report import CutoverRecord, to_markdown
from zonestack.delegation import delegation_stack_name
from zonestack.deploy.synth import synthesise_delegation
from zonestack.deploy.terraform import StepError, Terraform
from zonestack.gandi import GandiError, LiveDNSClient
from zonestack.model import Zone
from zonestack.settings import RECORDS_DIR, STATE_DIR, backend
from zonestack.verify import Options, ServerError, verify_declared
from zonestack.verify.livedns import livedns_nameservers
from zonestack.verify.query import TIMEOUT
from zonestack.verify.servers import RESOLVE_ENV, RESOLVER_ENV, Lookup, parse_resolve

EXIT_OK, EXIT_FAILED, EXIT_NOT_DELEGATED, EXIT_REFUSED, EXIT_NO_GO = 0, 1, 2, 3, 4
PLAN_FILE = "cutover.tfplan"


class _Run:
    """The run's record and how it ends (the report is written on every way out)."""

    def __init__(self, zone: str, report: Path | None) -> None:
        self.record = CutoverRecord(zone, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))
        self.report = report
        self.env: dict[str, str] = {}

    def end(self, code: int, outcome: str) -> NoReturn:
        self.record.outcome, self.record.exit_code = outcome, code
        click.echo(f"cutover: {outcome}", err=code != EXIT_OK)
        if self.report is not None:
            try:
                self.report.write_text(to_markdown(self.record, {**os.environ, **self.env}), encoding="utf-8")
            except OSError as exc:
                click.echo(f"cutover: could not write the report {self.report}: {exc.strerror}", err=True)
                sys.exit(EXIT_FAILED)
        sys.exit(code)

    def check(self, check: Check) -> Check:
        self.record.checks.append(check)
        click.echo(check.line())
        return check


@click.command("cutover")
@click.option("--zone", "zone_name", required=True, metavar="ZONE", help="The zone whose domain is flipped.")
@click.option("--yes", is_flag=True, help="The explicit go (CI). At a terminal, typing the zone name is the go.")
@click.option("--wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="After the flip, ask the parent again until it delegates to LiveDNS or SECONDS pass.")
@click.option("--report", "report", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Write the Markdown record of the run (for the change ticket) to FILE.")
@click.option("--parent-nameserver", "parent_nameservers", metavar="HOST[:PORT]", multiple=True,
              help="Ask this server of the parent zone (default: found through the resolver).")
@click.option("--resolve", "resolve", metavar="NAME=HOST[:PORT]", multiple=True,
              help=f"As for verify (default: ${RESOLVE_ENV}).")
@click.option("--resolver", metavar="HOST[:PORT]", help=f"As for verify (default: ${RESOLVER_ENV}).")
@click.option("--timeout", type=click.FloatRange(min=0.05), default=TIMEOUT, show_default=True, metavar="SECONDS",
              help="Per DNS exchange.")
@click.option("--records-dir", type=click.Path(path_type=Path), default=RECORDS_DIR, show_default=True)
@click.option("--state-dir", type=click.Path(path_type=Path), default=STATE_DIR, show_default=True)
def command(zone_name: str, yes: bool, wait: float, report: Path | None, parent_nameservers: tuple[str, ...],
            resolve: tuple[str, ...], resolver: str | None, timeout: float, records_dir: Path,
            state_dir: Path) -> None:
    """Flip the domain's nameservers to LiveDNS: pre-flight, plan, go, apply, proof.

    Needs `delegation: {registrar: gandi}` in the zone's record file (its stack
    `delegation-<zone>`). Pre-flight, one line each with its evidence: records
    (every declared set answered as declared by every LiveDNS nameserver, as
    `zonestack verify`), audit (clean, as `zonestack audit`), ds (the parent
    publishes no DS for the zone, and a DS seen earlier has outlived the TTL the
    parent served it with: go insecure first), delegation (where the parent
    delegates now, with its NS TTL). Any refusal says why and the way forward;
    nothing is changed. Then the plan of the delegation stack, applied only with
    --yes or when the zone name is typed at a terminal, then the parent asked
    (with --wait, again) until it delegates to LiveDNS.

    Exit status: 0 the parent delegates to LiveDNS · 1 an error (record file,
    API, Terraform) · 2 applied but the parent does not delegate to LiveDNS (yet:
    try a longer --wait, then `zonestack verify --delegation`) · 3 refused by a
    pre-flight check (nothing changed) · 4 no go (plan shown, nothing changed).
    Reads GANDI_PERSONAL_ACCESS_TOKEN and GANDI_URL; the report never holds them.
    """
    run = _Run(zone_name, report)
    zones, reported = select_or_report("cutover", zone_name, records_dir, state_dir)
    if reported or not zones:
        run.end(EXIT_FAILED, "the record file is not valid (see above); nothing changed")
    zone = zones[0]
    if zone.delegation is None:
        run.end(EXIT_FAILED, f"{zone.path or zone.name} has no `delegation: {{registrar: gandi}}`: add it to "
                f"manage the domain's nameservers (stack {delegation_stack_name(zone.name)}); nothing changed")
    try:
        resolve_map = parse_resolve([os.environ.get(RESOLVE_ENV, ""), *resolve])
        options = Options(resolve=resolve_map, resolver=resolver or os.environ.get(RESOLVER_ENV) or None,
                          timeout=timeout, parent_nameservers=parent_nameservers)
        livedns = _preflight(run, zone, options, state_dir)
    except (GandiError, ServerError) as exc:
        run.end(EXIT_FAILED, f"{zone.name}: {exc}; nothing changed")
    _flip(run, zone, livedns, yes)
    try:
        delegated = verify_declared(zone, dataclasses.replace(options, delegation=True, wait=wait),
                                    progress=lambda line: click.echo(line, err=True) if wait else None)
    except (GandiError, ServerError) as exc:
        run.end(EXIT_FAILED, f"{zone.name}: applied, but the delegation could not be checked ({exc}); "
                f"`zonestack verify --zone {zone.name} --delegation --wait 600`")
    found = delegated.delegation
    run.record.delegation = [f"{a.server}: {found.verdict(a)}" for a in found.answers] if found else []
    for line in run.record.delegation:
        click.echo(f"delegation: {line}")
    if found is not None and found.ok:
        run.end(EXIT_OK, f"{zone.name} is delegated to LiveDNS ({', '.join(found.expected)})")
    run.end(EXIT_NOT_DELEGATED, f"{zone.name}: the parent does not delegate to LiveDNS yet; wait for the registry "
            f"(`zonestack verify --zone {zone.name} --delegation --wait 600`)")


def _preflight(run: _Run, zone: Zone, options: Options, state_dir: Path) -> list[str]:
    """Each check printed; refuses (exit 3) when any fails. Returns the LiveDNS nameservers."""
    with LiveDNSClient() as client:
        livedns = livedns_nameservers(client, zone.name)
        reader = pg_state_reader(Path.cwd(), {zone.name: zone}) if backend() == "pg" else None
        checks = [run.check(records_check(verify_declared(zone, options), zone.name)),
                  run.check(audit_check(audit_zones([zone], client, state_dir, reader)[0], zone.name))]
    view = observe_parent(zone.name, Lookup(dict(options.resolve), options.resolver), options.parent_nameservers,
                          options.timeout)
    checks.append(run.check(_ds(view, zone.name, state_dir)))
    run.check(delegation_note(view.delegated_to, view.ns_ttl, livedns))
    refused = [c.name for c in checks if not c.ok]
    if refused:
        run.end(EXIT_REFUSED, f"{zone.name}: refused by the pre-flight ({', '.join(refused)}); nothing changed")
    return livedns


def _ds(view: ParentView, zone: str, state_dir: Path) -> Check:
    now = time.time()
    served = [a for a in view.ds if a.records and a.ttl is not None]
    if served:
        ds_memory.remember(state_dir, zone, now, max(a.ttl or 0 for a in served))
    seen, ttl = ds_memory.recall(state_dir, zone)
    return ds_check(view.ds, seen, ttl, now, zone)


def _flip(run: _Run, zone: Zone, livedns: list[str], yes: bool) -> None:
    """Synthesise, plan, show, ask for the go, apply. Ends the run on any failure or no go."""
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
    name = delegation_stack_name(zone.name)
    try:
        directory = synthesise_delegation(Path.cwd(), zone.name, run.env)
    except StepError as exc:
        run.end(EXIT_FAILED, f"{exc}; nothing changed")
    tf = Terraform(name, directory, run.env, echo=None)
    click.get_current_context().call_on_close(lambda: (tf.directory / PLAN_FILE).unlink(missing_ok=True))
    try:
        tf.init()
        tf.plan(PLAN_FILE)
        flip = read_plan(json.loads(tf.show(PLAN_FILE)))
    except (StepError, ValueError) as exc:
        run.end(EXIT_FAILED, f"{exc}; nothing changed")
    run.record.plan = [flip.line()]
    click.echo(f"plan: {flip.line()}")
    if flip.no_changes:
        run.record.go = "not needed (no changes)"
        return
    wrong = flip.mismatch(livedns)
    if wrong:
        run.end(EXIT_REFUSED, f"{zone.name}: {wrong}; nothing changed")
    if yes:
        run.record.go = "--yes"
    elif sys.stdin.isatty():
        typed = click.prompt(f"Type {zone.name} to flip its nameservers (anything else stops)", default="",
                             show_default=False)
        if typed.strip().lower() != zone.name:
            run.end(EXIT_NO_GO, f"{zone.name}: no go (typed {typed!r}); nothing changed")
        run.record.go = "zone name typed at a terminal"
    else:
        run.end(EXIT_NO_GO, f"{zone.name}: no go: pass --yes (CI) or run at a terminal to type the zone name; "
                "nothing changed")
    try:
        tf.apply(PLAN_FILE)
    except StepError as exc:
        run.end(EXIT_FAILED, f"{exc} (the registrar may have been changed: `zonestack cutover --zone {zone.name}` "
                "again shows the plan)")
    run.record.applied = True
    click.echo(f"applied: {name}")
