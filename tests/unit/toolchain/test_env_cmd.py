"""``zonestack env``: export lines a shell can eval for plain ``npx cdktf``."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.unit.toolchain.fakes import FakeGo, make_executable
from zonestack.cli.env_cmd import command, export_lines
from zonestack.toolchain.provider import GANDI, host_platform, mirror_binary_path


def test_lines_survive_a_shell(tmp_path: Path) -> None:
    env = {"TF_CLI_CONFIG_FILE": str(tmp_path / "with space" / "it's.tfrc"), "CHECKPOINT_DISABLE": "1"}
    script = "\n".join(export_lines(env)) + '\nprintf "%s\\n" "$TF_CLI_CONFIG_FILE" "$CHECKPOINT_DISABLE"'
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [env["TF_CLI_CONFIG_FILE"], "1"]


@pytest.fixture
def ready(monkeypatch: pytest.MonkeyPatch, fake_go: FakeGo, tmp_path: Path, bin_dir: Path) -> Path:
    cache = tmp_path / "cache"
    mirror = tmp_path / "mirror"
    make_executable(mirror_binary_path(mirror, "registry.terraform.io", GANDI, host_platform()))
    make_executable(bin_dir / "terraform")
    for key, value in {**fake_go.env, "ZONESTACK_CACHE_DIR": str(cache),
                       "ZONESTACK_PROVIDER_MIRROR": str(mirror)}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("TF_CLI_CONFIG_FILE", raising=False)
    monkeypatch.delenv("TERRAFORM_BINARY_NAME", raising=False)
    return cache


def test_after_setup_prints_the_toolchain_env(ready: Path) -> None:
    from zonestack.toolchain.prepare import prepare

    prepare()  # what `zonestack setup` does
    result = CliRunner().invoke(command, [])
    assert result.exit_code == 0, result.output
    exported = dict(shlex.split(line.removeprefix("export "))[0].split("=", 1) for line in result.stdout.splitlines())
    assert exported["TF_CLI_CONFIG_FILE"] == str(ready / "terraform.tfrc")
    assert exported["TERRAFORM_BINARY_NAME"].endswith("/terraform")
    assert exported["ZONESTACK_PYTHON"] == sys.executable
    assert all(line.startswith("export ") for line in result.stdout.splitlines())


def test_before_setup_says_so_in_one_line(ready: Path) -> None:
    result = CliRunner().invoke(command, [])  # the mirror is there, its CLI config not written yet
    assert result.exit_code == 3
    assert result.stderr == "zonestack env: toolchain incomplete (cli-config missing); run `zonestack setup`\n"
    assert "TF_PLUGIN_CACHE_DIR" in result.stdout


def test_nothing_secret(ready: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", "pat_secret_" + "s" * 24)
    result = CliRunner().invoke(command, [])
    assert "s" * 24 not in result.output and "GANDI" not in result.stdout
