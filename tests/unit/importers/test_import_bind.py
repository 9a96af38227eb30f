"""``zonestack import bind`` on a Cloudflare export: output, rules, failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zonestack.cli.import_cmd import command
from zonestack.importers.bindfile import read_zone_file
from zonestack.importers.source import PROXIED, ImportProblem
from zonestack.loader import check_zone

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLOUDFLARE = FIXTURES / "cloudflare-export.zone"
RULES = FIXTURES / "cloudflare-rules.yaml"
ZONE = "shop-example.com"


def _import(out: Path, *args: str, zone_file: Path = CLOUDFLARE, zone: str = ZONE) -> Result:
    return CliRunner().invoke(command, ["bind", str(zone_file), "--zone", zone, "--out", str(out), *args])


def _keys(path: Path) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    zone, findings = check_zone(path)
    assert findings == [] and zone is not None
    return {r.key: (r.ttl, r.values) for r in zone.records}


def test_reader_handles_cloudflare_quirks() -> None:
    records = {r.key: r for r in read_zone_file(CLOUDFLARE, ZONE)}
    assert records[("@", "SOA")].where.endswith("cloudflare-export.zone:27")  # bare owner, no $ORIGIN
    assert records[("@", "A")].ttl == 1 and records[("@", "A")].where.endswith("cloudflare-export.zone:36")
    assert records[("@", "A")].flags == {PROXIED} and records[("api", "A")].flags == frozenset()
    assert records[("api", "A")].values == ("198.51.100.31", "198.51.100.32")
    assert records[("old-shop", "CNAME")].values == ("www.shop-example.com.",)
    assert records[("@", "AAAA")].values == ("2001:db8::20",)
    dkim = records[("google._domainkey", "TXT")].values[0]
    assert dkim.startswith('"v=DKIM1; k=rsa; p=MIIB') and dkim.endswith('wIDAQAB"') and '" "' in dkim
    assert records[("@", "NS")].ttl == 86400


def test_import_writes_a_valid_record_file(tmp_path: Path) -> None:
    result = _import(tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"inventory: 18 record set(s) in {CLOUDFLARE}: keep 18, rename 0, drop 0"
    assert f"note: {CLOUDFLARE}:27: dropped apex SOA: Gandi manages it" in lines
    assert f"note: {CLOUDFLARE}:30: dropped apex NS: Gandi manages it" in lines
    assert "note: 5 record set(s) had TTL 1 (Cloudflare's 'auto'): they take the zone default, 3600 s" in lines
    proxied = [line for line in lines if "cf-proxied:true" in line]
    assert [line.split(": ")[1] for line in proxied] == [f"{CLOUDFLARE}:36", f"{CLOUDFLARE}:37", f"{CLOUDFLARE}:43"]
    assert "origin directly and its address becomes public" in proxied[0]
    assert lines[-1] == f"wrote {tmp_path / 'shop-example.com.yaml'} (16 record set(s))"
    keys = _keys(tmp_path / "shop-example.com.yaml")
    assert len(keys) == 16
    assert keys[("@", "A")] == (3600, ("198.51.100.20",))  # 'auto' → the zone default
    assert keys[("api", "A")] == (300, ("198.51.100.31", "198.51.100.32"))
    assert keys[("lab", "NS")] == (3600, ("ns1.lab-hosting.example.net.", "ns2.lab-hosting.example.net."))
    assert keys[("_dmarc", "TXT")] == (3600, ('"v=DMARC1; p=quarantine; rua=mailto:dmarc@shop-example.com"',))
    text = (tmp_path / "shop-example.com.yaml").read_text()
    assert text.startswith("# Imported from cloudflare-export.zone by `zonestack import bind`.\n")
    assert "ttl: 3600\nignore:\n  - \"_acme-challenge*\"\n" in text and "cf_tags" not in text
    assert "\n    ttl: 3600\n" not in text  # inherited TTLs are not repeated


def test_rules_drop_rename_and_retype(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES.read_text() + "  - match: {name: cdn, type: CNAME}\n    action: keep\n    to_type: DNAME\n")
    result = _import(tmp_path, "--rules", str(rules))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"inventory: 18 record set(s) in {CLOUDFLARE}: keep 15, rename 2, drop 1"
    inventory = lines[1:19]  # every record set of the file, in file order, with its line
    assert inventory[0] == f"  keep @ SOA ({CLOUDFLARE}:27); not written: see the notes"
    assert f"  keep www A ({CLOUDFLARE}:37)" in inventory
    assert f"  rename old-blog A -> legacy-blog A ({CLOUDFLARE}:40)" in inventory
    assert f"  drop _domainconnect CNAME ({CLOUDFLARE}:50)" in inventory
    assert f"  retype cdn CNAME -> cdn DNAME ({CLOUDFLARE}:51)" in inventory
    assert f"  rename old-shop CNAME -> legacy-shop CNAME ({CLOUDFLARE}:52)" in inventory
    assert [line.split()[0] for line in inventory].count("rename") == 2 and lines[19].startswith("note: ")
    keys = _keys(tmp_path / "shop-example.com.yaml")
    assert ("_domainconnect", "CNAME") not in keys
    assert keys[("cdn", "DNAME")] == (3600, ("shop-example.b-cdn.example.net.",)) and ("cdn", "CNAME") not in keys
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
    ("mail IN MX 10\n", 4, "malformed MX record"),
    ('txt IN TXT ( "a"\n  "b"\n', 4, "unbalanced parentheses"),
    ('txt IN TXT "a\n', 4, "newline in quoted string"),
    ("x IN FROBNICATE 1 2 3\n", 4, "unknown record type 'FROBNICATE'"),
    ("y IN A 999.1.1.1\n", 4, "malformed A record (Text input is malformed); expected an IPv4 address"),
    ("z CH A 192.0.2.1\n", 4, "class CH: only Internet (IN) records can be imported"),
    ("\n\n  IN A 192.0.2.2\n$FROB x\n", 7, "unknown directive $FROB"),
    ("@ IN SOA ns. host. 1 2 3 4 5\nsub IN SOA ns. host. 1 2 3 4 5\n", 5, "SOA at 'sub': an SOA belongs at the "
                                                                          "zone's apex only"),
    ("www.other-example.net. IN A 192.0.2.3\n", 4, "owner www.other-example.net. is not in zone shop-example.com."),
    ("$TTL forever\n", 4, "TTL 'forever' is not a TTL"),
])
def test_problems_name_the_line_and_write_nothing(tmp_path: Path, tail: str, line: int, message: str) -> None:
    result, source = _broken(tmp_path, HEAD + tail)
    assert result.exit_code == 1, result.output
    errors = [out for out in result.output.splitlines() if out.startswith("error: ")]
    assert errors[0].startswith(f"error: {source}:{line}: "), result.output
    assert message in errors[0]
    assert not (tmp_path / "records").exists()


def test_no_owner_before_a_continuation_line(tmp_path: Path) -> None:
    result, source = _broken(tmp_path, "$TTL 300\n  IN A 192.0.2.1\n")
    assert (result.exit_code, result.output) == (
        1, f"error: {source}:2: the line starts with white space (the previous owner) but no owner name came "
           "before it [zone-file]\n")


def test_contract_violations_name_the_zone_file_line(tmp_path: Path) -> None:
    result, source = _broken(tmp_path, HEAD + "h IN HINFO \"PC\" \"Linux\"\nx IN CNAME a.example.\nx IN A 192.0.2.7\n")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors[0] == f"error: {source}:4: h HINFO: type 'HINFO' is not a type Gandi LiveDNS accepts [types]"
    assert errors[1].startswith(f"error: {source}:5: x CNAME: ") and errors[1].endswith(" [cname]")
    assert errors[-1] == f"error: {len(errors) - 1} problem(s); nothing written"
    assert not (tmp_path / "records").exists()


def test_reader_raises_import_problem_for_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem) as info:
        read_zone_file(tmp_path / "nope.zone", ZONE)
    shown = tmp_path / "nope.zone"
    assert str(info.value) == f"{shown}:1: cannot read zone file {shown}: No such file or directory [zone-file]"


@pytest.mark.parametrize("mode", ["additive", "authoritative"])
@pytest.mark.parametrize("text", ["", "; exported by a tool that failed half-way\n",
                                  "$ORIGIN shop-example.com.\n@ 3600 IN SOA ns1.gandi.net. hostmaster.gandi.net. "
                                  "1 10800 3600 604800 10800\n@ 3600 IN NS ns1.gandi.net.\n"])
def test_an_export_without_a_record_set_is_refused_and_nothing_written(tmp_path: Path, text: str, mode: str) -> None:
    """An empty export would become ``records: []``: in authoritative mode the deploy would empty the zone."""
    source = tmp_path / "empty.zone"
    source.write_text(text)
    out = tmp_path / "records"
    result = _import(out, "--mode", mode, zone_file=source)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors[0].startswith(f"error: {source}:1: no record set to import (")
    assert errors[0].endswith("would delete every record at the zone [zone-file]" if mode == "authoritative"
                               else "manages nothing [zone-file]")
    assert not out.exists()


def test_a_route53_octal_escape_is_refused_not_read_as_a_digit(tmp_path: Path) -> None:
    """Route 53 writes '*' as the octal escape \\052; in a zone file \\052 is decimal: '4' (RFC 1035 §5.1)."""
    result, source = _broken(tmp_path, "$ORIGIN shop-example.com.\n$TTL 300\n\\052.apps 300 IN CNAME lb.example.net.\n")
    assert (result.exit_code, result.output) == (
        1, f"error: {source}:3: owner '\\052.apps': \\052 is decimal in a zone file (RFC 1035 §5.1), the character "
           "'4', which never needs escaping; Route 53 writes octal escapes: if this came from Route 53, write '*' "
           "[zone-file]\n")
    assert not (tmp_path / "records").exists()


def test_a_decimal_escape_of_a_character_that_needs_one_is_read(tmp_path: Path) -> None:
    source = tmp_path / "ok.zone"
    source.write_text("$ORIGIN shop-example.com.\n$TTL 300\n\\042.apps 300 IN CNAME lb.example.net.\n"
                      "*.web 300 IN CNAME lb.example.net.\n")
    result = _import(tmp_path / "records", zone_file=source)
    assert "is decimal in a zone file" not in result.output


def test_a_non_ascii_txt_is_refused_naming_the_character_not_its_octets(tmp_path: Path) -> None:
    result, source = _broken(tmp_path, '$ORIGIN shop-example.com.\n$TTL 300\ntxt IN TXT "caf\\195\\169"\n')
    assert result.exit_code == 1
    assert (f"error: {source}:3: txt TXT: TXT value holds characters Gandi does not accept ('é'): printable "
            "ASCII only [values]") in result.output


def test_every_bad_value_is_listed_not_only_the_first(tmp_path: Path) -> None:
    result, source = _broken(tmp_path, '$ORIGIN shop-example.com.\n$TTL 300\na IN TXT "caf\\195\\169"\n'
                                       'c IN A 192.0.2.1\nb IN TXT "na\\195\\175ve"\n')
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert [e.split(": ", 2)[1] for e in errors[:2]] == [f"{source}:3", f"{source}:5"]
    assert errors[2] == "error: 2 problem(s); nothing written"
