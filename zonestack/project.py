"""Where the project is, and how to run its Python from a child process.

Commands must work from any directory inside a checkout and from any install
(``pipenv run``, an activated venv without ``pipenv`` on PATH, a plain
``.venv/bin/python``). Two facts make that possible:

* the project root is the nearest directory, from the current one upwards,
  that holds ``cdktf.json`` -- the file the cdktf CLI itself looks for, so
  zonestack and ``cdktf diff`` always agree on which project they act on;
* a child process that must run zonestack (Terraform's ``local-exec``
  provisioner, the cdktf app) runs *the same interpreter* as the parent,
  named by ``ZONESTACK_PYTHON`` (set by :func:`python_env`), never
  ``pipenv run``, which may not be installed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

MARKER = "cdktf.json"
"""The file that marks a project root (cdktf's own project file)."""

PYTHON_ENV = "ZONESTACK_PYTHON"
"""The interpreter a child process runs zonestack with (an absolute path)."""

def find_root(start: Path | None = None) -> Path | None:
    """The nearest directory at or above ``start`` (default: cwd) holding ``cdktf.json``; None outside a project."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / MARKER).is_file():
            return candidate
    return None


def shown_path(path: Path, root: Path | None = None) -> str:
    """``path`` as messages print it: relative to ``root`` (default: the current directory, which
    commands set to the project root) when it lies inside, as ``validate`` prints ``records/…``;
    otherwise as given."""
    base = (root or Path.cwd()).resolve()
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)


def python_command() -> list[str]:
    """``[interpreter, "-m", "zonestack"]``: run the CLI with the interpreter running now.

    For ``subprocess`` argv lists. Never ``pipenv run``: an activated venv or a CI
    image may have no ``pipenv`` on PATH, and this interpreter already has every
    dependency importable.
    """
    return [sys.executable, "-m", "zonestack"]


def python_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{ZONESTACK_PYTHON: <this interpreter>}`` unless the caller's environment already names one."""
    current = (os.environ if environ is None else environ).get(PYTHON_ENV)
    return {PYTHON_ENV: current or sys.executable}
