"""The provider pin, its mirror layout, where the binary comes from, and the refusal message."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.unit.toolchain.fakes import FakeGo, make_executable, path_env
from zonestack.toolchain import provider as provider_mod
from zonestack.toolchain.provider import (
    GANDI,
    MIRROR_ENV,
    MirrorSource,
    ProviderPin,
    ProviderUnavailable,
    cache_mirror_dir,
    ensure_provider_mirror,
    find_provider_mirror,
    host_platform,
    mirror_binary_path,
    mirror_binary_paths,
)

PLATFORM = host_platform()


def test_pin() -> None:
    assert GANDI.source == "go-gandi/gandi"
    assert GANDI.version == "2.3.0"
    assert GANDI.go_module == "github.com/go-gandi/terraform-provider-gandi/v2"
    assert GANDI.tag == "v2.3.0"
    assert GANDI.addresses() == ("registry.terraform.io/go-gandi/gandi", "registry.opentofu.org/go-gandi/gandi")


def test_mirror_layout_for_both_registry_hosts(tmp_path: Path) -> None:
    paths = mirror_binary_paths(tmp_path, platform="linux_amd64")
    rel = {host: path.relative_to(tmp_path).as_posix() for host, path in paths.items()}
    tail = "go-gandi/gandi/2.3.0/linux_amd64/terraform-provider-gandi_v2.3.0"
    assert rel == {
        "registry.terraform.io": f"registry.terraform.io/{tail}",
        "registry.opentofu.org": f"registry.opentofu.org/{tail}",
    }


@pytest.mark.parametrize(
    ("sys_platform", "machine", "expected"),
    [("linux", "x86_64", "linux_amd64"), ("linux", "aarch64", "linux_arm64"), ("darwin", "arm64", "darwin_arm64"),
     ("win32", "AMD64", "windows_amd64"), ("freebsd14", "amd64", "freebsd_amd64")],
)
def test_host_platform_uses_go_names(
    monkeypatch: pytest.MonkeyPatch, sys_platform: str, machine: str, expected: str
) -> None:
    monkeypatch.setattr(sys, "platform", sys_platform)
    monkeypatch.setattr(provider_mod._platform, "machine", lambda: machine)
    assert host_platform() == expected


def _fill(mirror: Path, *hosts: str) -> None:
    for host in hosts:
        make_executable(mirror_binary_path(mirror, host, GANDI, PLATFORM))


def test_env_mirror_is_used_as_is_without_go(fake_go: FakeGo, tmp_path: Path, cache: Path) -> None:
    mirror = tmp_path / "artifact-store"
    _fill(mirror, "registry.terraform.io")
    got = ensure_provider_mirror({**fake_go.env, MIRROR_ENV: str(mirror)}, cache)
    assert got.source is MirrorSource.ENV
    assert got.path == mirror.resolve()
    assert got.hosts == ("registry.terraform.io",)
    assert not (mirror / "registry.opentofu.org").exists()  # someone else's mirror: not written to
    assert fake_go.calls() == []


def test_env_mirror_without_provider_falls_back_and_is_reported(fake_go: FakeGo, tmp_path: Path, cache: Path) -> None:
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    fake_go.set_mode("refuse")
    with pytest.raises(ProviderUnavailable) as caught:
        ensure_provider_mirror({**fake_go.env, MIRROR_ENV: str(empty)}, cache)
    message = str(caught.value)
    assert f"{MIRROR_ENV}={empty}" in message
    assert "go mod download github.com/go-gandi/terraform-provider-gandi/v2@v2.3.0" in message
    assert "403 Forbidden" in message
    assert "This module version is not available." in message
    assert "\n  1. " in message and "\n  3. " in message
    assert len(caught.value.attempts) == 4  # env, cache, implied dirs, Go module


def test_refused_module_message(fake_go: FakeGo, cache: Path) -> None:
    fake_go.set_mode("refuse")
    with pytest.raises(ProviderUnavailable) as caught:
        ensure_provider_mirror(fake_go.env, cache)
    message = str(caught.value)
    assert message.startswith("provider go-gandi/gandi 2.3.0 is not available from any of ")
    assert "\nSources tried:\n" in message
    assert f"{MIRROR_ENV}: not set" in message
    assert "server response: This module version is not available." in message
    assert "Traceback" not in message
    assert not any(cache_mirror_dir(cache).rglob("terraform-provider-gandi*"))


def test_no_go_toolchain(bin_dir: Path, cache: Path) -> None:
    with pytest.raises(ProviderUnavailable, match="no Go toolchain found"):
        ensure_provider_mirror(path_env(bin_dir), cache)


def test_check_only_never_runs_go(fake_go: FakeGo, cache: Path) -> None:
    with pytest.raises(ProviderUnavailable, match="skipped"):
        ensure_provider_mirror(fake_go.env, cache, build=False)
    assert fake_go.calls() == []


def test_builds_into_both_layouts_once(fake_go: FakeGo, cache: Path) -> None:
    built = ensure_provider_mirror(fake_go.env, cache)
    assert built.source is MirrorSource.BUILT
    assert built.path == cache_mirror_dir(cache)
    assert built.hosts == ("registry.terraform.io", "registry.opentofu.org")
    for binary in built.binaries().values():
        assert binary.read_text().startswith("#!/bin/sh")
    download, build = (call["argv"] for call in fake_go.calls())
    assert download == ["mod", "download", "-json", "github.com/go-gandi/terraform-provider-gandi/v2@v2.3.0"]
    assert build[0] == "build" and build[-1] == "."
    assert any("-X main.version=2.3.0" in arg for arg in build)  # the fake main.go declares it

    again = ensure_provider_mirror(fake_go.env, cache)
    assert again.source is MirrorSource.CACHED
    assert len(fake_go.calls()) == 2  # nothing rebuilt
    assert find_provider_mirror(fake_go.env, cache) is not None


def test_cached_mirror_gets_missing_host_without_building(fake_go: FakeGo, cache: Path) -> None:
    _fill(cache_mirror_dir(cache), "registry.terraform.io")
    got = ensure_provider_mirror(fake_go.env, cache)
    assert got.source is MirrorSource.CACHED
    assert got.hosts == ("registry.terraform.io", "registry.opentofu.org")
    assert fake_go.calls() == []


def test_no_version_ldflag_when_main_has_none(fake_go: FakeGo, cache: Path) -> None:
    main_go = fake_go.module_dir / "main.go"
    fake_go.module_dir.chmod(0o755)
    main_go.chmod(0o644)
    main_go.write_text("package main\n\nfunc main() {\n\tplugin.Serve(nil)\n}\n")
    ensure_provider_mirror(fake_go.env, cache)
    build = fake_go.calls()[1]["argv"]
    assert not any("main.version" in arg for arg in build)


def test_other_pins_lay_out_the_same_way(tmp_path: Path) -> None:
    pin = ProviderPin("acme", "widget", "0.1.0", "example.com/acme/terraform-provider-widget")
    path = mirror_binary_path(tmp_path, "registry.terraform.io", pin, "linux_arm64")
    assert path.relative_to(tmp_path).as_posix() == (
        "registry.terraform.io/acme/widget/0.1.0/linux_arm64/terraform-provider-widget_v0.1.0"
    )


def test_a_refusal_is_remembered_for_an_hour_and_a_download_forgets_it(fake_go: FakeGo, cache: Path) -> None:
    from zonestack.toolchain import refusal

    fake_go.set_mode("refuse")
    for _ in range(2):
        with pytest.raises(ProviderUnavailable):
            ensure_provider_mirror(fake_go.env, cache)
    assert len(fake_go.calls()) == 1
    assert refusal.recall(cache, GANDI.go_module, GANDI.tag) is not None
    assert refusal.recall(cache, GANDI.go_module, "v9.9.9") is None  # another version is asked
    assert refusal.recall(cache, GANDI.go_module, GANDI.tag, now=time.time() + refusal.TTL + 1) is None
    fake_go.set_mode("ok")
    ensure_provider_mirror(fake_go.env, cache, retry_refused=True)
    assert refusal.recall(cache, GANDI.go_module, GANDI.tag) is None
