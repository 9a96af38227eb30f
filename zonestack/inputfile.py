"""Reading a file the user names (a record file, a zone file to import, a rules file): regular, bounded.

Input comes from anywhere, and a path can name what never ends or never answers: a
FIFO blocks the read forever, ``/dev/zero`` and ``/dev/urandom`` never end, and a
kernel file (``/proc/self/environ`` stats as a regular file) holds the environment,
PAT included, which an error message would then quote. So a file is checked with
``os.stat`` before it is opened (a FIFO would block the open itself), opened with
``O_NONBLOCK`` (a FIFO swapped in after the check does not block either), checked
again with ``fstat`` on what was actually opened, and read up to a limit: 16 MiB,
far above any zone (a 10,000-set record file is under 1 MiB).

Every refusal is an ``InputRefused`` whose message is the reason alone, naming no path
(callers write ``FILE:LINE: cannot read …: REASON``, as each of their formats says).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_INPUT_BYTES = 16 * 1024 * 1024
"""The most a record, zone or rules file may hold, in bytes."""

KERNEL_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))
"""Kernel pseudo file systems: their files are not input (``/proc/self/environ`` holds the environment)."""

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


class InputRefused(Exception):
    """The file cannot be input: unreadable, not a regular file, a kernel file, or too large."""


class InputTooLarge(InputRefused):
    """The file holds more than the limit."""


def kind(mode: int) -> str:
    """``a FIFO (named pipe)``, ``a directory``, … for a ``st_mode`` that is not a regular file."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or below it (both already resolved)."""
    return path == folder or folder in path.parents


def open_regular(path: Path, *, follow_links: bool = True, pipes: bool = False) -> int:
    """A read-only descriptor for ``path`` if it is a regular file outside the kernel folders.

    Raises ``InputRefused`` (not a regular file, a kernel file) or ``OSError`` (cannot open).
    ``follow_links`` False adds ``O_NOFOLLOW``: a symbolic link swapped in for the last part
    after the caller resolved it is refused. ``pipes`` True also takes a pipe or FIFO, wherever
    it is (``/dev/fd/63`` from a shell's ``<(op read …)``), for input never quoted in a message
    (a PAT): opened without blocking, then read blocking, so a FIFO with no writer reads as
    empty (POSIX ``read``) and one with a writer as what it writes.
    """
    mode = os.stat(path).st_mode
    piped = pipes and stat.S_ISFIFO(mode)
    real = Path(os.path.realpath(path))
    if not piped and any(inside(real, folder) for folder in KERNEL_FOLDERS):
        raise InputRefused("it is a kernel file (/proc, /sys, /dev), not input")
    if not (stat.S_ISREG(mode) or piped):
        raise InputRefused(f"it is {kind(mode)}, not a regular file")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow_links else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    mode = os.fstat(fd).st_mode
    if not (stat.S_ISREG(mode) or (piped and stat.S_ISFIFO(mode))):
        os.close(fd)
        raise InputRefused(f"it is {kind(mode)}, not a regular file")
    os.set_blocking(fd, True)
    return fd


def read_input(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES, *, pipes: bool = False) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them (``pipes``: see ``open_regular``).

    Raises ``InputTooLarge`` beyond ``limit``, ``InputRefused`` for anything else
    (``No such file or directory``, ``it is a FIFO (named pipe), not a regular file``, …).
    """
    try:
        with os.fdopen(open_regular(Path(path), pipes=pipes), "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputRefused(exc.strerror or str(exc)) from None
    if len(raw) > limit:
        raise InputTooLarge(f"it holds more than {limit:,} bytes, the most an input file may hold")
    return raw
