"""Names the project uses in more than one place, defined once: directories and variables.

Paths are relative to the project root (the nearest directory upwards holding
``cdktf.json``, see :mod:`zonestack.project`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

RECORDS_DIR = Path("records")
"""One ``<zone>.yaml`` per zone."""
IMPORTS_DIR = Path("imports")
"""``<zone>.json`` import plans written by ``import gandi`` and ``adopt`` (read by synthesis)."""
STATE_DIR = Path(".state")
"""The local backend's state: ``.state/<zone>/terraform.tfstate``."""
STATE_FILE = "terraform.tfstate"
CDKTF_OUT = Path("cdktf.out")
"""cdktf's output directory (``cdktf.json``'s ``output``)."""
STACKS_DIR = CDKTF_OUT / "stacks"
"""One synthesised stack per zone: ``cdktf.out/stacks/<zone>/cdk.tf.json``."""

BACKEND_ENV = "ZONESTACK_BACKEND"
"""``local`` (default) or ``pg``."""
PG_CONN_ENV = "PG_CONN_STR"
"""The pg backend's connection string, read by Terraform at run time (never synthesised)."""
PG_SCHEMA_PREFIX_ENV = "ZONESTACK_PG_SCHEMA_PREFIX"
BACKENDS = ("local", "pg")


def backend(env: Mapping[str, str] | None = None) -> str:
    """The state backend named by ``ZONESTACK_BACKEND`` in ``env`` (default ``os.environ``), lower case.

    Unknown names are returned as they are: the stack's backend construct refuses them with
    one line (``stacks/backend.py``).
    """
    source = os.environ if env is None else env
    return (source.get(BACKEND_ENV) or os.environ.get(BACKEND_ENV) or "local").strip().lower()


def state_file(zone: str, state_dir: Path = STATE_DIR) -> Path:
    """The local backend's state file of ``zone``."""
    return Path(state_dir) / zone / STATE_FILE


def stack_dir(project: Path, zone: str) -> Path:
    """The synthesised stack directory of ``zone`` in ``project``."""
    return Path(project) / STACKS_DIR / zone
