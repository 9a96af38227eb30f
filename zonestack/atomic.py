"""Write files all-or-nothing: temp file in the same directory, then ``os.replace``.

A crash or a failed check never leaves a half-written record file behind;
``write_all`` stages every file before replacing any, so a command that writes
two files (a record file and its import plan) fails before touching either.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _stage(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_text(path: str | Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically (UTF-8, ``\\n`` line ends)."""
    write_all({Path(path): text})


def write_all(files: Mapping[Path, str]) -> None:
    """Stage every file, then replace them; on a staging error nothing is replaced."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            staged.append((_stage(Path(path), text), Path(path)))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
