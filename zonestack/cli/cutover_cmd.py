"""``zonestack cutover``: the nameserver flip to LiveDNS, checked, gated, applied as a plan, proven."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import click

from zonestack.audit.pulled import pg_state_reader
from zonestack.audit.run import audit_zones
from zonestack.cli.each_zone import select_or_report
from zonestack.cli.gated import (
    EXIT_FAILED,
    EXIT_NOT_YET,
    EXIT_OK,
    EXIT_REFUSED,
    GatedRun,
    apply,
    ask_go,
    gated_options,
    plan_delegation,
)
from zonestack.click_types import Finite
from zonestack.cutover import ds_memory
from zonestack.cutover.parent import ParentView, observe_parent
from zonestack.cutover.plan import key_changes, keys_with_flip, read_plan
from zonestack.cutover.preflight import Check, audit_check, delegation_note, ds_check, records_check
from zonestack.delegation import delegation_stack_name
from zonestack.gandi import GandiError, LiveDNSClient
from zonestack.model import Zone
from zonestack.settings import backend
from zonestack.verify import Options, ServerError, verify_declared
from zonestack.verify.livedns import livedns_nameservers
from zonestack.verify.servers import RESOLVE_ENV, RESOLVER_ENV, Lookup, parse_resolve

EXIT_NOT_DELEGATED = EXIT_NOT_YET


@click.command("cutover")
@click.option("--zone", "zone_name", required=True, metavar="ZONE", help="The zone whose domain is flipped.")
@click.option("--wait", type=Finite(min=0), default=0, metavar="SECONDS",
              help="After the flip, ask the parent again until it delegates to LiveDNS or SECONDS pass.")
@gated_options
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
    run = GatedRun("cutover", zone_name, report, "Cutover", "Delegation at the parent")
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
        livedns, view = _preflight(run, zone, options, state_dir)
    except (GandiError, ServerError) as exc:
        run.end(EXIT_FAILED, f"{zone.name}: {exc}; nothing changed")
    if _flip(run, zone, livedns, yes):
        ds_memory.remember(state_dir, zone.name, time.time(), view.propagation_ttl or 0, ds_memory.FLIP)
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


def _preflight(run: GatedRun, zone: Zone, options: Options, state_dir: Path) -> tuple[list[str], ParentView]:
    """Each check printed; refuses (exit 3) when any fails. Returns the LiveDNS nameservers and what
    the parent said."""
    with LiveDNSClient() as client:
        livedns = livedns_nameservers(client, zone.name)
        reader = pg_state_reader(Path.cwd(), {zone.name: zone}) if backend() == "pg" else None
        checks = [run.check(records_check(verify_declared(zone, options), zone.name)),
                  run.check(audit_check(audit_zones([zone], client, state_dir, reader)[0], zone.name))]
    view = observe_parent(zone.name, Lookup(dict(options.resolve), options.resolver), options.parent_nameservers,
                          options.timeout)
    checks.append(run.check(_ds(view, zone.name, state_dir)))
    run.check(delegation_note(view.delegated_to, view.ns_ttl, livedns, view.child_ns_ttl, view.child_ns_error))
    run.refuse_if_failed(checks, zone.name)
    return livedns, view


def _ds(view: ParentView, zone: str, state_dir: Path) -> Check:
    now = time.time()
    served = [a for a in view.ds if a.records and a.ttl is not None]
    if served:
        ds_memory.remember(state_dir, zone, now, max(a.ttl or 0 for a in served))
    seen, ttl = ds_memory.recall(state_dir, zone)
    return ds_check(view.ds, seen, ttl, now, zone)


def _flip(run: GatedRun, zone: Zone, livedns: list[str], yes: bool) -> bool:
    """Plan, show, ask for the go, apply; True when a flip was applied. Ends the run on any failure,
    a plan that is not exactly the flip to LiveDNS, or no go."""
    tf, plan = plan_delegation(run, zone)
    flip = read_plan(plan)
    keys = key_changes(plan)
    run.record.plan = [flip.line(), *(k.line() for k in keys)]
    for line in run.record.plan:
        click.echo(f"plan: {line}")
    if flip.no_changes:
        run.record.go = "not needed (no changes)"
        return False
    wrong = flip.mismatch(livedns) or keys_with_flip(keys)
    if wrong:
        run.end(EXIT_REFUSED, f"{zone.name}: {wrong}; nothing changed")
    ask_go(run, zone.name, yes, "flip its nameservers")
    apply(run, tf, zone.name, f"zonestack cutover --zone {zone.name}")
    return True
