"""The README tells the truth about commands, options and the emulator's admin routes."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from zonestack.cli import main
from zonestack.emulator import admin

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def table_rows() -> list[str]:
    """First cells of the 'Commands for live zones' table."""
    section = README.split("## Commands for live zones", 1)[1].split("\n## ", 1)[0]
    cells = [m.group(1) for m in re.finditer(r"^\| (`(?:zonestack|pipenv run) .*?) \| ", section, re.MULTILINE)]
    return [re.findall(r"`([^`]+)`", cell)[-1] for cell in cells]  # `pipenv run deploy` (`zonestack deploy ...`)


def resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    command: click.Command = main
    rest = list(words)
    while isinstance(command, click.Group) and rest:
        found = command.get_command(click.Context(command), rest[0])  # lazy groups load on demand
        if found is None:
            break
        command = found
        rest.pop(0)
    return command, rest


def usages() -> list[tuple[str, click.Command, str]]:
    found = []
    for cell in table_rows():
        words = cell.removeprefix("zonestack ").replace("\\|", "|").split()
        first = words[0].split("|")
        for variant in first if len(first) > 1 else [words[0]]:
            command, _ = resolve([variant, *words[1:]])
            found.append((cell, command, " ".join(words[1:])))
    return found


@pytest.mark.parametrize("cell,command,rest", usages(), ids=lambda v: v if isinstance(v, str) else "")
def test_documented_options_exist_and_required_ones_are_not_optional(cell: str, command: click.Command,
                                                                      rest: str) -> None:
    assert command is not main, f"README row names no command: {cell}"
    options = {opt: param for param in command.params if isinstance(param, click.Option) for opt in param.opts}
    for option in re.findall(r"--[a-z][a-z-]*", rest):
        assert option in options, f"{cell}: {command.name} has no option {option}"
        optional = re.search(r"\[[^\]]*" + re.escape(option) + r"\b", rest) is not None
        assert not (options[option].required and optional), f"{cell}: {option} is required, shown as optional"


def test_every_required_option_is_documented() -> None:
    for cell, command, rest in usages():
        for param in command.params:
            if isinstance(param, click.Option) and param.required:
                assert param.opts[0] in rest, f"{cell}: required {param.opts[0]} missing"


def test_every_admin_route_of_the_emulator_is_documented() -> None:
    routes = re.findall(r"``(GET|POST|PUT|PATCH|DELETE) (/_emulator/[^` ]*)", admin.__doc__ or "")
    routes += re.findall(r"; ``(DELETE|PATCH) (/_emulator/[^` ]*)``", admin.__doc__ or "")
    assert len(routes) >= 15
    for method, path in routes:
        assert f"{method} {path}" in README or f"`{method} {path}`" in README, f"{method} {path} undocumented"
