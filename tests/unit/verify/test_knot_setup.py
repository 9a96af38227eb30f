"""Set-up's Knot DNS item: found, installed when root, else a warning that says why (never a failure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonestack.emulator import knot
from zonestack.toolchain import prepare as prep


def _item(check_only: bool = False) -> prep.Item:
    report = prep.SetupReport(cache="/tmp/x", check_only=check_only)
    prep._knot_item(report, None)  # noqa: SLF001
    (item,) = report.items
    return item


def test_missing_and_not_root_is_a_warning_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knot, "find_knot", lambda env=None: None)
    monkeypatch.setattr(knot, "can_install", lambda: False)
    monkeypatch.setattr(prep, "can_install_knot", lambda: False)
    item = _item()
    assert item.status is prep.Status.WARNING
    assert "not found" in item.detail and "(not root: skipped the install)" in item.detail
    assert item.detail.endswith("DNS tests skip")


def test_missing_as_root_installs_debian_knot(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[str] = []
    binaries = knot.KnotBinaries(Path("/usr/sbin/knotd"), Path("/usr/sbin/knotc"))
    monkeypatch.setattr(knot, "find_knot", lambda env=None: binaries if installed else None)
    monkeypatch.setattr(knot, "can_install", lambda: True)
    monkeypatch.setattr(knot, "install_knot", lambda progress=None: installed.append("knot"))
    item = _item()
    assert installed == ["knot"]
    assert item.status is prep.Status.OK and item.path == "/usr/sbin/knotd"


def test_check_only_installs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knot, "find_knot", lambda env=None: None)
    monkeypatch.setattr(knot, "can_install", lambda: True)
    monkeypatch.setattr(knot, "install_knot", lambda progress=None: pytest.fail("installed under --check"))
    assert _item(check_only=True).status is prep.Status.WARNING
