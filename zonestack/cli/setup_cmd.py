"""``zonestack setup``: get Terraform and the go-gandi/gandi provider ready on this machine.

Thin by design: :func:`zonestack.toolchain.prepare.prepare` does the work and never
raises for a missing tool; this command prints its report and turns it into an exit
code (0 ready, 3 provider unavailable, 4 no Terraform-compatible binary).
"""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from zonestack.toolchain.prepare import SetupReport, Status, prepare

_STYLE = {
    Status.OK: "green",
    Status.BUILT: "green",
    Status.WRITTEN: "green",
    Status.WARNING: "yellow",
    Status.MISSING: "red",
}


def _print_human(report: SetupReport, console: Console) -> None:
    table = Table(title=f"zonestack setup{' --check' if report.check_only else ''}  (cache: {report.cache})")
    table.add_column("part")
    table.add_column("status")
    table.add_column("path / detail", overflow="fold")
    for item in report.items:
        first_line = item.detail.splitlines()[0] if item.detail else ""
        where = f"{item.path}\n{first_line}" if item.path else first_line
        table.add_row(item.name, f"[{_STYLE[item.status]}]{item.status.value}[/]", escape(where))
    console.print(table)
    for item in report.items:
        if item.status is Status.MISSING and "\n" in item.detail:
            console.print(f"\n[red]{item.name}[/]:", highlight=False)
            console.print(item.detail, highlight=False, markup=False)
    if report.env:
        console.print("\nEnvironment for cdktf/terraform (merge over your own):", highlight=False)
        for key, value in sorted(report.env.items()):
            console.print(f"  {key}={value}", highlight=False, markup=False)


@click.command("setup")
@click.option("--check", "check_only", is_flag=True, help="Only report what is there; build, install, write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.pass_context
def command(ctx: click.Context, check_only: bool, as_json: bool) -> None:
    """Find or build Terraform/OpenTofu and the go-gandi/gandi provider mirror; write the CLI config.

    Exit codes: 0 ready; 3 the provider can be neither found nor built (the rest is
    still done); 4 no Terraform-compatible binary could be found or built.
    """
    err = Console(stderr=True)

    def progress(message: str) -> None:
        err.print(f"[dim]... {message}[/]", highlight=False)

    report = prepare(check_only=check_only, progress=progress)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        _print_human(report, Console(file=sys.stdout))
    ctx.exit(report.exit_code)
