"""Where a zone file's ``$INCLUDE`` may read: inside the zone file's folder, regular files only.

RFC 1035 §5.1 lets ``$INCLUDE <file-name> [<domain-name>]`` name any file; a
zone file is input from elsewhere (an export, a colleague's copy), so the
importer confines it. An include name is read relative to the including file's
folder and must land, after resolving ``..`` and symbolic links, inside one of
the allowed folders: the folder of the zone file named on the command line, and
any folder the user names explicitly (``import bind --include-dir DIR``). It
must be a regular file (``os.stat`` / ``S_ISREG`` before opening; a FIFO would
block the import forever, a device never ends) and not a kernel file
(``/proc``, ``/sys``, ``/dev``: ``/proc`` files stat as regular files).

Every refusal is an ``ImportProblem`` ``FILE:LINE: $INCLUDE NAME: refused: RULE``
naming the line of the ``$INCLUDE``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from zonestack.importers.source import ImportProblem
from zonestack.inputfile import KERNEL_FOLDERS, InputRefused, inside, kind
from zonestack.inputfile import open_regular as open_input


@dataclass(frozen=True)
class IncludePolicy:
    """The folders an ``$INCLUDE`` may read from: ``folders`` with symbolic links resolved, ``spelled`` as named."""

    folders: tuple[Path, ...]
    spelled: tuple[Path, ...] = ()

    @classmethod
    def for_zone_file(cls, zone_file: Path, include_dirs: Iterable[Path] = ()) -> IncludePolicy:
        """The zone file's own folder plus each explicitly allowed folder."""
        named = [zone_file.parent, *include_dirs]
        return cls(tuple(dict.fromkeys(Path(os.path.realpath(d)) for d in named)),
                   tuple(dict.fromkeys(Path(os.path.abspath(d)) for d in named)))

    def _allowed(self) -> str:
        shown = ", ".join(str(f) for f in self.folders)
        return f"the zone file's folder{' and --include-dir' if len(self.folders) > 1 else ''} ({shown})"

    def resolve(self, name: str, including: Path, where: str) -> Path:
        """The real path of ``$INCLUDE name`` in ``including``; raises ImportProblem if it is not allowed.

        Checks, in order: absolute path or ``..`` outside the folders, a
        symbolic link resolving outside them, not a regular file, a kernel file.
        A missing file is left to the opener (its message says so).
        """
        def refuse(rule: str) -> ImportProblem:
            return ImportProblem(f"{where}: $INCLUDE {name}: refused: {rule}")

        base = Path(os.path.realpath(including.parent))
        written = Path(name)
        lexical = Path(os.path.normpath(base / written))  # '..' resolved as written, links not followed
        if not any(inside(lexical, f) for f in (*self.folders, *self.spelled)):
            if written.is_absolute():
                raise refuse(f"an absolute path outside {self._allowed()}")
            raise refuse(f"'..' leads outside {self._allowed()}")
        real = Path(os.path.realpath(lexical))
        if not any(inside(real, f) for f in self.folders):
            raise refuse(f"a symbolic link resolving to {real}, outside {self._allowed()}")
        try:
            mode = os.stat(real).st_mode
        except FileNotFoundError:
            return real
        except OSError as exc:
            raise ImportProblem(f"{where}: cannot read zone file {real}: {exc.strerror or exc}") from None
        if not stat.S_ISREG(mode):
            raise refuse(f"{real} is {kind(mode)}, not a regular file")
        if any(inside(real, k) for k in KERNEL_FOLDERS):
            raise refuse(f"{real} is a kernel file (/proc, /sys, /dev), not a zone file")
        return real


def open_regular(path: Path, where: str) -> int:
    """A read-only descriptor for ``path`` if it is (still) a regular file; raises OSError or ImportProblem.

    ``inputfile.open_regular`` without following a symbolic link swapped in for the
    last part after ``resolve``; ``O_NONBLOCK`` keeps a FIFO swapped in from blocking.
    """
    try:
        return open_input(path, follow_links=False)
    except InputRefused as refused:
        raise ImportProblem(f"{where}: $INCLUDE {path}: refused: {refused}") from None
