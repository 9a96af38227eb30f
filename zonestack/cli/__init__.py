"""The ``zonestack`` command line: one module per command, found by name.

Every ``zonestack/cli/<name>_cmd.py`` exposes ``command`` (a click command or
group) and is registered here, so adding a command never edits this file. Each runs at the
project root (:mod:`zonestack.cli.rooted`), whatever directory it is started in. The
CLI stays thin: it parses arguments, calls the core, prints and sets exit codes.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from zonestack import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zonestack")
def main() -> None:
    """Gandi LiveDNS zones as code: validate, synthesise, deploy, import, audit."""


def _register() -> None:
    from zonestack.cli.rooted import wrap_commands

    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.endswith("_cmd"):
            command = importlib.import_module(f"{__name__}.{module.name}").command
            wrap_commands(command)  # run at the project root; OS errors as one line
            main.add_command(command)


_register()
