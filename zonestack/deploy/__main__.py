"""``python -m zonestack.deploy ACTION [ZONE...]``: one cdktf run, failures as one line.

A thin front for :func:`zonestack.deploy.runner.run_cdktf`: it prepares the
toolchain, reads the PAT once (variable, file or command), starts the pacing
proxy in front of Gandi (:mod:`.session`), proves each zone's state equal to
Gandi with one listing so the plan needs no refresh (:mod:`.refresh`), streams
cdktf's redacted output, and on failure ends with a single line from
:func:`zonestack.deploy.errors.classify`. Exit codes: 0 success, 1 the run
failed, 2 bad usage/environment (no PAT), 3 provider unavailable.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from zonestack.cli.deploy_run import hold_checkout
from zonestack.deploy.errors import PROVIDER_HELP, classify
from zonestack.deploy.pipeline import STACKS_DIR
from zonestack.deploy.refresh import NO_REFRESH, RefreshError, plan_refresh_args
from zonestack.deploy.runner import run_cdktf, run_terraform
from zonestack.deploy.session import open_session
from zonestack.gandi.errors import GandiError
from zonestack.gandi.pacing import rate_from_env
from zonestack.gandi.token_source import resolve_token
from zonestack.project import find_root
from zonestack.toolchain.prepare import EXIT_OK, prepare


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
    root = find_root()  # the project around the current directory, as cdktf finds it
    if root is not None:
        os.chdir(root)
    problem = destroy_refusal(action, zones, yes)
    if problem:
        click.echo(problem, err=True)
        sys.exit(2)
    live = action in ("diff", "deploy", "destroy")
    if live:
        try:
            resolve_token()
            rate_from_env()
        except GandiError as exc:  # no PAT, its command failed, or a bad ZONESTACK_RATE_LIMIT
            click.echo(f"{action}: {exc}", err=True)
            sys.exit(2)
    hold_checkout(Path.cwd(), action)
    report = prepare()
    if report.exit_code != EXIT_OK:
        click.echo(f"{action}: {PROVIDER_HELP}" if report.exit_code == 3 else f"{action}: no Terraform binary", err=True)
        sys.exit(report.exit_code)
    env = dict(report.env)
    skip_synth = False
    if live:
        env = open_session(report.env, notify=lambda line: click.echo(f"{action}: {line}", err=True))
    if action in ("diff", "deploy"):
        env.update(_cheap_plan(action, list(zones), env, timeout))
        skip_synth = True
    result = run_cdktf(
        action,  # type: ignore[arg-type]
        list(zones) or ["*"],
        env=env,
        cwd=Path.cwd(),
        timeout=timeout,
        skip_synth=skip_synth,
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


def _cheap_plan(action: str, zones: list[str], env: dict[str, str], timeout: float) -> dict[str, str]:
    """Synthesise, then prove each stack's state equal to Gandi (or refresh only what differs);
    the variables that make cdktf's plan/apply skip the per-resource refresh when all stacks agree."""
    project = Path.cwd()
    synth = run_cdktf("synth", zones or ["*"], env=env, cwd=project, timeout=timeout)
    if not synth.ok:
        click.echo(str(classify(synth.output, synth.returncode)).replace("deploy:", f"{action}:", 1), err=True)
        sys.exit(1)
    stacks = project / STACKS_DIR
    names = zones or (sorted(p.name for p in stacks.iterdir() if (p / "cdk.tf.json").is_file()) if stacks.is_dir() else [])
    all_equal = True
    for zone in names:
        directory = stacks / zone
        init = run_terraform(["init", "-input=false", "-no-color"], directory, env)
        if not init.ok:
            click.echo(str(classify(init.output, init.returncode)).replace("deploy:", f"{action}: {zone}:", 1), err=True)
            sys.exit(1)
        try:
            outcome = plan_refresh_args(zone, directory, env, echo=lambda line: click.echo(f"{action}: {line}", err=True))
        except RefreshError as exc:
            click.echo(f"{action}: {zone}: {exc}", err=True)
            sys.exit(1)
        all_equal = all_equal and outcome.args == [NO_REFRESH]
    if not all_equal:
        return {}
    return {name: " ".join(filter(None, (env.get(name) or os.environ.get(name, ""), NO_REFRESH)))
            for name in ("TF_CLI_ARGS_plan", "TF_CLI_ARGS_apply")}


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
