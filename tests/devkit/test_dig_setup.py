"""The dev set-up's dig item: found, installed from Debian's bind9-dnsutils when root (like Knot DNS), else a warning."""

from __future__ import annotations

import pytest

from devkit import tools as prep
from zonestack.toolchain.prepare import Item, Status


def _item(check_only: bool = False) -> Item:
    return prep.dig_item(check_only, None)


def test_missing_as_root_installs_bind9_dnsutils(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[str] = []
    monkeypatch.setattr(prep, "find_dig", lambda: "/usr/bin/dig" if installed else None)
    monkeypatch.setattr(prep, "can_apt_install", lambda: True)
    monkeypatch.setattr(prep, "apt_install", lambda package, progress=None: installed.append(package))
    item = _item()
    assert installed == ["bind9-dnsutils"]
    assert item.status is Status.OK and item.path == "/usr/bin/dig"


def test_a_failed_install_is_a_warning_with_apt_gets_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(package: str, progress: object = None) -> None:
        raise prep.AptFailed(f"`apt-get install -y --no-install-recommends {package}` failed (100): E: no such")

    monkeypatch.setattr(prep, "find_dig", lambda: None)
    monkeypatch.setattr(prep, "can_apt_install", lambda: True)
    monkeypatch.setattr(prep, "apt_install", fail)
    item = _item()
    assert item.status is Status.WARNING and "failed (100): E: no such" in item.detail
    assert item.detail.endswith("the README's dig test skips") and "\n" not in item.detail


def test_missing_and_not_root_is_a_warning_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prep, "find_dig", lambda: None)
    monkeypatch.setattr(prep, "can_apt_install", lambda: False)
    monkeypatch.setattr(prep, "apt_install", lambda package, progress=None: pytest.fail("installed as non-root"))
    item = _item()
    assert item.status is Status.WARNING and "(not root: skipped the install)" in item.detail


def test_check_only_installs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prep, "find_dig", lambda: None)
    monkeypatch.setattr(prep, "can_apt_install", lambda: True)
    monkeypatch.setattr(prep, "apt_install", lambda package, progress=None: pytest.fail("installed under --check"))
    assert _item(check_only=True).status is Status.WARNING


def test_knot_is_installed_through_the_same_apt_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """One apt-get code path for every Debian package set-up installs."""
    installed: list[str] = []
    monkeypatch.setattr(prep, "apt_install", lambda package, progress=None: installed.append(package))
    prep.install_knot()
    assert installed == ["knot"]
