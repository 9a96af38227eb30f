"""Where a synthesised stack keeps its state, read without starting Terraform.

With the local backend, ``terraform state pull`` prints the state file as it is,
so the deploy's pre-plan readers (cheap refresh, untaint) read that file
directly and spend a Terraform process only on other backends (pg).
"""

from __future__ import annotations

import json
from pathlib import Path


def local_state_file(directory: Path) -> Path | None:
    """The state file of the stack in ``directory`` when its backend is ``local``
    (``terraform.backend.local.path`` in ``cdk.tf.json``, relative to the stack); None for
    any other backend. Raises ``OSError``/``ValueError`` when ``cdk.tf.json`` cannot be read."""
    stack = json.loads((Path(directory) / "cdk.tf.json").read_text(encoding="utf-8"))
    local = ((stack.get("terraform") or {}).get("backend") or {}).get("local")
    if isinstance(local, dict) and local.get("path"):
        return Path(directory) / str(local["path"])
    return None


def read_state_file(path: Path) -> str:
    """The state document at ``path``; "" when there is none yet (as ``state pull`` prints)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
