"""The demo's early exits and its table (the full run is in tests/e2e/test_demo.py)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from zonestack import demo
from zonestack.gandi import LiveRRset
from zonestack.toolchain.prepare import Item, SetupReport, Status


def consoles() -> tuple[Console, io.StringIO, Console, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Console(file=out, width=200), out, Console(file=err, width=400), err


def test_provider_unavailable_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    report = SetupReport(cache="/c", check_only=False, items=[Item("provider", Status.MISSING, "not there")])
    monkeypatch.setattr(demo, "prepare", lambda **_: report)
    started: list[object] = []
    monkeypatch.setattr(demo.Emulator, "start", lambda *a, **k: started.append(a))
    console, out, err_console, err = consoles()
    assert demo.run(console, err_console) == 3
    assert err.getvalue().splitlines() == [demo.PROVIDER_UNAVAILABLE]
    assert "ZONESTACK_PROVIDER_MIRROR" in demo.PROVIDER_UNAVAILABLE and "Terraform registry" in demo.PROVIDER_UNAVAILABLE
    assert out.getvalue() == "" and started == []


def test_table_marks_unmanaged_sets() -> None:
    table = demo.zone_table(
        [LiveRRset("@", "MX", 3600, ("10 a.example.",)), LiveRRset("webmail", "CNAME", 10800, ("webmail.gandi.net.",))],
        {("@", "MX")},
    )
    console, out, _, _ = consoles()
    console.print(table)
    rows = [line for line in out.getvalue().splitlines() if "MX" in line or "webmail" in line]
    assert "yes" in rows[0] and "10 a.example." in rows[0]
    assert "no (left alone)" in rows[1] and "10800" in rows[1]
