"""The demo's early exits and its table (the full run is in tests/e2e/test_demo.py)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from devkit import demo
from zonestack.gandi import LiveRRset
from zonestack.toolchain.binary import BinarySource, ResolvedBinary
from zonestack.toolchain.prepare import Item, SetupReport, Status

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "example.com.yaml"


def consoles() -> tuple[Console, io.StringIO, Console, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Console(file=out, width=200), out, Console(file=err, width=400), err


def _no_provider(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, code: int = 3) -> list[str]:
    """The demo with set-up reporting no provider; synth replaced (no Node needed), cache in tmp_path."""
    report = SetupReport(cache=str(tmp_path), check_only=False, items=[Item("provider", Status.MISSING, "not there")])
    report.binary = None if code == 4 else ResolvedBinary(Path("/usr/bin/terraform"), BinarySource.TERRAFORM)
    if code == 4:
        report.mirror = object()  # type: ignore[assignment]
    monkeypatch.setattr(demo, "prepare", lambda **_: report)
    synthesised: list[str] = []
    monkeypatch.setattr(demo, "synthesise", lambda root, zones, env: synthesised.append(
        f"{root}: {', '.join(z.name for z in zones)}"))
    monkeypatch.setenv("ZONESTACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(demo, "find_root", lambda: ROOT_COPY(tmp_path))

    def verify(emu: object, zone: object, echo: object) -> int:  # the real one asks Knot: tests/e2e
        live = {(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets("example.com")}  # type: ignore[attr-defined]
        declared = {r.key for r in zone.records}  # type: ignore[attr-defined]
        echo(f"verify (fake): {len(declared & live)}/{len(declared)} declared sets live")  # type: ignore[operator]
        return 0

    monkeypatch.setattr(demo, "verify_on_emulator", verify)
    return synthesised


def ROOT_COPY(tmp_path: Path) -> Path:  # noqa: N802 - a tiny project: the example zone only
    root = tmp_path / "project"
    if not root.exists():
        (root / "records").mkdir(parents=True)
        shutil.copy(FIXTURE, root / "records" / "example.com.yaml")
    return root


def test_without_provider_shows_the_change_set_then_one_skip_line_exit_0(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    synthesised = _no_provider(monkeypatch, tmp_path)
    console, out, err_console, err = consoles()
    assert demo.run(console, err_console) == 0, err.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0] == "validate: example.com: 16 record set(s) valid"
    assert synthesised == [f"{tmp_path / 'project'}: example.com"]  # in process, the zone validated once
    assert "  + zone example.com: created (Gandi seeds its default record sets)" in lines
    assert ("  - www CNAME: Gandi default in the way of a declared set, removed right after the zone is created"
            in lines)
    assert "  = webmail CNAME: Gandi default, not declared: left alone" in lines
    assert "  + mail A: ttl 3600, 203.0.113.25" in lines
    assert "change set: example.com: create the zone, 16 to add, 0 to change, 6 to remove, 4 left alone" in lines
    assert "wrote the change set to the scratch emulator with zonestack's API client (not Terraform)" in lines
    assert lines[-2:] == ["verify (fake): 16/16 declared sets live", demo.SKIPPED_NO_PROVIDER]
    assert (tmp_path / "cache" / "demo-emulator-preview").is_dir()
    assert not (tmp_path / "cache" / "demo-emulator").exists()  # the real demo's emulator is never touched
    assert "ZONESTACK_PROVIDER_MIRROR" in lines[-1] and "~/.terraform.d/plugins" in lines[-1]
    assert err.getvalue() == ""
    assert "pat_demo_" not in out.getvalue()


def test_without_binary_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _no_provider(monkeypatch, tmp_path, code=4)
    console, out, err_console, _ = consoles()
    assert demo.run(console, err_console) == 0
    assert out.getvalue().splitlines()[-1] == demo.SKIPPED_NO_BINARY


def test_missing_example_zone_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _no_provider(monkeypatch, tmp_path)
    (ROOT_COPY(tmp_path) / "records" / "example.com.yaml").unlink()
    console, out, err_console, err = consoles()
    assert demo.run(console, err_console) == 1
    assert err.getvalue().splitlines() == [
        "demo: records/example.com.yaml is missing: the demo deploys the example zone; restore it with "
        "`git checkout -- records/example.com.yaml`"]


def test_zone_lines_mark_unmanaged_sets_and_never_cut_a_value() -> None:
    key = "v=DKIM1; k=rsa; p=" + "A" * 300
    lines = demo.zone_lines(
        [LiveRRset("@", "MX", 3600, ("10 a.example.",)), LiveRRset("webmail", "CNAME", 10800, ("webmail.gandi.net.",)),
         LiveRRset("gm1._domainkey", "TXT", 3600, (f'"{key}"',))],
        {("@", "MX"), ("gm1._domainkey", "TXT")},
    )
    assert lines == ["example.com as the API returns it (3 record sets):",
                     "  @ MX 3600 (managed): 10 a.example.",
                     "  webmail CNAME 10800 (not declared, left alone): webmail.gandi.net.",
                     f'  gm1._domainkey TXT 3600 (managed): "{key}"']
