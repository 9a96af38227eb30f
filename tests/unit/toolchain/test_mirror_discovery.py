"""Set-up finds a provider in Terraform's implied local mirror directories and remembers it.

Every test builds its own HOME and XDG directories under tmp_path: the real
home (which may hold a real provider) is never looked at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.toolchain.fakes import FakeGo, make_executable
from zonestack.toolchain.mirrors import implied_mirror_dirs, read_remembered
from zonestack.toolchain.prepare import EXIT_OK, prepare
from zonestack.toolchain.provider import (
    GANDI,
    MIRROR_ENV,
    MirrorSource,
    ProviderUnavailable,
    ensure_provider_mirror,
    find_provider_mirror,
    host_platform,
    mirror_binary_path,
)

TF_HOST = "registry.terraform.io"


def _fill(mirror: Path, host: str = TF_HOST) -> Path:
    return make_executable(mirror_binary_path(mirror, host, GANDI, host_platform()))


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A fake HOME and XDG layout; system data dirs replaced by one empty temp dir."""
    (tmp_path / "home").mkdir()
    (tmp_path / "sysdata").mkdir()
    return {"HOME": str(tmp_path / "home"), "XDG_DATA_DIRS": str(tmp_path / "sysdata")}


def test_linux_list_follows_terraform_docs(tmp_path: Path) -> None:
    env = {"HOME": "/h", "XDG_DATA_HOME": "/xdg/data", "XDG_DATA_DIRS": "/a:/b"}
    assert implied_mirror_dirs(env, cwd=Path("/proj"), system="linux") == [
        Path("/proj/terraform.d/plugins"),
        Path("/h/.terraform.d/plugins"),
        Path("/xdg/data/terraform/plugins"),
        Path("/a/terraform/plugins"),
        Path("/b/terraform/plugins"),
    ]


def test_linux_defaults_without_xdg_variables() -> None:
    assert implied_mirror_dirs({"HOME": "/h"}, system="linux") == [
        Path("/h/.terraform.d/plugins"),
        Path("/h/.local/share/terraform/plugins"),
        Path("/usr/local/share/terraform/plugins"),
        Path("/usr/share/terraform/plugins"),
    ]


def test_macos_and_windows_lists() -> None:
    assert implied_mirror_dirs({"HOME": "/Users/u"}, system="darwin") == [
        Path("/Users/u/.terraform.d/plugins"),
        Path("/Users/u/Library/Application Support/io.terraform/plugins"),
        Path("/Library/Application Support/io.terraform/plugins"),
    ]
    assert implied_mirror_dirs({"APPDATA": "C:/Users/u/AppData/Roaming"}, system="win32") == [
        Path("C:/Users/u/AppData/Roaming/terraform.d/plugins"),
        Path("C:/Users/u/AppData/Roaming/HashiCorp/Terraform/plugins"),
    ]


@pytest.mark.parametrize("where", ["home_terraform_d", "xdg_data_home", "default_xdg", "xdg_data_dirs"])
def test_found_in_each_implied_directory_without_any_variable(
    where: str, home: dict[str, str], tmp_path: Path, fake_go: FakeGo
) -> None:
    env = {**fake_go.env, **home}
    h = Path(home["HOME"])
    mirror = {
        "home_terraform_d": h / ".terraform.d" / "plugins",
        "xdg_data_home": tmp_path / "xdg" / "terraform" / "plugins",
        "default_xdg": h / ".local" / "share" / "terraform" / "plugins",
        "xdg_data_dirs": Path(home["XDG_DATA_DIRS"]) / "terraform" / "plugins",
    }[where]
    if where == "xdg_data_home":
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    _fill(mirror)
    got = ensure_provider_mirror(env, tmp_path / "cache")
    assert (got.source, got.path, got.hosts) == (MirrorSource.IMPLIED, mirror, (TF_HOST,))
    assert fake_go.calls() == []  # nothing built
    assert not (mirror / "registry.opentofu.org").exists()  # the user's directory is not written to


def test_found_mirror_is_remembered_for_later_shells(home: dict[str, str], tmp_path: Path, fake_go: FakeGo) -> None:
    """Found once through the variable, then found with no variable and another HOME."""
    mirror = tmp_path / "artifacts"
    _fill(mirror)
    cache = tmp_path / "cache"
    first = ensure_provider_mirror({**fake_go.env, **home, MIRROR_ENV: str(mirror)}, cache)
    assert first.source is MirrorSource.ENV
    assert read_remembered(cache) == mirror

    elsewhere = {**fake_go.env, "HOME": str(tmp_path / "nobody"), "XDG_DATA_DIRS": home["XDG_DATA_DIRS"]}
    later = ensure_provider_mirror(elsewhere, cache)
    assert (later.source, later.path) == (MirrorSource.REMEMBERED, mirror)
    assert find_provider_mirror(elsewhere, cache) is not None
    assert fake_go.calls() == []


def test_remembered_mirror_gone_is_reported(home: dict[str, str], tmp_path: Path, fake_go: FakeGo) -> None:
    mirror = tmp_path / "artifacts"
    binary = _fill(mirror)
    cache = tmp_path / "cache"
    ensure_provider_mirror({**fake_go.env, **home, MIRROR_ENV: str(mirror)}, cache)
    binary.unlink()
    fake_go.set_mode("refuse")
    with pytest.raises(ProviderUnavailable) as caught:
        ensure_provider_mirror({**fake_go.env, **home}, cache)
    message = str(caught.value)
    assert f"mirror remembered from an earlier set-up, {mirror}: no longer holds it" in message
    assert f"{home['HOME']}/.terraform.d/plugins" in message  # the implied directories tried are named


def test_check_only_remembers_nothing(home: dict[str, str], tmp_path: Path, fake_go: FakeGo) -> None:
    _fill(Path(home["HOME"]) / ".terraform.d" / "plugins")
    got = ensure_provider_mirror({**fake_go.env, **home}, tmp_path / "cache", build=False)
    assert got.source is MirrorSource.IMPLIED
    assert not (tmp_path / "cache").exists()


def test_setup_ready_from_home_terraform_d(
    home: dict[str, str], tmp_path: Path, fake_go: FakeGo, bin_dir: Path
) -> None:
    make_executable(bin_dir / "terraform")
    _fill(Path(home["HOME"]) / ".terraform.d" / "plugins")
    report = prepare(env={**fake_go.env, **home}, cache=tmp_path / "cache")
    assert report.exit_code == EXIT_OK
    assert report.item("provider").path == str(Path(home["HOME"]) / ".terraform.d" / "plugins")
    config = (tmp_path / "cache" / "terraform.tfrc").read_text()
    assert str(Path(home["HOME"]) / ".terraform.d" / "plugins") in config
