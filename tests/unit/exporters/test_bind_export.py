"""BIND fixture → import bind → YAML → export → the same zone, compared by dnspython."""

from __future__ import annotations

from pathlib import Path

import dns.name
import dns.rdatatype
import dns.zone
from click.testing import CliRunner

from zonestack.cli.export_cmd import command as export_command
from zonestack.cli.import_cmd import command as import_command
from zonestack.exporters.bind import render_bind
from zonestack.loader import load_zone

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "records" / "example.com.yaml"
ZONE = "shop-example.com"


def _without_gandi_managed(zone: dns.zone.Zone) -> dns.zone.Zone:
    apex = dns.name.empty
    zone.delete_rdataset(apex, dns.rdatatype.SOA)
    zone.delete_rdataset(apex, dns.rdatatype.NS)
    return zone


def test_cloudflare_fixture_survives_import_and_export(tmp_path: Path) -> None:
    source = FIXTURES / "cloudflare-export.zone"
    records = tmp_path / "records"
    imported = CliRunner().invoke(import_command, ["bind", str(source), "--zone", ZONE, "--out", str(records)])
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "exported.zone"
    exported = CliRunner().invoke(export_command, ["--zone", ZONE, "--records-dir", str(records), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    text = out.read_text()
    assert "$ORIGIN shop-example.com.\n$TTL 3600\n" in text
    # Cloudflare writes the SOA owner without the final dot; plain dnspython needs it.
    fixed = source.read_text().replace(f"\n{ZONE}\t", f"\n{ZONE}.\t")
    original = _without_gandi_managed(dns.zone.from_text(fixed, ZONE + ".", relativize=True, check_origin=False))
    again = dns.zone.from_text(text, None, relativize=True, check_origin=False)
    assert again == original
    assert len(again.nodes) == 12


def test_alias_is_kept_as_a_comment_and_reported() -> None:
    export = render_bind(load_zone(EXAMPLE))
    assert export.skipped == ["@ ALIAS"]
    assert "; @ 3600 IN ALIAS example-com.cdn.example.net.\n" in export.text
    parsed = dns.zone.from_text(export.text, None, relativize=True, check_origin=False)
    assert parsed.get_rdataset("www", "CNAME").to_text() == "3600 IN CNAME @"


def test_stdout_and_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(export_command, ["--zone", "example.com", "--records-dir", str(EXAMPLE.parent)])
    assert result.exit_code == 0
    assert result.stdout.startswith("; Zone example.com exported from ")
    missing = CliRunner().invoke(export_command, ["--zone", "nope.example", "--records-dir", str(tmp_path)])
    assert (missing.exit_code, missing.output) == (1, f"error: {tmp_path / 'nope.example.yaml'}: no such record file\n")
