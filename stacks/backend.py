"""Where a zone stack keeps its Terraform state, chosen by configuration.

``ZONESTACK_BACKEND=local`` (default): ``.state/<zone>/terraform.tfstate`` under
the project, written as a path relative to the stack's synth directory
(``<outdir>/stacks/<zone>``: ``cdktf.out`` unless ``cdktf … --output DIR`` says
otherwise) so no machine path lands in ``cdk.tf.json`` and every output folder,
at any depth, uses the one state of the zone.

``ZONESTACK_BACKEND=pg``: Terraform's PostgreSQL backend, which locks state
with advisory locks. The connection string is never synthesised: Terraform
reads ``PG_CONN_STR`` from the environment when it runs. Each zone gets its own
schema (``ZONESTACK_PG_SCHEMA_PREFIX``, default ``zonestack``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from constructs_lib.cdk import Construct, LocalBackend, TerraformBackend

STATE_DIR = ".state"


class BackendConfigError(ValueError):
    """The backend configuration in the environment is not usable."""


def state_path(zone: str, outdir: str | os.PathLike[str] = "cdktf.out", root: str | os.PathLike[str] = ".") -> str:
    """The local state file of ``zone`` (``<root>/.state/<zone>/terraform.tfstate``), relative to the
    stack's directory ``<outdir>/stacks/<zone>`` (``outdir`` relative to ``root``, the project root,
    or absolute). ``cdktf.out`` gives ``../../../.state/<zone>/terraform.tfstate``."""
    base = Path(root).resolve()
    stack_dir = (base / outdir / "stacks" / zone).resolve()
    return Path(os.path.relpath(base / STATE_DIR / zone / "terraform.tfstate", stack_dir)).as_posix()


def pg_schema(zone: str, prefix: str = "zonestack") -> str:
    """A PostgreSQL schema name for ``zone`` (letters, digits, underscores)."""
    return re.sub(r"[^a-z0-9_]", "_", f"{prefix}_{zone}".lower())


class EnvPgBackend(TerraformBackend):
    """``backend "pg"`` without ``conn_str``: cdktf's ``PgBackend`` requires one,
    which would write the database password into ``cdk.tf.json``."""

    def __init__(self, scope: Construct, *, schema_name: str) -> None:
        super().__init__(scope, "backend", "pg")
        self._schema_name = schema_name

    def _synthesize_attributes(self) -> dict[str, Any]:
        return {"schema_name": self._schema_name}

    def get_remote_state_data_source(self, scope: Construct, name: str, from_stack: str) -> Any:
        """Zone stacks never read each other's state, so cdktf never calls this."""
        raise NotImplementedError("zone stacks do not share state across stacks")


def add_backend(stack: Construct, zone: str, env: Mapping[str, str] | None = None, outdir: str = "cdktf.out",
                root: str | os.PathLike[str] = ".") -> None:
    """Attach the configured backend to ``stack``, whose app synthesises into ``outdir`` (relative to
    ``root``, the project root: the working directory where cdktf runs the app)."""
    env = os.environ if env is None else env
    kind = env.get("ZONESTACK_BACKEND", "local").strip().lower()
    if kind == "local":
        LocalBackend(stack, path=state_path(zone, outdir, root))
    elif kind == "pg":
        EnvPgBackend(stack, schema_name=pg_schema(zone, env.get("ZONESTACK_PG_SCHEMA_PREFIX", "zonestack")))
    else:
        raise BackendConfigError(f"ZONESTACK_BACKEND={kind!r} is not a known backend (use 'local' or 'pg')")
