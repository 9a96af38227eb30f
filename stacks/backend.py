"""Where a zone stack keeps its Terraform state, chosen by configuration.

``ZONESTACK_BACKEND=local`` (default): ``.state/<zone>/terraform.tfstate`` under
the project, written as a path relative to the stack's synth directory
(``cdktf.out/stacks/<zone>``) so no machine path lands in ``cdk.tf.json``.

``ZONESTACK_BACKEND=pg``: Terraform's PostgreSQL backend, which locks state
with advisory locks. The connection string is never synthesised: Terraform
reads ``PG_CONN_STR`` from the environment when it runs. Each zone gets its own
schema (``ZONESTACK_PG_SCHEMA_PREFIX``, default ``zonestack``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from typing import Any

from constructs_lib.cdk import Construct, LocalBackend, TerraformBackend

STATE_DIR = ".state"
#: From cdktf.out/stacks/<zone>/ back to the project root.
_TO_PROJECT_ROOT = "../../.."


class BackendConfigError(ValueError):
    """The backend configuration in the environment is not usable."""


def state_path(zone: str) -> str:
    """The local state file of ``zone``, relative to the stack's directory."""
    return f"{_TO_PROJECT_ROOT}/{STATE_DIR}/{zone}/terraform.tfstate"


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


def add_backend(stack: Construct, zone: str, env: Mapping[str, str] | None = None) -> None:
    """Attach the configured backend to ``stack``."""
    env = os.environ if env is None else env
    kind = env.get("ZONESTACK_BACKEND", "local").strip().lower()
    if kind == "local":
        LocalBackend(stack, path=state_path(zone))
    elif kind == "pg":
        EnvPgBackend(stack, schema_name=pg_schema(zone, env.get("ZONESTACK_PG_SCHEMA_PREFIX", "zonestack")))
    else:
        raise BackendConfigError(f"ZONESTACK_BACKEND={kind!r} is not a known backend (use 'local' or 'pg')")
