"""The ``zonestack`` command line: one module per command, registered here.

Each command module exposes ``command`` (a click command or group). The CLI stays
thin: it parses arguments, calls the core, prints and sets exit codes.
"""

from __future__ import annotations

import importlib

import click

from zonestack import __version__

# Module names under zonestack.cli, each defining ``command``.
_COMMAND_MODULES = (
    "validate_cmd",
    "emulator_cmd",
    "setup_cmd",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zonestack")
def main() -> None:
    """Gandi LiveDNS zones as code: validate, synthesise, deploy, import, audit."""


for _name in _COMMAND_MODULES:
    main.add_command(importlib.import_module(f"zonestack.cli.{_name}").command)
