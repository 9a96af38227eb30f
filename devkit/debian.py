"""Installing a Debian package a tool or test needs (Knot DNS, ``dig``), as root, bounded.

The developer set-up (:mod:`devkit.tools`) installs the servers and tools the tests use from
Debian's archive when they are missing, so a fresh CI machine runs those tests
instead of skipping them. Only as root with ``apt-get``; never interactive.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable

APT_TIMEOUT = 900.0
"""Seconds for each ``apt-get`` run (an index update on a slow mirror included)."""


class AptFailed(RuntimeError):
    """``apt-get`` is not usable here, or one of its runs failed (message: the command and its last lines)."""


def can_apt_install() -> bool:
    """Whether :func:`apt_install` may work here: root, with ``apt-get`` on PATH."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def apt_install(package: str, progress: Callable[[str], None] | None = None) -> None:
    """``apt-get update`` then ``apt-get install -y --no-install-recommends <package>``; raises AptFailed."""
    if not can_apt_install():
        raise AptFailed(f"apt-get as root is not available: install Debian's '{package}' package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", package]):
        if progress is not None:
            progress("running " + " ".join(command))
        try:
            proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=APT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AptFailed(f"`{' '.join(command)}` timed out after {APT_TIMEOUT:.0f}s") from None
        if proc.returncode != 0:
            tail = " ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
            raise AptFailed(f"`{' '.join(command)}` failed ({proc.returncode}): {tail}")
