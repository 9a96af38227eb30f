"""Where a provider mirror may already be: Terraform's implied local mirror directories,
and the one an earlier set-up found (remembered in the project cache).

Terraform itself installs providers without any configuration from a fixed list
of *implied local mirror directories* (Terraform docs, "CLI Configuration File",
section "Implied Local Mirror Directories"; the same list since 0.13):

* ``terraform.d/plugins`` in the current working directory (here: the project root);
* every OS: ``$HOME/.terraform.d/plugins``;
* Linux and other Unix: ``terraform/plugins`` in each XDG data directory --
  ``$XDG_DATA_HOME`` (default ``~/.local/share``) and ``$XDG_DATA_DIRS`` (default
  ``/usr/local/share:/usr/share``);
* macOS: ``~/Library/Application Support/io.terraform/plugins`` and
  ``/Library/Application Support/io.terraform/plugins``;
* Windows: ``%APPDATA%/terraform.d/plugins`` and ``%APPDATA%/HashiCorp/Terraform/plugins``.

A developer who put the provider there for Terraform's sake should not have to
say so again, so set-up looks there too. A mirror found once (there or through
``ZONESTACK_PROVIDER_MIRROR``) is written to ``<cache>/provider-mirror`` so later
shells need no variable. Everything here reads only the given environment, so
tests point ``HOME``/``XDG_*`` at temporary directories.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

REMEMBERED_NAME = "provider-mirror"
"""``<cache>/provider-mirror``: one line, the absolute path of the last mirror that worked."""


def _xdg_data_dirs(env: Mapping[str, str], home: Path | None) -> list[Path]:
    found: list[Path] = []
    data_home = env.get("XDG_DATA_HOME")
    if data_home:
        found.append(Path(data_home))
    elif home is not None:
        found.append(home / ".local" / "share")
    data_dirs = env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    found += [Path(d) for d in data_dirs.split(os.pathsep) if d]
    return [d / "terraform" / "plugins" for d in found]


def implied_mirror_dirs(
    env: Mapping[str, str] | None = None, *, cwd: Path | None = None, system: str | None = None
) -> list[Path]:
    """Terraform's implied local mirror directories for ``env``, in Terraform's order, without duplicates.

    ``system`` is ``sys.platform`` by default (``linux``, ``darwin``, ``win32``...);
    ``cwd`` (default: none) adds ``<cwd>/terraform.d/plugins``. Directories need
    not exist. Nothing is read but ``env``: no HOME means no home-based entries.
    """
    environ = os.environ if env is None else env
    system = system or sys.platform
    home = Path(environ["HOME"]) if environ.get("HOME") else None
    dirs: list[Path] = []
    if cwd is not None:
        dirs.append(cwd / "terraform.d" / "plugins")
    if system.startswith(("win32", "cygwin")):
        appdata = environ.get("APPDATA")
        if appdata:
            dirs += [Path(appdata) / "terraform.d" / "plugins", Path(appdata) / "HashiCorp" / "Terraform" / "plugins"]
    else:
        if home is not None:
            dirs.append(home / ".terraform.d" / "plugins")
        if system == "darwin":
            if home is not None:
                dirs.append(home / "Library" / "Application Support" / "io.terraform" / "plugins")
            dirs.append(Path("/Library/Application Support/io.terraform/plugins"))
        else:
            dirs += _xdg_data_dirs(environ, home)
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def remembered_path(cache: Path) -> Path:
    return cache / REMEMBERED_NAME


def read_remembered(cache: Path) -> Path | None:
    """The mirror an earlier set-up found, or None (no file, or unreadable)."""
    try:
        text = remembered_path(cache).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return Path(text) if text else None


def remember(cache: Path, mirror: Path) -> bool:
    """Record ``mirror`` in the cache; False (and nothing raised) if the cache is not writable."""
    path = remembered_path(cache)
    text = f"{mirror}\n"
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return True
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError:
        return False
    return True
