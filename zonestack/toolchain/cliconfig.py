"""The Terraform CLI config that makes ``terraform init`` install gandi from the mirror.

Terraform (and OpenTofu) read a CLI config file named by ``TF_CLI_CONFIG_FILE``. Ours
has a ``provider_installation`` block: the pinned provider comes from the unpacked
filesystem mirror, and everything else comes from the registry as usual
(``direct`` with the gandi addresses excluded, so a missing mirror entry fails loudly
instead of falling back to a download that cannot work here).

The file is opt-in: it is only used when ``TF_CLI_CONFIG_FILE`` points at it (as
:func:`zonestack.toolchain.env.toolchain_env` does). On a machine that reaches the
registry, a plain ``terraform init`` without it still works.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from zonestack.toolchain.cache import cache_dir
from zonestack.toolchain.provider import GANDI, ProviderPin

CLI_CONFIG_NAME = "terraform.tfrc"


def _hcl_string(value: str) -> str:
    """An HCL quoted string: JSON escapes, plus ``$${``/``%%{`` so no template is expanded."""
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")


def _hcl_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_hcl_string(v) for v in values) + "]"


def render_cli_config(mirror: Path, addresses: Sequence[str] | None = None) -> str:
    """The CLI config text for ``mirror``; ``addresses`` default to the gandi pin's."""
    included = list(addresses) if addresses is not None else list(GANDI.addresses())
    return (
        "# Written by `zonestack setup`; regenerated on every run -- do not edit.\n"
        "# Used only where TF_CLI_CONFIG_FILE points at this file.\n"
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {_hcl_string(str(mirror))}\n"
        f"    include = {_hcl_list(included)}\n"
        "  }\n"
        "  direct {\n"
        f"    exclude = {_hcl_list(included)}\n"
        "  }\n"
        "}\n"
    )


def cli_config_path(cache: Path | None = None) -> Path:
    """Where set-up writes the config: ``<cache>/terraform.tfrc``."""
    return (cache or cache_dir()) / CLI_CONFIG_NAME


def write_cli_config(mirror: Path, cache: Path | None = None, pin: ProviderPin = GANDI) -> Path:
    """Write (only if its text changed) the config for ``mirror`` into the cache; returns its path."""
    path = cli_config_path(cache)
    text = render_cli_config(mirror, pin.addresses())
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path
