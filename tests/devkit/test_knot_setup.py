"""The dev set-up's Knot DNS item: found, installed when root, else a warning that says why (never a failure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devkit import tools
from livedns_emulator import knot
from zonestack.toolchain.prepare import Status


def test_missing_and_not_root_is_a_warning_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tools, "find_knot", lambda env=None: None)
    monkeypatch.setattr(tools, "can_apt_install", lambda: False)
    item = tools.knot_item(False, None)
    assert item.status is Status.WARNING
    assert "not found" in item.detail and "(not root: skipped the install)" in item.detail
    assert item.detail.endswith("DNS tests skip")


def test_missing_as_root_installs_debian_knot(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[str] = []
    binaries = knot.KnotBinaries(Path("/usr/sbin/knotd"), Path("/usr/sbin/knotc"))
    monkeypatch.setattr(tools, "find_knot", lambda env=None: binaries if installed else None)
    monkeypatch.setattr(tools, "can_apt_install", lambda: True)
    monkeypatch.setattr(tools, "apt_install", lambda package, progress=None: installed.append(package))
    item = tools.knot_item(False, None)
    assert installed == ["knot"]
    assert item.status is Status.OK and item.path == "/usr/sbin/knotd"


def test_check_only_installs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tools, "find_knot", lambda env=None: None)
    monkeypatch.setattr(tools, "can_apt_install", lambda: True)
    monkeypatch.setattr(tools, "apt_install", lambda package, progress=None: pytest.fail("installed under --check"))
    assert tools.knot_item(True, None).status is Status.WARNING


def test_the_emulator_never_installs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The emulator's own lookup only finds Knot; its message names the dev set-up that installs it."""
    monkeypatch.setattr(knot, "find_knot", lambda env=None: None)
    with pytest.raises(knot.KnotUnavailable, match="python -m devkit.tools"):
        knot.ensure_knot()
