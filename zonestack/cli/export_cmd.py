"""``zonestack export``: a declared zone as a BIND zone file (stdout or --out)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from zonestack import atomic
from zonestack.catalog import DEFAULT_RECORDS_DIR
from zonestack.cli.zone_select import MissingRecordFile, SelectionError, load_declared_zone
from zonestack.exporters.bind import render_bind


@click.command("export")
@click.option("--zone", "zone", required=True, help="Zone name; reads RECORDS_DIR/ZONE.yaml.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the zone file here (atomically) instead of to stdout.")
@click.option("--records-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path(DEFAULT_RECORDS_DIR), show_default=True)
def command(zone: str, out: Path | None, records_dir: Path) -> None:
    """Export the declared records of ZONE as a BIND master file ($ORIGIN/$TTL).

    Exit 0 on success, 1 if the record file is missing or does not validate.
    """
    try:
        loaded = load_declared_zone(zone, records_dir)
    except MissingRecordFile as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except SelectionError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    export = render_bind(loaded, source=f"Zone {loaded.name} exported from {loaded.path} by `zonestack export`.")
    for name in export.skipped:
        click.echo(f"note: {name} written as a comment: BIND has no ALIAS type", err=True)
    if out is None:
        click.echo(export.text, nl=False)
    else:
        atomic.write_text(out, export.text)
        click.echo(f"wrote {out}", err=True)
