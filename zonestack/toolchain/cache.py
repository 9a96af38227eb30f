"""The project cache: one git-ignored directory for everything set-up builds.

Built tools (OpenTofu, the provider mirror, the CLI config, Terraform's plugin cache)
are per-machine artefacts, never source: they live under ``.cache/zonestack/`` in the
project root, which ``.gitignore`` already excludes. ``ZONESTACK_CACHE_DIR`` moves it
(tests point it at a temp dir; CI may point it at a persistent volume).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

CACHE_DIR_ENV = "ZONESTACK_CACHE_DIR"
"""Environment variable that overrides the cache location."""

_PROJECT_MARKERS = ("Pipfile", "package.json")


def project_root() -> Path:
    """The checkout this package runs from, else the current directory.

    The package sits at ``<root>/zonestack/``; if that root looks like the project
    (has a Pipfile or package.json) it wins, so the cache does not depend on the
    directory a command is started from. An installed copy (site-packages) has no
    such root, and then the current directory is the only sensible place.
    """
    root = Path(__file__).resolve().parents[2]
    if any((root / marker).is_file() for marker in _PROJECT_MARKERS):
        return root
    return Path.cwd()


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The cache directory (not created): ``$ZONESTACK_CACHE_DIR`` or ``<root>/.cache/zonestack``."""
    environ = os.environ if env is None else env
    override = environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return project_root() / ".cache" / "zonestack"
