"""``zonestack adopt --zone Z``: make a live zone ready for plain ``cdktf diff|deploy``.

``zonestack deploy`` adopts by itself (its snapshot). Plain ``cdktf deploy``
only knows the synthesised stack, so on a domain registered at Gandi (its zone
exists, with Gandi's default records) it would create sets that already exist
(409) or that cannot sit beside a default (a CNAME beside anything: 400). This
one explicit step, run once before, does what the guarded deploy does before
planning, with the same diff:

1. creates the zone at LiveDNS when Gandi has none (``POST /domains``);
2. writes ``imports/<zone>.json``: the zone and every declared set already live
   and not in state, so the plan imports them (then updates in place);
3. deletes the live sets in the way of declared ones (and, in an
   ``authoritative`` zone, the undeclared, unignored ones), each only if it still
   holds what the listing showed, and never one in state.

The declaration comes from ``records/<zone>.yaml``, or, for a cdktf app of the
user's own (``GandiZone.from_name`` + ``add_record_set``, no record file), from
its synthesised stack (``npx cdktf synth`` first; :mod:`zonestack.stackfile`),
whose ``GandiZone`` reads the ``imports/<zone>.json`` written here.

Exit 0 done (or nothing to do), 1 on a bad record file, state or API failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from zonestack.atomic import write_text
from zonestack.cli.zone_select import MissingRecordFile, SelectionError, load_declared_zone
from zonestack.deploy.prune import delete_if_unchanged
from zonestack.diff import as_record_set, diff
from zonestack.gandi import GandiError, LiveDNSClient, NotFoundError
from zonestack.imports_plan import ImportPlan, load_import_plan, plan_path
from zonestack.model import Zone
from zonestack.resource_ids import provider_import_id, record_id
from zonestack.settings import IMPORTS_DIR, RECORDS_DIR, backend
from zonestack.stackfile import StackFileError, find_zone, output_dir
from zonestack.tfstate import StateError, ZoneState, read_local_state
from zonestack.zoneset import zone_error

Key = tuple[str, str]


def _declared(zone_name: str, records_dir: Path, project: Path) -> tuple[Zone, dict[Key, str], ZoneState, str]:
    """The zone as declared, its resource names, its state and its stack's name: from ``records/<zone>.yaml``, else
    from the synthesised stack of a cdktf app of the user's own (``zonestack.stackfile``).

    Raises SelectionError, StackFileError or StateError (one line each)."""
    try:
        zone = load_declared_zone(zone_name, records_dir)
    except MissingRecordFile as missing:
        stack = find_zone(zone_name, project)
        if stack is None:
            raise SelectionError(
                f"{missing}, and no synthesised stack under {output_dir(project).relative_to(project)}/ declares "
                f"{zone_name}: write the record file, or run `npx cdktf synth` first (a cdktf app of your own)"
            ) from None
        if stack.state_path is None:
            raise SelectionError(f"{stack.stack_file}:1: adopt reads a local backend's state only; this stack "
                                 "keeps its state elsewhere") from None
        state = read_local_state(stack.state_path, zone=stack.zone.name)
        return stack.zone, stack.resource_ids, state, stack.stack_file.parent.name
    ids = {key: record_id(*key) for key in zone.by_key}
    if backend() == "pg":
        from zonestack.audit.pulled import pg_state_reader

        return zone, ids, pg_state_reader(project, {zone.name: zone})(zone.name), zone.name
    from zonestack.deploy.snapshot import read_state

    return zone, ids, read_state(zone.name, project, {}), zone.name


def _fail(message: str) -> None:
    click.echo(f"adopt: {message}", err=True)
    sys.exit(1)


@click.command("adopt")
@click.option("--zone", "zone_name", required=True,
              help="The zone: records/<zone>.yaml, or a zone your own cdktf app declares (synthesise it first).")
@click.option("--records-dir", type=click.Path(path_type=Path), default=RECORDS_DIR, show_default=True)
@click.option("--dry-run", is_flag=True, help="Only print what would be done.")
def command(zone_name: str, records_dir: Path, dry_run: bool) -> None:
    """Prepare ZONE at Gandi for plain `cdktf deploy`: create it if missing, write
    imports/<zone>.json for what is live, delete live sets in the way of declared ones."""
    project = Path.cwd()
    try:
        zone, ids, state, stack_name = _declared(zone_name, records_dir, project)
    except (SelectionError, StackFileError, StateError) as exc:
        _fail(f"{exc}; nothing changed" if isinstance(exc, StateError) else str(exc))
        return
    try:
        with LiveDNSClient() as client:
            try:
                live = [as_record_set(r) for r in client.list_rrsets(zone.name)]
            except NotFoundError:
                if dry_run:
                    click.echo(f"adopt: {zone.name}: would create the zone at LiveDNS")
                    live = []
                else:
                    client.create_domain(zone.name)
                    click.echo(f"adopt: {zone.name}: created the zone at LiveDNS")
                    live = [as_record_set(r) for r in client.list_rrsets(zone.name)]
            found = diff(zone, live, state)
            plan = load_import_plan(zone.name, project / IMPORTS_DIR)
            records = {k: v for k, v in plan.records.items() if k in set(ids.values())}
            records.update({ids[r.key]: provider_import_id(zone.name, r.name, r.type) for r in found.adopt})
            doomed = [p.record for p in found.prune]
            for record in doomed:
                click.echo(f"adopt: {zone.name}: {'would delete' if dry_run else 'deleting'} {record.name} "
                           f"{record.type} {' '.join(record.values)} (in the way of the declaration)")
            if not dry_run:
                write_text(plan_path(zone.name, project / IMPORTS_DIR),
                           ImportPlan(domain=True, records=records).to_json())
                report = delete_if_unchanged(client, zone.name, doomed, live)
                for line in report.lines(zone.name):
                    click.echo(f"adopt: {line}", err=True)
    except GandiError as exc:
        _fail(zone_error(zone.name, exc))
        return
    target = plan_path(zone.name, IMPORTS_DIR)
    click.echo(f"adopt: {zone.name}: wrote {target} ({len(found.adopt)} live set(s) to import, and the zone), "
               f"deleted {len(doomed)} set(s) in the way; next: `npx cdktf deploy {stack_name}`"
               if not dry_run else
               f"adopt: {zone.name}: would write {target} ({len(found.adopt)} live set(s) to import) and delete "
               f"{len(doomed)} set(s) in the way; nothing changed")
