"""The ``zonestack`` command line: one module per command, found by name.

Every ``zonestack/cli/<name>_cmd.py`` exposes ``command`` (a click command or
group) and is found here by its module's name and imported only when run, so adding a command never edits
this file. Each runs at the
project root (:mod:`zonestack.cli.rooted`), whatever directory it is started in. The
CLI stays thin: it parses arguments, calls the core, prints and sets exit codes.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from zonestack import __version__


class _Commands(click.Group):
    """Commands found by module name and imported only when run (or listed by ``--help``):
    ``zonestack deploy`` loads the deploy's modules, not the emulator's, the importers' or
    verify's (about half a second of imports on every run otherwise)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(m.name.removesuffix("_cmd").replace("_", "-")
                      for m in pkgutil.iter_modules(__path__) if m.name.endswith("_cmd"))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.list_commands(ctx):
            return None
        from zonestack.cli.rooted import wrap_commands

        command: click.Command = importlib.import_module(f"{__name__}.{cmd_name.replace('-', '_')}_cmd").command
        wrap_commands(command)  # run at the project root; OS errors as one line
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zonestack")
def main() -> None:
    """Gandi LiveDNS zones as code: validate, synthesise, deploy, import, audit."""
