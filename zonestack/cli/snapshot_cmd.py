"""``zonestack snapshot list|restore``: Gandi's LiveDNS snapshots as a rollback."""

from __future__ import annotations

import json
import sys

import click

from zonestack.gandi import GandiError, LiveDNSClient
from zonestack.names import ascii_zone
from zonestack.snapshot.restore import apply_steps, restore_steps


@click.group("snapshot")
def command() -> None:
    """List a zone's LiveDNS snapshots, or restore the zone from one.

    Reads GANDI_PERSONAL_ACCESS_TOKEN and GANDI_URL. Exit status 1 on any API error.
    """


@command.command("list")
@click.option("--zone", required=True, metavar="ZONE")
@click.option("--json", "as_json", is_flag=True, help="Print the API's snapshot objects as JSON.")
def list_snapshots(zone: str, as_json: bool) -> None:
    """Snapshots of ZONE, oldest first: id, creation time, automatic or not, name."""
    zone = ascii_zone(zone)
    try:
        with LiveDNSClient() as client:
            snapshots = client.list_snapshots(zone)
    except GandiError as exc:
        click.echo(f"snapshot: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(snapshots, indent=2))
        return
    for item in snapshots:
        kind = "automatic" if item.get("automatic") else "manual"
        click.echo(f"{item.get('id')}  {item.get('created_at', '?')}  {kind:9}  {item.get('name', '')}")
    click.echo(f"snapshot: {len(snapshots)} snapshot(s) of {zone}", err=True)


@command.command("restore")
@click.option("--zone", required=True, metavar="ZONE")
@click.option("--id", "snapshot_id", required=True, metavar="ID", help="From `zonestack snapshot list`.")
@click.option("--doit", is_flag=True, help="Really write (default: dry run listing the PUTs and DELETEs).")
def restore(zone: str, snapshot_id: str, doit: bool) -> None:
    """Make ZONE equal to snapshot ID: PUT its record sets back, DELETE extra ones.

    With --doit a snapshot of the current zone is taken first, so the restore
    itself can be undone. Terraform state is not touched: run `zonestack audit`
    afterwards and bring the record files in line before the next deploy.

    Exit status: 0 done or nothing to do, 2 dry run with changes, 1 error.
    """
    zone = ascii_zone(zone)
    try:
        with LiveDNSClient() as client:
            steps = restore_steps(client.get_snapshot_rrsets(zone, snapshot_id), client.list_rrsets(zone))
            for step in steps:
                click.echo(("" if doit else "would ") + str(step))
            if doit and steps:
                backup = client.create_snapshot(zone, f"zonestack before restoring {snapshot_id}")
                click.echo(f"snapshot: saved the current zone as snapshot {backup}", err=True)
                apply_steps(client, zone, steps)
    except GandiError as exc:
        click.echo(f"snapshot: {exc}", err=True)
        sys.exit(1)
    verb = "restored" if doit else "would restore"
    click.echo(f"snapshot: {verb} {zone} from {snapshot_id}: {len(steps)} change(s)"
               + ("" if doit or not steps else " (dry run; add --doit)"), err=True)
    sys.exit(2 if steps and not doit else 0)
