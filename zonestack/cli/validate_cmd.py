"""``zonestack validate``: check record files before anything touches the API."""

from __future__ import annotations

import sys

import click

from zonestack.catalog import DEFAULT_RECORDS_DIR, load_catalog


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 if there is any).")
def command(paths: tuple[str, ...], strict: bool) -> None:
    """Validate record files (default: every records/*.yaml).

    Prints every error as PATH:LINE: MESSAGE [RULE] and every warning as
    PATH:LINE: warning: MESSAGE [RULE], in file and line order. Exits 1 if
    there is any error (or, with --strict, any warning); otherwise prints a
    one-line summary and exits 0. The rules and their severities are listed in
    the README ("Record files").
    """
    catalog = load_catalog(paths or (DEFAULT_RECORDS_DIR,))
    if catalog.files == 0:
        click.echo(f"no record files found in {', '.join(paths) or DEFAULT_RECORDS_DIR}", err=True)
        sys.exit(1)
    for finding in sorted(catalog.findings + catalog.warnings):
        click.echo(str(finding))
    failing = catalog.findings + (catalog.warnings if strict else [])
    warned = f", {len(catalog.warnings)} warning(s)" if catalog.warnings else ""
    if failing:
        bad = len({f.path for f in failing})
        what = "problem(s)" if not strict else "problem(s) (warnings count: --strict)"
        click.echo(f"{len(failing)} {what} in {bad} of {catalog.files} file(s)", err=True)
        sys.exit(1)
    sets = sum(len(z.records) for z in catalog.zones)
    click.echo(f"ok: {len(catalog.zones)} zone(s), {sets} record set(s) valid{warned}")
