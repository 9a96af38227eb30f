"""``zonestack clear-defaults --zone Z``: make room for a new zone's declared record sets.

Run by the stack's ``terraform_data.clear_defaults`` right after Terraform
created the zone (see ``constructs_lib/clear_defaults.py``), before any record
is created. Reads ``GANDI_URL`` and ``GANDI_PERSONAL_ACCESS_TOKEN`` from the
environment; every failure is one line and exit status 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from zonestack.catalog import DEFAULT_RECORDS_DIR
from zonestack.deploy.defaults import clear_defaults
from zonestack.deploy.reconcile import ReconcileError, read_state_view
from zonestack.gandi import GandiError, LiveDNSClient
from zonestack.cli.zone_select import MissingRecordFile, SelectionError, load_declared_zone


@click.command("clear-defaults")
@click.option("--zone", "zone_name", required=True, help="The zone, as in records/<zone>.yaml.")
@click.option("--records-dir", type=click.Path(path_type=Path), default=Path(DEFAULT_RECORDS_DIR), show_default=True)
@click.option("--dry-run", is_flag=True, help="Only print what would be removed.")
def command(zone_name: str, records_dir: Path, dry_run: bool) -> None:
    """Delete the live record sets of ZONE that block records/<zone>.yaml's declared sets.

    Those are Gandi's default records in a freshly created zone: same (name, type)
    as a declared set (its create would fail with 409) or a conflicting type at a
    declared name (CNAME beside anything, apex A/AAAA beside ALIAS). A set in
    Terraform state (local .state/ or, with ZONESTACK_BACKEND=pg, `terraform state
    pull`) is never touched, nor any other undeclared set.
    """
    try:
        zone = load_declared_zone(zone_name, records_dir)
    except MissingRecordFile as exc:
        click.echo(f"clear-defaults: {exc}", err=True)
        sys.exit(1)
    except SelectionError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    try:
        in_state = read_state_view(zone.name, Path.cwd(), os.environ).records
    except ReconcileError as exc:
        click.echo(f"clear-defaults: {exc}; nothing removed", err=True)
        sys.exit(1)
    try:
        with LiveDNSClient() as client:
            removed, kept = clear_defaults(client, zone, dry_run=dry_run, in_state=in_state)
    except GandiError as exc:
        click.echo(f"clear-defaults: {zone.name}: {exc}", err=True)
        sys.exit(1)
    verb = "would remove" if dry_run else "removed"
    for rrset in removed:
        click.echo(f"clear-defaults: {zone.name}: {verb} {rrset.name} {rrset.type} {' '.join(rrset.values)}")
    click.echo(
        f"clear-defaults: {zone.name}: {verb} {len(removed)} default record set(s) in the way of declared ones; "
        f"left {kept} other(s) untouched" + (f" ({len(in_state)} in state, never touched)" if in_state else "")
    )
