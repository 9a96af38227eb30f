"""``zonestack prune-sets``: the local-exec of ``terraform_data.prune`` (not for direct use).

Reads the resource's input from ``ZONESTACK_PRUNE`` (set by Terraform from the
saved plan), ``GANDI_URL`` and the PAT from the environment, and deletes
exactly the listed record sets that still hold the listed values (see
``zonestack/deploy/prune.py``). Exit 0 when done (sets left alone are reported),
1 on bad input or an API failure.
"""

from __future__ import annotations

import json
import os
import sys

import click

from zonestack.deploy.prune import prune_sets
from zonestack.deploy.reconcile import PruneSet
from zonestack.gandi import GandiError, LiveDNSClient

INPUT_ENV = "ZONESTACK_PRUNE"


def _describe(item: PruneSet) -> str:
    return f"{item.name} {item.type} {item.ttl} {' '.join(item.values) or '(empty)'} [{item.reason}]"


@click.command("prune-sets", hidden=True)
def command() -> None:
    """Delete the record sets listed in $ZONESTACK_PRUNE if they still equal the listing (run by Terraform)."""
    try:
        payload = json.loads(os.environ.get(INPUT_ENV, ""))
        zone = str(payload["zone"])
        listed = [PruneSet.from_dict(item) for item in payload.get("sets") or ()]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        click.echo(f"prune-sets: ${INPUT_ENV} is not a prune input ({exc})", err=True)
        sys.exit(1)
    try:
        with LiveDNSClient() as client:
            report = prune_sets(client, zone, listed)
    except GandiError as exc:
        click.echo(f"prune-sets: {zone}: {exc}", err=True)
        sys.exit(1)
    for item in report.deleted:
        click.echo(f"prune-sets: {zone}: deleted {_describe(item)}")
    for item in report.changed:
        click.echo(f"prune-sets: {zone}: left alone {_describe(item)}: it changed after the plan", err=True)
    for item in report.gone:
        click.echo(f"prune-sets: {zone}: {item.name} {item.type} was already gone", err=True)
    click.echo(f"prune-sets: {zone}: deleted {len(report.deleted)} of {len(listed)} listed record set(s)")
