"""Set-up's dig item: found, installed from Debian's bind9-dnsutils when root (like Knot DNS), else a warning."""

from __future__ import annotations

import pytest

from zonestack.toolchain import prepare as prep


def _item(check_only: bool = False) -> prep.Item:
    report = prep.SetupReport(cache="/tmp/x", check_only=check_only)
    prep._dig_item(report, None)  # noqa: SLF001
    (item,) = report.items
    return item


def test_missing_as_root_installs_bind9_dnsutils(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[str] = []
    monkeypatch.setattr(prep, "find_dig", lambda: "/usr/bin/dig" if installed else None)
    monkeypatch.setattr(prep, "can_apt_install", lambda: True)
    monkeypatch.setattr(prep, "apt_install", lambda package, progress=None: installed.append(package))
    item = _item()
    assert installed == ["bind9-dnsutils"]
    assert item.status is prep.Status.OK and item.path == "/usr/bin/dig"


def test_a_failed_install_is_a_warning_with_apt_gets_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(package: str, progress: object = None) -> None:
        raise prep.AptFailed(f"`apt-get install -y --no-install-recommends {package}` failed (100): E: no such")

    monkeypatch.setattr(prep, "find_dig", lambda: None)
    monkeypatch.setattr(prep, "can_apt_install", lambda: True)
    monkeypatch.setattr(prep, "apt_install", fail)
    item = _item()
    assert item.status is prep.Status.WARNING and "failed (100): E: no such" in item.detail
    assert item.detail.endswith("the README's dig test skips") and "\n" not in item.detail


def test_missing_and_not_root_is_a_warning_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prep, "find_dig", lambda: None)
    monkeypatch.setattr(prep, "can_apt_install", lambda: False)
    monkeypatch.setattr(prep, "apt_install", lambda package, progress=None: pytest.fail("installed as non-root"))
    item = _item()
    assert item.status is prep.Status.WARNING and "(not root: skipped the install)" in item.detail


def test_check_only_installs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prep, "find_dig", lambda: None)
    monkeypatch.setattr(prep, "can_apt_install", lambda: True)
    monkeypatch.setattr(prep, "apt_install", lambda package, progress=None: pytest.fail("installed under --check"))
    assert _item(check_only=True).status is prep.Status.WARNING


def test_knot_is_installed_through_the_same_apt_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """One apt-get code path for every Debian package set-up installs."""
    from zonestack.emulator import knot

    installed: list[str] = []
    monkeypatch.setattr(knot, "can_apt_install", lambda: True)
    monkeypatch.setattr(knot, "apt_install", lambda package, progress=None: installed.append(package))
    knot.install_knot()
    assert installed == ["knot"]
