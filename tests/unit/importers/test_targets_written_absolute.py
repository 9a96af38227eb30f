"""Issue 19 item 5, importers: every target in a written record file ends with the final dot,
so the file passes ``target-final-dot`` and means what the zone file meant."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from zonestack.cli.import_cmd import command
from zonestack.loader import check_zone

# Cloudflare's export layout (";; CNAME Records", tab-separated, TTL 1 = auto, cf_tags) with the
# targets users paste from AWS and Google consoles.
CLOUDFLARE = """\
;; SOA Record
shop-example.com	3600	IN	SOA	ada.ns.cloudflare.com. dns.cloudflare.com. 2051390733 10000 2400 604800 3600

;; CNAME Records
cdn.shop-example.com.	1	IN	CNAME	d111111abcdef8.cloudfront.net. ; cf_tags=cf-proxied:false
_3f1d2c4b5a6e7f8091a2b3c4d5e6f708.shop-example.com.	1	IN	CNAME	_x1.acm-validations.aws. ; cf_tags=cf-proxied:false

;; MX Records
shop-example.com.	1	IN	MX	1 aspmx.l.google.com.
shop-example.com.	1	IN	MX	5 alt1.aspmx.l.google.com.

;; NS Records
lab.shop-example.com.	3600	IN	NS	ns-1536.awsdns-00.co.uk.

;; SRV Records
_sipfederationtls._tcp.shop-example.com.	3600	IN	SRV	100 1 5061 sipfed.online.lync.com.
"""


def test_a_cloudflare_export_is_written_with_final_dots_and_validates(tmp_path: Path) -> None:
    source = tmp_path / "shop-example.com.txt"
    source.write_text(CLOUDFLARE)
    result = CliRunner().invoke(command, ["bind", str(source), "--zone", "shop-example.com", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    zone, findings = check_zone(tmp_path / "shop-example.com.yaml")
    assert findings == [] and zone is not None
    sets = {r.key: r.values for r in zone.records}
    assert sets[("cdn", "CNAME")] == ("d111111abcdef8.cloudfront.net.",)
    assert sets[("_3f1d2c4b5a6e7f8091a2b3c4d5e6f708", "CNAME")] == ("_x1.acm-validations.aws.",)
    assert sets[("@", "MX")] == ("1 aspmx.l.google.com.", "5 alt1.aspmx.l.google.com.")
    assert sets[("lab", "NS")] == ("ns-1536.awsdns-00.co.uk.",)
    assert sets[("_sipfederationtls._tcp", "SRV")] == ("100 1 5061 sipfed.online.lync.com.",)
    text = (tmp_path / "shop-example.com.yaml").read_text()
    assert "d111111abcdef8.cloudfront.net." in text and "aspmx.l.google.com." in text


def test_a_relative_multi_label_target_in_a_zone_file_is_written_absolute_with_a_note(tmp_path: Path) -> None:
    """RFC 1035 reads it relative to $ORIGIN; the record file says so explicitly, and the note says why."""
    source = tmp_path / "godaddy.zone"
    source.write_text("$ORIGIN shop-example.com.\n$TTL 3600\n@ IN MX 10 aspmx.l.google.com\n")
    result = CliRunner().invoke(command, ["bind", str(source), "--zone", "shop-example.com", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    zone, findings = check_zone(tmp_path / "shop-example.com.yaml")
    assert findings == [] and zone is not None
    assert zone.records[0].values == ("10 aspmx.l.google.com.shop-example.com.",)
    assert f"{source}:3: @ MX: target 'aspmx.l.google.com' has no final dot" in result.output


def test_an_old_cli53_export_with_dotless_in_zone_targets_is_refused_at_its_line(tmp_path: Path) -> None:
    """cli53 issue #225: targets written without the final dot but with the zone, completed twice on reading."""
    source = tmp_path / "cli53old.zone"
    source.write_text("$ORIGIN fakedomain.example.\n$TTL 300\n@ 300 IN MX 10 mail.fakedomain.example\n"
                      "www 300 IN A 192.0.2.1\n")
    result = CliRunner().invoke(command, ["bind", str(source), "--zone", "fakedomain.example",
                                          "--out", str(tmp_path / "records")])
    assert result.exit_code == 1
    assert (f"error: {source}:3: @ MX: MX exchange 'mail.fakedomain.example.fakedomain.example.' ends in the "
            "zone's name twice") in result.output
    assert "it is surely 'mail.fakedomain.example.' [target-final-dot]" in result.output
    assert not (tmp_path / "records").exists()
