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

from zonestack.toolchain.prepare import SetupReport, Status, prepare

_STYLE = {
    Status.OK: "green",
    Status.BUILT: "green",
    Status.WRITTEN: "green",
    Status.WARNING: "yellow",
    Status.MISSING: "red",
}


def _print_human(report: SetupReport, console: Console) -> None:
    """One line per part, then its path and detail indented on lines of their own.

    Plain lines, not a table: a table folds long paths mid-word at 80 columns
    and in CI logs; a line is only ever soft-wrapped by the terminal.
    """
    title = f"zonestack setup{' --check' if report.check_only else ''} (cache: {report.cache})"
    console.print(title, highlight=False, markup=False, soft_wrap=True)
    for item in report.items:
        first_line = item.detail.splitlines()[0] if item.detail else ""
        console.print(f"  {item.name:<14}[{_STYLE[item.status]}]{item.status.value}[/]", highlight=False)
        for line in (item.path, first_line):
            if line:
                console.print(f"      {line}", highlight=False, markup=False, soft_wrap=True)
    for item in report.items:
        if item.status is Status.MISSING and "\n" in item.detail:
            console.print(f"\n[red]{item.name}[/]:", highlight=False)
            console.print(item.detail, highlight=False, markup=False, soft_wrap=True)
    if report.env:
        console.print("\nFor plain `npx cdktf diff`: eval \"$(pipenv run zonestack env)\" "
                      "(or `python -m zonestack env` in an activated venv)", highlight=False, markup=False,
                      soft_wrap=True)


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

    report = prepare(check_only=check_only, progress=progress, retry_refused=True)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        _print_human(report, Console(file=sys.stdout))
    ctx.exit(report.exit_code)
