"""Resolution order of the Terraform-compatible binary, and the cached OpenTofu build."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.toolchain.fakes import ExecutableFactory, FakeGo, make_executable, path_env
from zonestack.toolchain.binary import (
    BINARY_ENV,
    OPENTOFU_VERSION,
    BinarySource,
    BinaryUnavailable,
    build_opentofu,
    cached_opentofu_path,
    ensure_binary,
    find_binary,
)


def _cache_tofu(cache: Path, version: str | None = OPENTOFU_VERSION) -> Path:
    binary = make_executable(cached_opentofu_path(cache))
    if version is not None:
        binary.with_name("tofu.version").write_text(version + "\n")
    return binary


def test_env_variable_wins_over_everything(bin_dir: Path, cache: Path, executable: ExecutableFactory) -> None:
    executable("terraform")
    executable("tofu")
    chosen = make_executable(bin_dir.parent / "elsewhere" / "my-terraform")
    found = find_binary(path_env(bin_dir, **{BINARY_ENV: str(chosen)}), cache)
    assert found is not None
    assert (found.path, found.source) == (chosen, BinarySource.ENV)


def test_env_variable_may_be_a_name_on_path(bin_dir: Path, cache: Path, executable: ExecutableFactory) -> None:
    tofu = executable("tofu")
    executable("terraform")
    found = find_binary(path_env(bin_dir, **{BINARY_ENV: "tofu"}), cache)
    assert found is not None and found.path == tofu and found.source is BinarySource.ENV


def test_env_variable_naming_nothing_is_an_error(bin_dir: Path, cache: Path, executable: ExecutableFactory) -> None:
    executable("terraform")
    with pytest.raises(BinaryUnavailable, match="no-such-terraform"):
        find_binary(path_env(bin_dir, **{BINARY_ENV: "no-such-terraform"}), cache)


def test_terraform_before_tofu(bin_dir: Path, cache: Path, executable: ExecutableFactory) -> None:
    terraform = executable("terraform")
    executable("tofu")
    _cache_tofu(cache)
    found = find_binary(path_env(bin_dir), cache)
    assert found is not None and (found.path, found.source) == (terraform, BinarySource.TERRAFORM)
    assert not found.is_opentofu


@pytest.mark.parametrize("on_path", [True, False])
def test_opentofu_engine_skips_terraform(bin_dir: Path, cache: Path, executable: ExecutableFactory,
                                         on_path: bool) -> None:
    """ZONESTACK_ENGINE=opentofu: tofu on PATH, else the cached build, though terraform is installed."""
    executable("terraform")
    tofu = executable("tofu") if on_path else None
    cached = _cache_tofu(cache)
    found = find_binary(path_env(bin_dir, ZONESTACK_ENGINE="opentofu"), cache)
    assert found is not None and found.is_opentofu
    assert found.path == (tofu if on_path else cached)


def test_opentofu_engine_with_nothing_built_needs_a_build(bin_dir: Path, cache: Path,
                                                          executable: ExecutableFactory) -> None:
    executable("terraform")
    assert find_binary(path_env(bin_dir, ZONESTACK_ENGINE="opentofu"), cache) is None


def test_an_unknown_engine_is_an_error(bin_dir: Path, cache: Path, executable: ExecutableFactory) -> None:
    executable("terraform")
    with pytest.raises(BinaryUnavailable, match=r"ZONESTACK_ENGINE='tofuu': expected one of terraform, opentofu"):
        find_binary(path_env(bin_dir, ZONESTACK_ENGINE="tofuu"), cache)


def test_tofu_on_path_before_cache(bin_dir: Path, cache: Path, executable: ExecutableFactory) -> None:
    tofu = executable("tofu")
    _cache_tofu(cache)
    found = find_binary(path_env(bin_dir), cache)
    assert found is not None and (found.path, found.source) == (tofu, BinarySource.TOFU)
    assert found.is_opentofu


def test_cached_opentofu_last(bin_dir: Path, cache: Path) -> None:
    cached = _cache_tofu(cache)
    found = find_binary(path_env(bin_dir), cache)
    assert found is not None and (found.path, found.source) == (cached, BinarySource.CACHED)


@pytest.mark.parametrize("stamp", [None, "v0.0.1"])
def test_cached_opentofu_of_another_version_does_not_count(bin_dir: Path, cache: Path, stamp: str | None) -> None:
    _cache_tofu(cache, stamp)
    assert find_binary(path_env(bin_dir), cache) is None


def test_nothing_found_and_no_build(bin_dir: Path, cache: Path) -> None:
    assert find_binary(path_env(bin_dir), cache) is None
    with pytest.raises(BinaryUnavailable, match="zonestack setup"):
        ensure_binary(path_env(bin_dir), cache, build=False)


def test_builds_opentofu_from_its_module_once(fake_go: FakeGo, cache: Path) -> None:
    resolved = ensure_binary(fake_go.env, cache)
    assert resolved.source is BinarySource.BUILT
    assert resolved.path == cached_opentofu_path(cache)
    assert resolved.path.read_text().startswith("#!/bin/sh")
    calls = fake_go.calls()
    assert calls[0]["argv"] == ["mod", "download", "-json", f"github.com/opentofu/opentofu@{OPENTOFU_VERSION}"]
    build = calls[1]["argv"]
    assert build[0] == "build" and build[-1] == "./cmd/tofu"
    assert any("version.dev=no" in arg for arg in build)
    # built in a writable copy, never in the (read-only) module cache
    assert calls[1]["cwd"] != str(fake_go.module_dir)
    assert not (fake_go.module_dir / "writable-probe").exists()

    again = ensure_binary(fake_go.env, cache)
    assert again.source is BinarySource.CACHED and again.path == resolved.path
    assert len(fake_go.calls()) == 2  # nothing rebuilt


def test_build_failure_is_reported_with_gos_answer(fake_go: FakeGo, cache: Path) -> None:
    fake_go.set_mode("build-fails")
    with pytest.raises(BinaryUnavailable, match="syntax error"):
        build_opentofu(cache, env=fake_go.env)
    assert not cached_opentofu_path(cache).exists()
    assert list(cached_opentofu_path(cache).parent.glob(".tofu.partial-*")) == []
