"""``zonestack import bind`` on a Cloudflare-style export: output, rules, failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zonestack.cli.import_cmd import command
from zonestack.importers.bindfile import read_zone_file
from zonestack.importers.source import ImportProblem
from zonestack.loader import check_zone

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLOUDFLARE = FIXTURES / "cloudflare-export.zone"
RULES = FIXTURES / "cloudflare-rules.yaml"
ZONE = "shop-example.com"


def _import(out: Path, *args: str, zone_file: Path = CLOUDFLARE) -> Result:
    return CliRunner().invoke(command, ["bind", str(zone_file), "--zone", ZONE, "--out", str(out), *args])


def _keys(path: Path) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    zone, findings = check_zone(path)
    assert findings == [] and zone is not None
    return {r.key: (r.ttl, r.values) for r in zone.records}


def test_reader_handles_cloudflare_quirks() -> None:
    records = {r.key: r for r in read_zone_file(CLOUDFLARE, ZONE)}
    assert records[("@", "A")].ttl == 1 and records[("@", "A")].where.endswith("cloudflare-export.zone:39")
    assert records[("api", "A")].values == ("198.51.100.31", "198.51.100.32")
    assert records[("old-shop", "CNAME")].values == ("www.shop-example.com.",)  # relative → absolute
    assert records[("@", "AAAA")].values == ("2001:db8::20",)
    dkim = records[("google._domainkey", "TXT")].values[0]
    assert dkim.startswith('"v=DKIM1; k=rsa; p=MIIB') and dkim.endswith('wIDAQAB"') and '" "' in dkim
    assert ("@", "SOA") in records and records[("@", "NS")].ttl == 86400


def test_import_writes_a_valid_record_file(tmp_path: Path) -> None:
    result = _import(tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"inventory: 18 record set(s) in {CLOUDFLARE}: keep 18, rename 0, drop 0"
    assert f"note: {CLOUDFLARE}:30: dropped apex SOA: Gandi manages it" in lines
    assert f"note: {CLOUDFLARE}:33: dropped apex NS: Gandi manages it" in lines
    assert lines[-1] == f"wrote {tmp_path / 'shop-example.com.yaml'} (16 record set(s))"
    keys = _keys(tmp_path / "shop-example.com.yaml")
    assert len(keys) == 16
    assert keys[("@", "A")] == (300, ("198.51.100.20",))  # Cloudflare 'auto' TTL 1 → 300
    assert keys[("lab", "NS")] == (3600, ("ns1.lab-hosting.example.net.", "ns2.lab-hosting.example.net."))
    assert keys[("_dmarc", "TXT")] == (3600, ('"v=DMARC1; p=quarantine; rua=mailto:dmarc@shop-example.com"',))
    text = (tmp_path / "shop-example.com.yaml").read_text()
    assert text.startswith("# Imported from cloudflare-export.zone by `zonestack import bind`.\n")
    assert "ttl: 3600\n" in text and "cf_tags" not in text


def test_rules_drop_and_rename(tmp_path: Path) -> None:
    result = _import(tmp_path, "--rules", str(RULES))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"inventory: 18 record set(s) in {CLOUDFLARE}: keep 15, rename 2, drop 1"
    assert lines[1] == f"  drop _domainconnect CNAME ({CLOUDFLARE}:53)"
    keys = _keys(tmp_path / "shop-example.com.yaml")
    assert ("_domainconnect", "CNAME") not in keys
    assert keys[("legacy-blog", "A")] == (3600, ("198.51.100.40",))
    assert keys[("legacy-shop", "CNAME")] == (3600, ("www.shop-example.com.",))
    assert not any(name.startswith("old-") for name, _ in keys)


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "shop-example.com.yaml"
    target.write_text("keep me\n")
    result = _import(tmp_path)
    assert result.exit_code == 1
    assert result.output == f"error: {target} already exists; use --force to overwrite it\n"
    assert target.read_text() == "keep me\n"
    assert _import(tmp_path, "--force").exit_code == 0
    assert target.read_text().startswith("# Imported from")


def _broken(tmp_path: Path, text: str) -> tuple[Result, Path]:
    source = tmp_path / "broken.zone"
    source.write_text(text)
    out = tmp_path / "records"
    return _import(out, zone_file=source), source


HEAD = "$ORIGIN shop-example.com.\n$TTL 3600\nwww IN A 192.0.2.1\n"


@pytest.mark.parametrize(("tail", "line", "message"), [
    ("mail IN MX 10\n", 4, "incomplete or malformed record (expecting an identifier); is the file cut short?"),
    ('txt IN TXT ( "a"\n  "b"\n', 4, "unbalanced parentheses"),
    ("x IN FROBNICATE 1 2 3\n", 4, "unknown rdatatype 'FROBNICATE'"),
    ("y IN A 999.1.1.1\n", 4, "incomplete or malformed record (Text input is malformed)"),
])
def test_syntax_problems_name_the_line_and_write_nothing(tmp_path: Path, tail: str, line: int, message: str) -> None:
    result, source = _broken(tmp_path, HEAD + tail)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {source}:{line}: ")
    assert message in result.output
    assert len(result.output.splitlines()) == 1
    assert not (tmp_path / "records").exists()


def test_contract_violations_name_the_zone_file_line(tmp_path: Path) -> None:
    result, source = _broken(tmp_path, HEAD + "@ IN CNAME target.example.net.\nh IN HINFO \"PC\" \"Linux\"\n")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors[0].startswith(f"error: {source}:4: @ CNAME: ")
    assert "apex" in errors[0]
    assert errors[1] == f"error: {source}:5: h HINFO: type 'HINFO' is not a type Gandi LiveDNS accepts"
    assert errors[-1] == "error: 2 problem(s); nothing written"
    assert not (tmp_path / "records").exists()


def test_reader_raises_import_problem_for_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem) as info:
        read_zone_file(tmp_path / "nope.zone", ZONE)
    assert str(info.value) == f"{tmp_path / 'nope.zone'}:1: cannot read zone file: No such file or directory"
