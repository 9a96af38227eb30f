"""``zonestack import gandi`` against the emulator: exact round-trip, plan, failures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from livedns_emulator import Emulator
from tests.unit.importers.conftest import zone_at_gandi
from zonestack.cli.import_cmd import command
from zonestack.imports_plan import load_import_plan
from zonestack.loader import check_zone

PAT = "pat_" + "g" * 32
ZONE = "adopt.example"


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[Emulator]:
    with zone_at_gandi(tmp_path / "emu", PAT, ZONE) as emulator:
        yield emulator


def _fill(emu: Emulator) -> None:
    emu.put_rrset(ZONE, "@", "A", ["192.0.2.10"], ttl=3600)
    emu.put_rrset(ZONE, "@", "MX", ["10 spool.mail.gandi.net.", "50 fb.mail.gandi.net."], ttl=3600)
    emu.put_rrset(ZONE, "@", "TXT", ["v=spf1 include:_mailcust.gandi.net ?all"], ttl=3600)
    emu.put_rrset(ZONE, "www", "CNAME", ["webredir.vip.gandi.net."], ttl=10800)
    emu.put_rrset(ZONE, "_imaps._tcp", "SRV", ["0 1 993 mail.gandi.net."], ttl=10800)
    emu.put_rrset(ZONE, "_acme-challenge", "TXT", ["token-from-a-bot"], ttl=300)
    emu.put_rrset(ZONE, "long", "TXT", ['"' + "x" * 255 + '" "' + "y" * 45 + '"'], ttl=300)


def _run(emu: Emulator, tmp_path: Path, *args: str) -> Result:
    env = {"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT}
    result = CliRunner().invoke(command, ["gandi", "--zone", ZONE, "--out", str(tmp_path / "records"),
                                          "--imports-dir", str(tmp_path / "imports"), *args], env=env)
    assert PAT not in result.output
    return result


def test_import_round_trips_and_writes_plan(emu: Emulator, tmp_path: Path) -> None:
    _fill(emu)
    emu.update_settings(max_page_size=2)  # several pages: one logical listing
    result = _run(emu, tmp_path)
    assert result.exit_code == 0, result.output
    records_file = tmp_path / "records" / f"{ZONE}.yaml"
    zone, findings = check_zone(records_file)
    assert findings == [] and zone is not None
    live = {(r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], tuple(r["rrset_values"])) for r in emu.rrsets(ZONE)}
    del live[("_acme-challenge", "TXT")]
    assert {r.key: (r.ttl, r.values) for r in zone.records} == live
    assert zone.ignore == ("_acme-challenge*",)
    plan = load_import_plan(ZONE, tmp_path / "imports")
    assert plan.domain is True
    assert plan.records == {
        "A_APEX": f"{ZONE}/@/A", "MX_APEX": f"{ZONE}/@/MX", "TXT_APEX": f"{ZONE}/@/TXT",
        "CNAME_www": f"{ZONE}/www/CNAME", "SRV__imaps-_tcp": f"{ZONE}/_imaps._tcp/SRV", "TXT_long": f"{ZONE}/long/TXT",
    }
    assert "ignored: _acme-challenge TXT (matches ignore: _acme-challenge*)" in result.output
    assert result.output.splitlines()[-1] == (f"wrote {records_file} (6 record set(s)) and "
                                              f"{tmp_path / 'imports' / (ZONE + '.json')} (6 record import(s) + the zone)")
    gets = [r for r in emu.requests if r.method == "GET" and "/records" in r.path]
    assert len(gets) == 4


def test_multi_label_relative_target_is_read_as_gandi_reads_it(emu: Emulator, tmp_path: Path) -> None:
    _fill(emu)
    emu.put_rrset(ZONE, "docs", "CNAME", ["docs.example.net"])  # typed without the final dot in another tool
    result = _run(emu, tmp_path)
    assert result.exit_code == 0, result.output
    assert ("note: docs CNAME: stored as ['docs.example.net']: target 'docs.example.net' stored without a final dot "
            "(Gandi reads it relative to the zone: docs.example.net.adopt.example.). The file declares the same data "
            "as ['docs.example.net.adopt.example.'], so the first deploy updates it in place") in result.output


def test_missing_zone(emu: Emulator, tmp_path: Path) -> None:
    env = {"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT}
    result = CliRunner().invoke(command, ["gandi", "--zone", "absent.example", "--out", str(tmp_path)], env=env)
    assert (result.exit_code, result.output) == (1, "error: zone absent.example does not exist at Gandi\n")


def test_rate_limit_mid_listing_writes_nothing(emu: Emulator, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("zonestack.gandi.pacing.MAX_WAIT", 0.1)  # the client gives up instead of waiting
    _fill(emu)
    emu.update_settings(max_page_size=2, rate_limit_per_minute=3)
    result = _run(emu, tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: Gandi's rate limit was hit while listing {ZONE} (retry after ")
    assert result.output.endswith("s); nothing written\n")
    assert not (tmp_path / "records").exists() and not (tmp_path / "imports").exists()


def test_refuses_to_overwrite(emu: Emulator, tmp_path: Path) -> None:
    (tmp_path / "imports").mkdir()
    plan = tmp_path / "imports" / f"{ZONE}.json"
    plan.write_text("{}")
    result = _run(emu, tmp_path)
    assert (result.exit_code, result.output) == (1, f"error: {plan} already exists; use --force to overwrite it\n")
    assert emu.requests == []
    result = _run(emu, tmp_path, "--force")
    assert result.exit_code == 0, result.output
    assert json.loads(plan.read_text()) == {"domain": True, "records": {}}


def test_bad_token_exit_code(emu: Emulator, tmp_path: Path) -> None:
    env = {"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": "pat_" + "z" * 32}
    result = CliRunner().invoke(command, ["gandi", "--zone", ZONE, "--out", str(tmp_path)], env=env)
    assert result.exit_code == 2
    assert "401 Unauthorized" in result.output and "z" * 32 not in result.output
