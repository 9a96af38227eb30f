"""``zonestack env``: the toolchain environment as ``export`` lines for plain ``npx cdktf``.

``eval "$(pipenv run zonestack env)"`` (or ``python -m zonestack env`` in an
activated venv) gives a shell what ``zonestack.deploy`` merges in for itself:
the Terraform binary, the provider mirror's CLI config, the plugin cache and the
interpreter the cdktf app runs. Only paths and switches: never a credential.
Nothing is built or written (``zonestack setup`` does that).
"""

from __future__ import annotations

import shlex
import sys

import click

from zonestack.toolchain.prepare import EXIT_OK, EXIT_PROVIDER_UNAVAILABLE, Status, prepare


def export_lines(env: dict[str, str]) -> list[str]:
    """``export NAME='value'`` lines, sorted, quoted for any POSIX shell."""
    return [f"export {name}={shlex.quote(value)}" for name, value in sorted(env.items())]


@click.command("env")
def command() -> None:
    """Print the toolchain environment as `export` lines (for `eval`).

    Exit 0 when the toolchain is complete; otherwise the lines are still printed
    (synth needs no provider), one line on stderr says what is missing and the
    exit status is 3 (provider or its CLI config not ready) or 4 (no binary).
    """
    report = prepare(check_only=True)
    for line in export_lines(report.env):
        click.echo(line)
    missing = [i.name for i in report.items if i.status is Status.MISSING]
    if missing:
        click.echo(f"zonestack env: toolchain incomplete ({', '.join(missing)} missing); run `zonestack setup`",
                   err=True)
        sys.exit(report.exit_code if report.exit_code != EXIT_OK else EXIT_PROVIDER_UNAVAILABLE)
