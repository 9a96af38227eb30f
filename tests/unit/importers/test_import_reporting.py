"""Issue 19 item 7: what an import tells the user, and where it writes.

The inventory lists every record set with its file line (the migration runbook
promises kept / renamed / dropped); notes name the set they are about;
Cloudflare's record comments survive as YAML comments; errors end in the rule
tag ``validate`` prints; ``import gandi --out`` leaves the project alone; an IDN
zone's record file is found under either spelling of its name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from livedns_emulator import Emulator
from tests.unit.importers.conftest import zone_at_gandi
from zonestack.cli.import_cmd import command
from zonestack.loader import check_zone

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FULL = FIXTURES / "cloudflare-full.zone"
PAT = "pat_" + "r" * 32


def _bind(source: Path, zone: str, out: Path, *args: str) -> Result:
    return CliRunner().invoke(command, ["bind", str(source), "--zone", zone, "--out", str(out), *args])


def test_inventory_lists_every_set_and_whether_it_reached_the_file(tmp_path: Path) -> None:
    result = _bind(FULL, "shop-example.com", tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"inventory: 31 record set(s) in {FULL}: keep 31, rename 0, drop 0"
    inventory = lines[1:32]
    assert all(line.startswith("  keep ") for line in inventory)
    assert inventory[0] == f"  keep @ SOA ({FULL}:27); not written: see the notes"
    assert f"  keep status A ({FULL}:41)" in inventory
    assert f"  keep _acme-challenge.vpn TXT ({FULL}:76); not written: matches ignore (_acme-challenge*)" in inventory


def test_the_ttl_clamp_note_names_each_set_and_its_line(tmp_path: Path) -> None:
    source = tmp_path / "old.zone"
    source.write_text("$ORIGIN shop-example.com.\n$TTL 3600\nwww 60 IN A 192.0.2.1\n"
                      "archive 4000000 IN A 192.0.2.2\nmail IN A 192.0.2.3\n")
    result = _bind(source, "shop-example.com", tmp_path / "records")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "outside Gandi's" in line]
    assert notes == [f"note: {source}:3: www A: TTL 60 is outside Gandi's 300..2592000: set to 300",
                     f"note: {source}:4: archive A: TTL 4000000 is outside Gandi's 300..2592000: set to 2592000"]


def test_cloudflare_record_comments_are_kept_beside_their_values(tmp_path: Path) -> None:
    # Cloudflare's export: "; <comment> cf_tags=<tags>" after the record (its import/export documentation).
    source = tmp_path / "shop-example.com.txt"
    source.write_text(
        ";; A Records\n"
        "api.shop-example.com.\t1\tIN\tA\t198.51.100.31 ; primary, Frankfurt cf_tags=cf-proxied:false\n"
        "api.shop-example.com.\t1\tIN\tA\t198.51.100.32 ; cf_tags=cf-proxied:false\n"
        "status.shop-example.com.\t300\tIN\tA\t203.0.113.7 ; uptime page cf_tags=cf-proxied:true\n"
        ";; TXT Records\n"
        'shop-example.com.\t3600\tIN\tTXT\t"v=spf1 include:_spf.google.com ~all" ; Google Workspace # since 2021\n')
    result = _bind(source, "shop-example.com", tmp_path / "records")
    assert result.exit_code == 0, result.output
    path = tmp_path / "records" / "shop-example.com.yaml"
    text = path.read_text()
    assert "      - 198.51.100.31  # primary, Frankfurt\n      - 198.51.100.32\n" in text
    assert "      - 203.0.113.7  # uptime page\n" in text
    assert '      - "v=spf1 include:_spf.google.com ~all"  # Google Workspace # since 2021\n' in text
    assert "cf_tags" not in text and "cf-proxied" not in text
    zone, findings = check_zone(path)
    assert findings == [] and zone is not None  # the comments change nothing the loader reads
    assert {r.key: r.values for r in zone.records}[("api", "A")] == ("198.51.100.31", "198.51.100.32")
    assert yaml.safe_load(text)["records"][0]["values"] == ["v=spf1 include:_spf.google.com ~all"]


def test_the_full_cloudflare_fixture_keeps_its_comments(tmp_path: Path) -> None:
    assert _bind(FULL, "shop-example.com", tmp_path).exit_code == 0
    text = (tmp_path / "shop-example.com.yaml").read_text()
    assert "      - 203.0.113.53  # glue for the lab delegation\n" in text
    assert "      - 203.0.113.7  # uptime page\n" in text


@pytest.mark.parametrize(("line", "tail"), [
    ("y IN A 999.1.1.1", "[values]"),
    ("x IN FROBNICATE 1 2 3", "[types]"),
    ("h IN HINFO \"PC\" \"Linux\"", "[types]"),
    ("x IN CNAME d111111abcdef8.cloudfront.net.\nx IN TXT \"hello\"", "[cname]"),
    ("_sip.tcp IN SRV 0 5 5060 sip.example.net.", "[srv-owner]"),
])
def test_import_errors_end_in_the_rule_tag_validate_prints(tmp_path: Path, line: str, tail: str) -> None:
    source = tmp_path / "broken.zone"
    source.write_text(f"$ORIGIN shop-example.com.\n$TTL 3600\n{line}\n")
    result = _bind(source, "shop-example.com", tmp_path / "records")
    assert result.exit_code == 1
    errors = [out for out in result.output.splitlines() if out.startswith("error: ") and "nothing written" not in out]
    assert errors and errors[0].startswith(f"error: {source}:3: ") and errors[0].endswith(tail), result.output
    assert not (tmp_path / "records").exists()


# ------------------------------------------------------------------ import gandi --out

@pytest.fixture
def emu(tmp_path: Path) -> Iterator[Emulator]:
    with zone_at_gandi(tmp_path / "emu", PAT, "adopt.example") as emulator:
        emulator.put_rrset("adopt.example", "www", "A", ["192.0.2.10"], ttl=3600)
        yield emulator


def test_import_gandi_with_out_writes_both_files_there_and_nothing_into_the_project(
        emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    out = tmp_path / "trial"
    env = {"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT}
    result = CliRunner().invoke(command, ["gandi", "--zone", "adopt.example", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["adopt.example.json", "adopt.example.yaml"]
    assert list(project.iterdir()) == []
    assert result.output.splitlines()[-1].startswith(f"wrote {out / 'adopt.example.yaml'} (1 record set(s)) and "
                                                     f"{out / 'adopt.example.json'} ")
    result = CliRunner().invoke(command, ["gandi", "--zone", "adopt.example"], env=env)  # no --out: the project
    assert result.exit_code == 0, result.output
    assert (project / "records" / "adopt.example.yaml").is_file()
    assert (project / "imports" / "adopt.example.json").is_file()


# ------------------------------------------------------------------ IDN zones: either spelling

UNICODE, PUNYCODE = "bücher.example", "xn--bcher-kva.example"


@pytest.mark.parametrize("file_spelling", [UNICODE, PUNYCODE])
@pytest.mark.parametrize("typed", [UNICODE, PUNYCODE, "Bücher.Example."])
def test_an_idn_record_file_is_found_by_either_spelling(tmp_path: Path, file_spelling: str, typed: str) -> None:
    from zonestack.catalog import record_file
    from zonestack.cli.zone_select import load_declared_zone
    from zonestack.zoneset import select

    records = tmp_path / "records"
    records.mkdir()
    path = records / f"{file_spelling}.yaml"
    path.write_text(f"zone: {file_spelling}\nrecords:\n  - {{name: www, type: A, values: [192.0.2.1]}}\n")
    assert record_file(records, typed) == path
    assert load_declared_zone(typed, records).name == PUNYCODE
    selection = select(typed, records, tmp_path / "state")
    assert selection.ok and [z.name for z in selection.zones] == [PUNYCODE]


def test_import_into_an_idn_zone_refuses_to_overwrite_its_unicode_named_file(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    existing = records / f"{UNICODE}.yaml"
    existing.write_text(f"zone: {UNICODE}\nrecords: []\n")
    source = tmp_path / "old.zone"
    source.write_text(f"$ORIGIN {PUNYCODE}.\n$TTL 3600\nwww IN A 192.0.2.1\n")
    result = _bind(source, PUNYCODE, records)
    assert (result.exit_code, result.output) == (1, f"error: {existing} already exists; use --force to overwrite it\n")
    assert _bind(source, PUNYCODE, records, "--force").exit_code == 0
    assert sorted(p.name for p in records.iterdir()) == [f"{UNICODE}.yaml"]  # one file for the zone, not two
    zone, findings = check_zone(existing)
    assert findings == [] and zone is not None and zone.name == PUNYCODE


def test_token_check_asks_gandi_for_the_punycode_name(tmp_path: Path) -> None:
    from zonestack.cli.token_cmd import command as token

    with zone_at_gandi(tmp_path / "emu", PAT, PUNYCODE) as emulator:
        env = {"GANDI_URL": emulator.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT}
        result = CliRunner().invoke(token, ["check", "--records", str(tmp_path / "none"), "--zone", UNICODE], env=env)
        assert result.exit_code == 0, result.output
        assert f"/v5/livedns/domains/{PUNYCODE}" in {r.path for r in emulator.requests}
        records = tmp_path / "records"
        records.mkdir()
        (records / f"{UNICODE}.yaml").write_text(f"zone: {UNICODE}\nrecords: []\n")
        result = CliRunner().invoke(token, ["check", "--records", str(records)], env=env)
        assert result.exit_code == 0 and "writable for 1 zone(s)" in result.output, result.output
