"""``zonestack audit``: live zones vs record files vs Terraform state, read-only."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from zonestack.audit.pulled import pg_state_reader
from zonestack.audit.render import to_json, to_markdown
from zonestack.audit.run import audit_zones, exit_code
from zonestack.cli.each_zone import select_or_report
from zonestack.gandi import GandiError, LiveDNSClient
from zonestack.settings import RECORDS_DIR as DEFAULT_RECORDS_DIR
from zonestack.settings import STATE_DIR as DEFAULT_STATE_DIR
from zonestack.settings import backend


@click.command("audit")
@click.option("--zone", "zone", metavar="ZONE", help="Audit only this zone (default: every records/*.yaml).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--state-dir", type=click.Path(path_type=Path), default=DEFAULT_STATE_DIR, show_default=True,
              help="Local-backend state root (<dir>/<zone>/terraform.tfstate). With ZONESTACK_BACKEND=pg "
                   "the state is read with `terraform state pull` instead.")
@click.option("--records-dir", type=click.Path(path_type=Path), default=DEFAULT_RECORDS_DIR, show_default=True)
def command(zone: str | None, fmt: str, state_dir: Path, records_dir: Path) -> None:
    """Compare each live zone (one API listing per zone) with its record file and state.

    Categories: missing (declared, not live), changed (values or TTL differ,
    compared as Gandi stores them), unmanaged (live, not declared, not
    ignored; says whether Terraform state has it), ignored, and in state but
    not declared (the next deploy would destroy it).

    Exit status: 0 clean, 2 drift, 1 error (bad record file, API or state).
    Reads GANDI_PERSONAL_ACCESS_TOKEN and GANDI_URL; never writes.
    """
    zones, reported = select_or_report("audit", zone, records_dir, state_dir)
    if not zones:
        sys.exit(1)
    try:
        reader = pg_state_reader(Path.cwd(), {z.name: z for z in zones}) if backend() == "pg" else None
        with LiveDNSClient() as client:
            audits = audit_zones(zones, client, state_dir, reader)
    except GandiError as exc:
        click.echo(f"audit: {exc}", err=True)
        sys.exit(1)
    click.echo(to_json(audits) if fmt == "json" else to_markdown(audits), nl=False)
    for audit in audits:
        if audit.error:
            click.echo(f"audit: {audit.zone}: {audit.error}", err=True)
        for warning in audit.warnings:
            click.echo(f"audit: warning: {audit.zone}: {warning}", err=True)
    sys.exit(1 if reported else exit_code(audits))
