"""``python -m zonestack.deploy ACTION [ZONE...]``: the cdktf-style verbs, with the guarded deploy's guarantees.

* ``diff`` is ``zonestack deploy --plan-only`` and ``deploy`` is ``zonestack
  deploy`` (one run per named zone, or all zones): the same snapshot, adoption,
  guard, saved plan and check before apply; it runs that command in a child
  process (the CLI sits above this package, which must not import it);
* ``synth`` writes ``cdktf.out`` from the record files (as ``pipenv run synth``);
* ``destroy`` runs ``cdktf destroy`` for zones named literally, with ``--yes``.

Exit codes: those of ``zonestack deploy`` for diff/deploy (0 ok, 1 failed, 2 no PAT,
3 toolchain, 4 refused); for destroy 0 ok, 1 failed, 2 bad usage/no PAT, 3 provider
unavailable.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from zonestack.click_types import Finite
from zonestack.deploy.errors import PROVIDER_HELP, classify
from zonestack.deploy.lock import DeployLock, LockBusy
from zonestack.deploy.runner import run_cdktf
from zonestack.deploy.session import open_session
from zonestack.gandi.errors import GandiError
from zonestack.gandi.pacing import rate_from_env
from zonestack.gandi.token_source import resolve_token
from zonestack.names import ascii_zone
from zonestack.project import find_root
from zonestack.toolchain.prepare import EXIT_OK, prepare


@click.command("deploy")
@click.argument("action", type=click.Choice(["synth", "diff", "deploy", "destroy"]))
@click.argument("zones", nargs=-1)
@click.option("--quiet", is_flag=True, help="Print only the result, not Terraform's output.")
@click.option("--timeout", type=Finite(min=0, min_open=True), default=900.0, show_default=True,
              help="destroy: seconds before giving up.")
@click.option("--yes", is_flag=True, help="Confirm `destroy` (deletes every record set of the named zones).")
def command(action: str, zones: tuple[str, ...], quiet: bool, timeout: float, yes: bool) -> None:
    """``diff``/``deploy``: the guarded deploy (``zonestack deploy [--plan-only]``) of ZONES (all if none);
    ``synth``: write cdktf.out; ``destroy``: ``cdktf destroy`` of zones named literally, with --yes."""
    root = find_root()  # the project around the current directory, as cdktf finds it
    if root is not None:
        os.chdir(root)
    if action in ("diff", "deploy"):
        sys.exit(_guarded(action, zones, quiet))
    if action == "synth":
        sys.exit(subprocess.call([sys.executable, "main.py"], stdin=subprocess.DEVNULL))
    problem = destroy_refusal(action, zones, yes)
    if problem:
        click.echo(problem, err=True)
        sys.exit(2)
    try:
        resolve_token()
        rate_from_env()
    except GandiError as exc:  # no PAT, its command failed, or a bad ZONESTACK_RATE_LIMIT
        click.echo(f"{action}: {exc}", err=True)
        sys.exit(2)
    lock = DeployLock(Path.cwd(), action)
    try:
        lock.acquire()
    except LockBusy as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    try:
        report = prepare()
        if report.exit_code != EXIT_OK:
            click.echo(f"{action}: {PROVIDER_HELP}" if report.exit_code == 3 else f"{action}: no Terraform binary",
                       err=True)
            sys.exit(report.exit_code)
        env = open_session(report.env, notify=lambda line: click.echo(f"{action}: {line}", err=True))
        result = run_cdktf("destroy", [ascii_zone(z) for z in zones], env=env, cwd=Path.cwd(), timeout=timeout,
                           echo=None if quiet else click.echo)
    finally:
        lock.release()
    if not result.ok:
        click.echo(str(classify(result.output, result.returncode)).replace("deploy:", f"{action}:", 1), err=True)
        sys.exit(1)
    click.echo(f"{action}: done")


def _guarded(action: str, zones: tuple[str, ...], quiet: bool) -> int:
    """Run ``zonestack deploy [--plan-only] [--zone Z]`` once per zone (or once for all); the worst status."""
    base = [sys.executable, "-m", "zonestack", "deploy", *(["--plan-only"] if action == "diff" else []),
            *(["--quiet"] if quiet else [])]
    status = 0
    for zone in zones or (None,):
        code = subprocess.call([*base, *(["--zone", zone] if zone else [])], stdin=subprocess.DEVNULL)
        status = max(status, code)
    return status


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
