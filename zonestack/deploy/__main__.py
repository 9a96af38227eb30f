"""``python -m zonestack.deploy ACTION [ZONE...]``: one cdktf run, failures as one line.

A thin front for :func:`zonestack.deploy.runner.run_cdktf`: it prepares the
toolchain, streams cdktf's redacted output, and on failure ends with a single
line from :func:`zonestack.deploy.errors.classify`. Exit codes: 0 success,
1 the run failed, 2 bad usage/environment, 3 provider unavailable.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from zonestack.cli.deploy_run import hold_checkout
from zonestack.deploy.errors import classify
from zonestack.deploy.runner import run_cdktf
from zonestack.toolchain.prepare import EXIT_OK, prepare

PROVIDER_HELP = (
    "provider go-gandi/gandi 2.3.0 is unavailable: set ZONESTACK_PROVIDER_MIRROR to a mirror that holds it, "
    "or give this machine internet access to the Terraform registry, then run `pipenv run zonestack setup`"
)


@click.command("deploy")
@click.argument("action", type=click.Choice(["synth", "diff", "deploy", "destroy"]))
@click.argument("zones", nargs=-1)
@click.option("--quiet", is_flag=True, help="Print only the result, not cdktf's output.")
@click.option("--timeout", type=float, default=900.0, show_default=True)
@click.option("--yes", is_flag=True, help="Confirm `destroy` (deletes every record set of the named zones).")
def command(action: str, zones: tuple[str, ...], quiet: bool, timeout: float, yes: bool) -> None:
    """Run ``cdktf ACTION`` for ZONES (all zones if none) with the prepared toolchain.

    ``destroy`` needs at least one zone named literally (never all zones, no
    glob) and ``--yes``: it deletes every record set the zone's state holds.
    """
    problem = destroy_refusal(action, zones, yes)
    if problem:
        click.echo(problem, err=True)
        sys.exit(2)
    if action in ("diff", "deploy", "destroy") and not os.environ.get("GANDI_PERSONAL_ACCESS_TOKEN"):
        click.echo(f"{action}: GANDI_PERSONAL_ACCESS_TOKEN is not set (export the PAT; it is never an argument)", err=True)
        sys.exit(2)
    hold_checkout(Path.cwd(), action)
    report = prepare()
    if report.exit_code != EXIT_OK:
        click.echo(f"{action}: {PROVIDER_HELP}" if report.exit_code == 3 else f"{action}: no Terraform binary", err=True)
        sys.exit(report.exit_code)
    result = run_cdktf(
        action,  # type: ignore[arg-type]
        list(zones) or ["*"],
        env=report.env,
        cwd=Path.cwd(),
        timeout=timeout,
        echo=None if quiet else click.echo,
    )
    if not result.ok:
        click.echo(str(classify(result.output, result.returncode)).replace("deploy:", f"{action}:", 1), err=True)
        sys.exit(1)
    if result.summary is not None:
        s = result.summary
        click.echo(
            f"{action}: no changes" if s.no_changes
            else f"{action}: {s.imports} to import, {s.adds} to add, {s.changes} to change, {s.destroys} to destroy"
        )


def destroy_refusal(action: str, zones: tuple[str, ...], yes: bool) -> str | None:
    """Why a ``destroy`` may not run as asked (None: it may)."""
    if action != "destroy":
        return None
    if not zones:
        return ("destroy: name the zone(s) to destroy (it never covers every zone), e.g. "
                "`python -m zonestack.deploy destroy example.com --yes`")
    globbed = [z for z in zones if any(c in z for c in "*?[")]
    if globbed:
        return f"destroy: name zones literally, not {globbed[0]!r}"
    if not yes:
        return (f"destroy: this deletes every record set of {', '.join(zones)} at Gandi; "
                "re-run with --yes to confirm")
    return None


if __name__ == "__main__":
    command(prog_name="python -m zonestack.deploy")
