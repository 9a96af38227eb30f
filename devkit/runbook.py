"""Reading a runbook: its placeholder table, the commands of its ``sh`` blocks, and each command as the
shell runs it (``pipenv run <script>`` expanded from the Pipfile). Used by the runbook tests and by
``make rehearse`` (``devkit/rehearse.py``), so both run the commands exactly as written.
"""

from __future__ import annotations

import re
import shlex
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
_EXPECT = re.compile(r"\s+#\s*expect exit (\d+)\s*$")
PLACEHOLDER = re.compile(r"<[a-z][a-z0-9-]*>")
ENV_VAR = re.compile(r"\$([A-Z][A-Z0-9_]*)")


@dataclass(frozen=True)
class Command:
    """One command line (continuations joined), where it is, and its expected exit status."""

    line: int
    text: str
    expect: int = 0


def commands(markdown: str) -> list[Command]:
    """Every command in the ``sh`` fences, in order; full-line comments skipped."""
    found: list[Command] = []
    for block in _BLOCK.finditer(markdown):
        first_line = markdown.count("\n", 0, block.start(1)) + 1
        pending, start = "", 0
        for offset, raw in enumerate(block.group(1).splitlines()):
            line = raw.rstrip()
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if not pending:
                start = first_line + offset
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            text = pending + line
            pending = ""
            expect = _EXPECT.search(text)
            found.append(Command(start, _EXPECT.sub("", text).strip(), int(expect.group(1)) if expect else 0))
    return found


def placeholders(markdown: str) -> dict[str, str | None]:
    """The placeholder table: name → literal test value (None: the test supplies it)."""
    table: dict[str, str | None] = {}
    in_table = False
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if cells and cells[0] == "Placeholder":
            in_table = True
            continue
        if not in_table:
            continue
        if not cells:
            break
        if set(cells[0]) <= {"-", ":"}:
            continue
        literal = re.match(r"^`([^`]+)`", cells[-1])
        table[cells[0].strip("`")] = literal.group(1) if literal else None
    return table


#: Besides the project's own commands, runbooks may only move files.
SHELL_ALLOWED = ("mv",)


def pipfile_scripts(root: Path) -> dict[str, str]:
    """The Pipfile's ``[scripts]``: name → command line."""
    return dict(tomllib.loads((root / "Pipfile").read_text(encoding="utf-8"))["scripts"])


def expand(text: str, values: Mapping[str, str], scripts: Mapping[str, str], python: str = sys.executable) -> str:
    """``text`` with placeholders substituted (shell-quoted) and ``pipenv run <script>`` expanded from the
    Pipfile's scripts to ``python``. Raises ValueError for a script the Pipfile lacks or a command that
    is neither a project command nor in ``SHELL_ALLOWED``."""
    for name, value in values.items():
        if name.startswith("<"):
            text = text.replace(name, shlex.quote(value))
    words = shlex.split(text)
    if words[:2] == ["pipenv", "run"]:
        script = words[2]
        if script not in scripts and script != "python":
            raise ValueError(f"Pipfile has no script {script!r}: {text}")
        head = shlex.split(scripts.get(script, "python"))
        words = [python if head[0] == "python" else head[0], *head[1:], *words[3:]]
    elif words[0] not in SHELL_ALLOWED:
        raise ValueError(f"not a command of this project: {text}")
    return shlex.join(words)


def heading_lines(text: str, headings: list[str]) -> dict[str, int]:
    """The line number of the ``#`` heading containing each of ``headings`` (ValueError if one is missing)."""
    found = {h: n for n, line in enumerate(text.splitlines(), 1) for h in headings
             if line.startswith("#") and h in line}
    if set(found) != set(headings):
        raise ValueError(f"headings not found: {sorted(set(headings) - set(found))}")
    return found
