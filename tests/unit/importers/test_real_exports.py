"""``import bind`` on exports shaped like the real ones (fictional data, real layout).

Shapes from public exports: Cloudflare's (``;; SOA Record`` with a bare owner,
no ``$ORIGIN``, ``cf_tags`` comments, TTL 1 = auto, flattened apex CNAME),
GoDaddy's (``$ORIGIN``, bracketed SOA, ``www CNAME @``, ``_sip._tls.@``),
cli53's Route 53 export (``AWS ALIAS``, ``; AWS routing=`` comments), a signed
zone's ``dig AXFR`` (SOA twice, RRSIG/NSEC/DNSKEY, ``;;`` trailer) and Gandi's
own ``text/plain`` zone (relative names, ``@``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zonestack.cli.import_cmd import command
from zonestack.importers.bindfile import read_zone
from zonestack.loader import check_zone
from zonestack.model import Zone

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _import(tmp_path: Path, fixture: str, zone: str) -> tuple[Result, Zone]:
    result = CliRunner().invoke(command, ["bind", str(FIXTURES / fixture), "--zone", zone, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    loaded, findings = check_zone(tmp_path / f"{zone}.yaml")
    assert findings == [] and loaded is not None
    return result, loaded


def _sets(zone: Zone) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    return {r.key: (r.ttl, r.values) for r in zone.records}


def test_cloudflare_full_export_imports_and_validates(tmp_path: Path) -> None:
    result, zone = _import(tmp_path, "cloudflare-full.zone", "shop-example.com")
    sets = _sets(zone)
    notes = [line for line in result.output.splitlines() if line.startswith("note: ")]
    assert len(zone.records) == 27 and zone.ttl == 3600
    assert sets[("@", "ALIAS")] == (3600, ("shop-example.pages.example.net.",))  # flattened apex CNAME
    assert ("@", "CNAME") not in sets
    assert any(":54: @ CNAME shop-example.pages.example.net. becomes @ ALIAS" in n for n in notes)
    assert sum("was proxied by Cloudflare" in n for n in notes) == 6
    assert "note: 17 record set(s) had TTL 1 (Cloudflare's 'auto'): they take the zone default, 3600 s" in notes
    assert zone.ignore == ("_acme-challenge*",)
    assert not any(name.startswith("_acme-challenge") for name, _ in sets)
    assert "ignored: _acme-challenge.vpn TXT (matches ignore: _acme-challenge*)" in result.output
    assert sets[("@", "MX")][1] == ("86 route3.mx.cloudflare.net.", "52 route2.mx.cloudflare.net.",
                                    "1 route1.mx.cloudflare.net.")
    assert sets[("blog", "AAAA")] == (3600, ("2001:db8::40",))
    assert sets[("status", "A")] == (300, ("203.0.113.7",))
    assert sets[("*.preview", "CNAME")] == (3600, ("preview.pages.example.net.",))
    assert sets[("lab", "NS")][1] == ("ns1.lab-hosting.example.net.", "ns1.lab.shop-example.com.")  # + its glue
    dkim = sets[("cf2024-1._domainkey", "TXT")][1][0]
    assert dkim.startswith('"v=DKIM1; h=sha256; k=rsa; p=MIIB') and dkim.count('" "') == 1
    assert sets[("@", "TXT")][0] == 3600  # one record 'auto', one 3600: the lowest, auto → zone default


def test_godaddy_export(tmp_path: Path) -> None:
    result, zone = _import(tmp_path, "godaddy.zone", "example.com")
    sets = _sets(zone)
    assert sets[("www", "CNAME")] == (3600, ("example.com.",))  # CNAME @
    assert sets[("_sip._tls", "SRV")] == (3600, ("100 1 443 sipdir.online.example.net.",))
    assert "owner '_sip._tls.@': a trailing '@' label is read as the origin" in result.output
    assert sets[("@", "A")] == (600, ("192.0.2.1",))
    dkim = sets[("sel._domainkey", "TXT")]
    assert dkim[0] == 1800 and dkim[1][0].startswith('"v=DKIM1; k=rsa; p=MIIB') and dkim[1][0].endswith('IDAQAB"')
    assert ("@", "NS") not in sets and ("@", "SOA") not in sets


def test_godaddy_legacy_export_without_origin(tmp_path: Path) -> None:
    source = tmp_path / "legacy.zone"
    source.write_text("; Domain: example.com\n; SOA Record\n"
                      "EXAMPLE.COM.\t3600\tIN\tSOA\tpdns01.domaincontrol.com.\tdns.jomax.net (\n"
                      "\t\t\t2014041400\n\t\t\t28800\n\t\t\t7200\n\t\t\t604800\n\t\t\t3600\n\t\t\t)\n\n"
                      "; A Records\n@\t1800\tIN\tA\t192.0.2.44\n; CNAME Records\nwww\t1800\tIN\tCNAME\t@\n"
                      "; MX Records\n@\t1800\tIN\tMX\t1\taspmx.l.example.net\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(command, ["bind", str(source), "--zone", "example.com", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (f"note: {source}:16: @ MX: target 'aspmx.l.example.net' has no final dot: read relative to the origin "
            "as aspmx.l.example.net.example.com. (RFC 1035)") in result.output
    zone, findings = check_zone(out / "example.com.yaml")
    assert findings == [] and zone is not None
    assert _sets(zone)[("@", "MX")] == (1800, ("1 aspmx.l.example.net.example.com.",))


def test_route53_cli53_export(tmp_path: Path) -> None:
    result, zone = _import(tmp_path, "route53-cli53.zone", "example.net")
    sets = _sets(zone)
    assert sets[("@", "ALIAS")] == (86400, ("d111111abcdef8.cloudfront.net.",))  # A and AAAA alias: one set
    assert sets[("www", "CNAME")] == (86400, ("dualstack.web-1234567890.eu-west-1.elb.amazonaws.com.",))
    assert sets[("api", "A")] == (300, ("192.0.2.10", "192.0.2.11"))  # TTL 60 clamped
    assert "api A: Route 53 routing policy WEIGHTED has no equivalent at Gandi" in result.output
    assert "Route 53 alias www A → dualstack.web-1234567890.eu-west-1.elb.amazonaws.com. becomes www CNAME" \
        in result.output
    assert zone.ttl == 300


def test_dig_axfr_of_a_signed_zone(tmp_path: Path) -> None:
    result, zone = _import(tmp_path, "dig-axfr.zone", "example.org")
    sets = _sets(zone)
    assert set(sets) == {("@", "A"), ("@", "MX"), ("@", "TXT"), ("_dmarc", "TXT"), ("dev", "NS"), ("dev", "DS"),
                         ("ns1.dev", "A"), ("mail", "A"), ("www", "CNAME")}
    assert ("note: dropped 5 DNSSEC record set(s) made by the old provider's signer (@ RRSIG, @ DNSKEY, @ NSEC, …): "
            "Gandi signs the zone with its own keys (see runbooks/migrate-zone.md, DNSSEC)") in result.output
    assert sets[("dev", "DS")][1][0].startswith("12345 13 2 ")


def test_gandi_text_export(tmp_path: Path) -> None:
    _, zone = _import(tmp_path, "gandi-export.zone", "gandi-example.com")
    sets = _sets(zone)
    assert sets[("docs", "CNAME")] == (1800, ("www.gandi-example.com.",))
    assert sets[("_imap._tcp", "SRV")] == (10800, ("0 0 0 .",))
    assert zone.ttl == 10800 and len(zone.records) == 12


@pytest.mark.parametrize("fixture", ["cloudflare-full.zone", "cloudflare-export.zone"])
def test_import_is_deterministic(tmp_path: Path, fixture: str) -> None:
    runs = []
    for run in ("a", "b"):
        result = CliRunner().invoke(command, ["bind", str(FIXTURES / fixture), "--zone", "shop-example.com",
                                              "--out", str(tmp_path / run)])
        assert result.exit_code == 0
        runs.append((tmp_path / run / "shop-example.com.yaml").read_text())
    assert runs[0] == runs[1]


def test_windows_line_ends_and_bom_read_the_same(tmp_path: Path) -> None:
    source = FIXTURES / "cloudflare-full.zone"
    windows = tmp_path / "windows.zone"
    windows.write_bytes(b"\xef\xbb\xbf" + source.read_text().replace("\n", "\r\n").encode())
    plain, edited = read_zone(source, "shop-example.com"), read_zone(windows, "shop-example.com")
    assert [(r.key, r.ttl, r.values, r.flags, r.where.rsplit(":", 1)[1]) for r in plain.records] == \
        [(r.key, r.ttl, r.values, r.flags, r.where.rsplit(":", 1)[1]) for r in edited.records]


def test_alias_and_spf_types_are_read(tmp_path: Path) -> None:
    source = tmp_path / "alias.zone"
    source.write_text('@ 300 IN ALIAS Target.Example.NET.\n@ 300 IN SPF "v=spf1 -all"\n')
    records = {r.key: r.values for r in read_zone(source, "example.com").records}
    assert records == {("@", "ALIAS"): ("target.example.net.",), ("@", "SPF"): ('"v=spf1 -all"',)}
