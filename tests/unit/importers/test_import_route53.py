"""``zonestack import route53``: the JSON of ``aws route53 list-resource-record-sets``.

The fixture has the CLI's layout (4-space JSON, keys in the API's order, aliases with
``AliasTarget`` and no ``TTL``, weighted sets with ``SetIdentifier``, ``\\052`` for ``*``,
values as entered: targets without the final dot, TXT strings quoted and split at 255)
and the same zone as ``route53-cli53.zone``, cli53's export of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zonestack.cli.import_cmd import command
from zonestack.importers.route53 import decimal_escapes
from zonestack.loader import check_zone
from zonestack.model import Zone

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LISTING = FIXTURES / "route53-listing.json"
ZONE = "example.net"


def _run(tmp_path: Path, listing: Path, *args: str, subcommand: str = "route53") -> Result:
    return CliRunner().invoke(command, [subcommand, str(listing), "--zone", ZONE, "--out", str(tmp_path), *args])


def _zone(tmp_path: Path) -> Zone:
    zone, findings = check_zone(tmp_path / f"{ZONE}.yaml")
    assert findings == [] and zone is not None
    return zone


def _sets(zone: Zone) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    return {r.key: (r.ttl, r.values) for r in zone.records}


def test_the_listing_imports_and_validates(tmp_path: Path) -> None:
    result = _run(tmp_path, LISTING)
    assert result.exit_code == 0, result.output
    sets = _sets(_zone(tmp_path))
    assert sets[("@", "ALIAS")] == (300, ("d111111abcdef8.cloudfront.net.",))  # A and AAAA alias: one set
    assert sets[("www", "CNAME")] == (300, ("dualstack.web-1234567890.eu-west-1.elb.amazonaws.com.",))
    assert sets[("*.apps", "CNAME")] == (300, ("ingress.eu-west-1.elb.amazonaws.com.",))  # \052 is '*'
    assert sets[("@", "MX")] == (300, ("10 inbound-smtp.eu-west-1.amazonaws.com.",))  # Route 53 names are absolute
    assert sets[("abc123._domainkey", "CNAME")] == (1800, ("abc123.dkim.amazonses.com.",))
    assert sets[("@", "TXT")] == (300, ('"v=spf1 include:amazonses.com ~all"',))  # \040 (octal) is a space
    assert sets[("api", "A")] == (300, ("192.0.2.10", "192.0.2.11"))  # weighted: merged, TTL 60 clamped
    assert sets[("@", "CAA")][1] == ('0 issue "amazon.com"', '0 iodef "mailto:security@example.net"')
    assert ("@", "NS") not in sets and ("@", "SOA") not in sets
    assert not any(name.startswith("_acme-challenge") for name, _ in sets)
    assert f"note: {LISTING}:121: api A: Route 53 routing policy WEIGHTED has no equivalent at Gandi" in result.output
    assert f"note: {LISTING}:166: Route 53 alias www A → dualstack.web-1234567890.eu-west-1.elb.amazonaws.com. " \
           "becomes www CNAME" in result.output


def test_the_listing_and_cli53s_export_of_the_same_zone_give_the_same_record_sets(tmp_path: Path) -> None:
    """Two exports of one hosted zone: the same sets, values and TTLs (cli53 gives aliases 86400 s of its own)."""
    assert _run(tmp_path / "json", LISTING).exit_code == 0
    assert _run(tmp_path / "cli53", FIXTURES / "route53-cli53.zone", subcommand="bind").exit_code == 0
    from_json, from_cli53 = _sets(_zone(tmp_path / "json")), _sets(_zone(tmp_path / "cli53"))
    aliases = {("@", "ALIAS"), ("static", "CNAME"), ("www", "CNAME")}
    only_in_json = {("@", "CAA"), ("*.apps", "CNAME"), ("mail._domainkey", "TXT")}
    assert set(from_json) - only_in_json == set(from_cli53)
    for key, (ttl, values) in from_cli53.items():
        assert from_json[key][1] == values, key
        assert from_json[key][0] == (300 if key in aliases else ttl), key


def test_the_dkim_key_split_in_strings_is_one_value(tmp_path: Path) -> None:
    assert _run(tmp_path, LISTING).exit_code == 0
    (dkim,) = _sets(_zone(tmp_path))[("mail._domainkey", "TXT")][1]
    assert dkim.startswith('"v=DKIM1; k=rsa; p=MIIB') and dkim.endswith('IDAQAB"') and dkim.count('" "') == 1


@pytest.mark.parametrize(("route53", "master_file"), [
    (r"\052.apps", r"\042.apps"), (r"ex\344mple", r"ex\228mple"), (r"a\\b", r"a\\b"), (r'\"q\"', r'\"q\"'),
    (r"\040", r"\032"), (r"\9", r"\9"),
])
def test_octal_escapes_become_decimal_ones(route53: str, master_file: str) -> None:
    assert decimal_escapes(route53) == master_file


def _listing(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "listing.json"
    path.write_text(json.dumps(data, indent=4) if not isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(("data", "expected"), [
    ('{"ResourceRecordSets": [\n', ":2: not JSON as `aws route53 list-resource-record-sets` prints it"),
    ({"HostedZones": []}, ':1: not a Route 53 listing: expected {"ResourceRecordSets": [...]}'),
    ({"ResourceRecordSets": [], "IsTruncated": True, "NextRecordName": "m.example.net."},
     ":3: the listing is cut short (IsTruncated)"),
    ({"ResourceRecordSets": [], "NextToken": "eyJNYXJrZXIiOiBudWxsfQ=="},  # `--max-items 2`
     ":3: the listing is cut short (NextToken)"),
    ("A\texample.net.\n", ':1: not a Route 53 listing: expected {"ResourceRecordSets": [...]}'),  # --output text
    ({"ResourceRecordSets": [{"Name": "x.example.net. 300 IN A 203.0.113.66 ;", "Type": "A", "TTL": 300,
                              "ResourceRecords": [{"Value": "192.0.2.1"}]}]},
     ":3: Name 'x.example.net. 300 IN A 203.0.113.66 ;' is not one name"),
    ({"ResourceRecordSets": [{"Name": "x.example.net.", "Type": "MX", "TTL": 300,
                              "ResourceRecords": [{"Value": "10 mx.example.net. ; (x"}]}]},
     ":9: MX value '10 mx.example.net. ; (x' holds ; ( or ) outside quotes"),
    ({"ResourceRecordSets": [{"Name": "www.example.net.", "Type": "A", "ResourceRecords": [{"Value": "192.0.2.1"}]}]},
     ':3: www.example.net. A: a record set needs a "TTL" (a number)'),
    ({"ResourceRecordSets": [{"Name": "www.example.net.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z1"}}]},
     ':3: www.example.net. A: an AliasTarget needs a "DNSName"'),
    ({"ResourceRecordSets": [{"Name": "x.example.net.", "Type": "TXT", "TTL": 300,
                              "ResourceRecords": [{"Value": "\"a\"\n$INCLUDE /etc/passwd"}]}]},
     ":9: '\"a\"\\n$INCLUDE /etc/passwd' holds a line break or another control character"),
    ({"ResourceRecordSets": [{"Name": "www.example.org.", "Type": "A", "TTL": 300,
                              "ResourceRecords": [{"Value": "192.0.2.1"}]}]},
     ":9: owner www.example.org. is not in zone example.net. (is --zone right?)"),
])
def test_a_bad_listing_is_one_located_line_and_nothing_written(tmp_path: Path, data: object, expected: str) -> None:
    listing = _listing(tmp_path, data)
    result = _run(tmp_path / "records", listing)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"error: {listing}{expected}"), first
    assert first.endswith("]") and "Traceback" not in result.output
    assert not (tmp_path / "records").exists()


def test_the_list_alone_as_query_prints_it_imports_the_same(tmp_path: Path) -> None:
    """``aws route53 list-resource-record-sets --query ResourceRecordSets`` prints the list without its key."""
    bare = _listing(tmp_path, json.loads(LISTING.read_text())["ResourceRecordSets"])
    assert _run(tmp_path / "bare", bare).exit_code == 0
    assert _run(tmp_path / "whole", LISTING).exit_code == 0
    assert _sets(_zone(tmp_path / "bare")) == _sets(_zone(tmp_path / "whole"))


def test_a_compact_listing_keeps_every_value(tmp_path: Path) -> None:
    """``jq -c`` or ``json.dumps`` output: every value on one line; each is still its own record."""
    compact = _listing(tmp_path, json.dumps(json.loads(LISTING.read_text())))
    assert _run(tmp_path / "compact", compact).exit_code == 0
    assert _run(tmp_path / "pretty", LISTING).exit_code == 0
    assert _sets(_zone(tmp_path / "compact")) == _sets(_zone(tmp_path / "pretty"))


def test_an_unquoted_txt_is_one_string_with_a_note(tmp_path: Path) -> None:
    listing = _listing(tmp_path, {"ResourceRecordSets": [
        {"Name": "_dmarc.example.net.", "Type": "TXT", "TTL": 300,
         "ResourceRecords": [{"Value": "v=DMARC1;p=reject;rua=mailto:d@example.net"}]}]})
    result = _run(tmp_path / "records", listing)
    assert result.exit_code == 0, result.output
    assert _sets(_zone(tmp_path / "records"))[("_dmarc", "TXT")][1] == ('"v=DMARC1;p=reject;rua=mailto:d@example.net"',)
    assert f"note: {listing}:9: TXT value without quotes: read as one string" in result.output


def test_weighted_aliases_and_health_checks_are_noted(tmp_path: Path) -> None:
    item = {"Name": "api.example.net.", "Type": "A", "SetIdentifier": "eu", "Region": "eu-west-1",
            "HealthCheckId": "abcdef11-2222-3333-4444-555555555555",
            "AliasTarget": {"HostedZoneId": "Z32O12XQLNTSW2", "DNSName": "eu.elb.example.net.",
                            "EvaluateTargetHealth": True}}
    listing = _listing(tmp_path, {"ResourceRecordSets": [item]})
    result = _run(tmp_path / "records", listing)
    assert result.exit_code == 0, result.output
    assert "api CNAME: Route 53 routing policy LATENCY has no equivalent at Gandi" in result.output
    assert "Route 53 health check abcdef11-2222-3333-4444-555555555555 has no equivalent at Gandi" in result.output
