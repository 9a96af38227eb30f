"""The environment a cdktf or terraform subprocess needs, in one place.

Every command that shells out (``cdktf synth/deploy``, ``terraform init/plan``) must
see the same binary and the same provider installation rules as ``zonestack setup``
prepared; deriving them here keeps those call sites from drifting apart. The result
holds only paths and switches, never a credential: callers merge it over
``os.environ``, which is where tokens such as ``GANDI_PERSONAL_ACCESS_TOKEN`` come from.
"""

from __future__ import annotations

import sys
from pathlib import Path

from zonestack.project import PYTHON_ENV
from zonestack.toolchain.binary import BINARY_ENV
from zonestack.toolchain.cache import cache_dir

PLUGIN_CACHE_NAME = "plugin-cache"


def toolchain_env(
    *,
    binary: Path | None = None,
    cli_config: Path | None = None,
    cache: Path | None = None,
    create: bool = True,
) -> dict[str, str]:
    """Variables to merge over ``os.environ`` for a cdktf/terraform subprocess.

    * ``TERRAFORM_BINARY_NAME`` -- the resolved binary (cdktf runs what it names);
    * ``TF_CLI_CONFIG_FILE``     -- the mirror config, only if one is given (opt-in);
    * ``TF_PLUGIN_CACHE_DIR``    -- a per-project plugin cache (created here unless
      ``create`` is false, since Terraform ignores one that does not exist), so each
      stack's ``init`` does not copy the provider again;
    * ``CHECKPOINT_DISABLE=1``   -- no version/telemetry check calls home;
    * ``JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20`` -- cdktf's jsii runtime
      otherwise warns on every run about the Node version;
    * ``ZONESTACK_PYTHON``       -- this interpreter, which the cdktf app (``cdktf.json``)
      and the clear-defaults provisioner run (see :mod:`zonestack.project`).
    """
    root = cache or cache_dir()
    plugin_cache = root / PLUGIN_CACHE_NAME
    if create:
        plugin_cache.mkdir(parents=True, exist_ok=True)
    env = {
        "TF_PLUGIN_CACHE_DIR": str(plugin_cache),
        "CHECKPOINT_DISABLE": "1",
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
        PYTHON_ENV: sys.executable,
    }
    if binary is not None:
        env[BINARY_ENV] = str(binary)
    if cli_config is not None:
        env["TF_CLI_CONFIG_FILE"] = str(cli_config)
    return env
