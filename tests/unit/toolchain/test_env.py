"""The environment handed to cdktf/terraform subprocesses."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from zonestack.toolchain.env import toolchain_env


def test_full_environment(tmp_path: Path) -> None:
    env = toolchain_env(binary=Path("/opt/tofu"), cli_config=tmp_path / "terraform.tfrc", cache=tmp_path)
    assert env == {
        "TERRAFORM_BINARY_NAME": "/opt/tofu",
        "TF_CLI_CONFIG_FILE": str(tmp_path / "terraform.tfrc"),
        "TF_PLUGIN_CACHE_DIR": str(tmp_path / "plugin-cache"),
        "CHECKPOINT_DISABLE": "1",
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
        "ZONESTACK_PYTHON": sys.executable,
    }
    assert (tmp_path / "plugin-cache").is_dir()


def test_mirror_config_is_opt_in(tmp_path: Path) -> None:
    env = toolchain_env(cache=tmp_path)
    assert "TF_CLI_CONFIG_FILE" not in env
    assert "TERRAFORM_BINARY_NAME" not in env


def test_create_false_writes_nothing(tmp_path: Path) -> None:
    toolchain_env(cache=tmp_path / "c", create=False)
    assert not (tmp_path / "c").exists()


def test_nothing_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", "s3cret")
    env = toolchain_env(binary=Path("/opt/tofu"), cli_config=tmp_path / "x", cache=tmp_path)
    assert "s3cret" not in env.values()
    assert not [key for key in env if any(word in key for word in ("TOKEN", "SECRET", "PASSWORD", "GANDI"))]
