"""Reading a runbook: its placeholder table and the commands of its ``sh`` blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
