"""``python -m livedns_emulator --data DIR [...]``: the emulator in the foreground (see :mod:`.cli`)."""

from livedns_emulator.cli import command

command(prog_name="python -m livedns_emulator")
