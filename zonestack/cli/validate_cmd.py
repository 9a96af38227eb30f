"""``zonestack validate``: check record files before anything touches the API."""

from __future__ import annotations

import sys

import click

from zonestack.catalog import DEFAULT_RECORDS_DIR, load_catalog


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
def command(paths: tuple[str, ...]) -> None:
    """Validate record files (default: every records/*.yaml).

    Prints every problem as PATH:LINE: MESSAGE [RULE] and exits 1 if there is
    any; prints a one-line summary and exits 0 when all files are valid.
    """
    catalog = load_catalog(paths or (DEFAULT_RECORDS_DIR,))
    if catalog.files == 0:
        click.echo(f"no record files found in {', '.join(paths) or DEFAULT_RECORDS_DIR}", err=True)
        sys.exit(1)
    for finding in catalog.findings:
        click.echo(str(finding))
    if not catalog.ok:
        bad = len({f.path for f in catalog.findings})
        click.echo(f"{len(catalog.findings)} problem(s) in {bad} of {catalog.files} file(s)", err=True)
        sys.exit(1)
    sets = sum(len(z.records) for z in catalog.zones)
    click.echo(f"ok: {len(catalog.zones)} zone(s), {sets} record set(s) valid")
