"""Slow checks against the real tools; each skips itself where its tool is absent.

* ``terraform init`` through the generated CLI config, with a mirror given by
  ``ZONESTACK_PROVIDER_MIRROR`` (a developer's or an artifact store's);
* a real OpenTofu build from its Go module -- minutes of CPU, so only when
  ``ZONESTACK_TEST_GO_BUILDS=1``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from zonestack.toolchain.binary import OPENTOFU_VERSION, build_opentofu, find_binary
from zonestack.toolchain.cliconfig import write_cli_config
from zonestack.toolchain.env import toolchain_env
from zonestack.toolchain.gomodule import find_go
from zonestack.toolchain.provider import GANDI, MIRROR_ENV, find_provider_mirror

MAIN_TF = """\
terraform {
  required_providers {
    gandi = {
      source  = "go-gandi/gandi"
      version = "{version}"
    }
  }
}
""".replace("{version}", GANDI.version)


@pytest.mark.slow
def test_init_installs_gandi_from_the_mirror(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    mirror = find_provider_mirror(cache=cache)  # MIRROR_ENV, or Terraform's implied dirs (~/.terraform.d/plugins...)
    binary = find_binary(cache=cache)
    if mirror is None or binary is None:
        pytest.skip(f"no provider ({MIRROR_ENV} unset, none in Terraform's plugin directories), or no terraform/tofu")
    needed = "registry.opentofu.org" if binary.is_opentofu else "registry.terraform.io"
    if needed not in mirror.hosts:
        pytest.skip(f"the mirror has no {needed} layout for {binary.path.name}")
    config = write_cli_config(mirror.path, cache)
    env = {**os.environ, **toolchain_env(binary=binary.path, cli_config=config, cache=cache)}
    work = tmp_path / "stack"
    work.mkdir()
    (work / "main.tf").write_text(MAIN_TF)
    init = subprocess.run(
        [str(binary.path), "init", "-input=false", "-no-color"], cwd=work, env=env, capture_output=True, text=True
    )
    assert init.returncode == 0, init.stdout + init.stderr
    schema = subprocess.run(
        [str(binary.path), "providers", "schema", "-json"], cwd=work, env=env, capture_output=True, text=True
    )
    assert schema.returncode == 0, schema.stderr
    schemas = json.loads(schema.stdout)["provider_schemas"]
    gandi = schemas[f"{needed}/{GANDI.source}"]
    assert {"gandi_livedns_domain", "gandi_livedns_record"} <= set(gandi["resource_schemas"])


@pytest.mark.slow
def test_real_opentofu_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.environ.get("ZONESTACK_TEST_GO_BUILDS") != "1":
        pytest.skip("set ZONESTACK_TEST_GO_BUILDS=1 to build OpenTofu for real (minutes)")
    if find_go() is None:
        pytest.skip("no Go toolchain on PATH")
    tofu = build_opentofu(tmp_path / "cache")
    out = subprocess.run([str(tofu), "version"], capture_output=True, text=True, check=True).stdout
    assert f"OpenTofu {OPENTOFU_VERSION}\n" in out
    assert build_opentofu(tmp_path / "cache") == tofu  # cached: instant
