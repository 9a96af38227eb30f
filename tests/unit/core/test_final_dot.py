"""Issue 19 item 5: a target with a dot but no final dot is refused (DNSControl's rule).

``cdn CNAME d111111abcdef8.cloudfront.net`` pasted from a provider console would
be published as ``d111111abcdef8.cloudfront.net.example.test.``. Every field
holding a name is checked, in record files, in record sets declared in code and
in the command users run; a one-label target stays relative.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.core.validation_helpers import FIRST, accepted, entry, findings, refused
from zonestack.loader import check_entry

REPO = Path(__file__).resolve().parents[3]
RULE = "target-final-dot"

# (owner, type, value as pasted from a console or a provider's docs, the target as written)
PASTED = [
    ("cdn", "CNAME", "d111111abcdef8.cloudfront.net", "d111111abcdef8.cloudfront.net"),
    ("_3f1d2c4b5a6e7f8091a2b3c4d5e6f708", "CNAME", "_x1.acm-validations.aws", "_x1.acm-validations.aws"),
    ("@", "MX", "10 aspmx.l.google.com", "aspmx.l.google.com"),
    ("_sipfederationtls._tcp", "SRV", "100 1 5061 sipfed.online.lync.com", "sipfed.online.lync.com"),
    ("lab", "NS", "ns-1536.awsdns-00.co.uk", "ns-1536.awsdns-00.co.uk"),
    ("@", "ALIAS", "shop-example.myshopify.com", "shop-example.myshopify.com"),
    ("old", "DNAME", "new-brand.example.net", "new-brand.example.net"),
    ("10.2.0", "PTR", "host-10.example.net", "host-10.example.net"),
    ("sip", "NAPTR", '100 10 "S" "SIP+D2T" "" _sip._tcp.sip.example.net', "_sip._tcp.sip.example.net"),
    ("_dns", "SVCB", "1 dns.google alpn=dot", "dns.google"),
    ("@", "HTTPS", "1 cdn.example.net alpn=h2", "cdn.example.net"),
    ("@", "RP", "hostmaster.example.net. txt.example.net", "txt.example.net"),
]


@pytest.mark.parametrize(("name", "rtype", "value", "written"), PASTED, ids=[p[1] + "-" + p[3] for p in PASTED])
def test_a_pasted_target_without_the_final_dot_is_refused_with_both_fixes(name: str, rtype: str, value: str,
                                                                           written: str) -> None:
    finding = refused(entry(name, rtype, value), FIRST, RULE,
                      f"'{written}' has a dot but no final dot",
                      f"published as '{written}.example.test.'",
                      f"add the final dot: '{written}.' if it is outside the zone",
                      f"write it relative without the zone: one label such as '{written.split('.')[0]}'")
    assert str(finding).endswith(f"[{RULE}]")


@pytest.mark.parametrize(("name", "rtype", "value", "written"), PASTED, ids=[p[1] + "-" + p[3] for p in PASTED])
def test_the_same_target_with_the_final_dot_is_accepted(name: str, rtype: str, value: str, written: str) -> None:
    accepted(entry(name, rtype, value.replace(written, written + ".")))


@pytest.mark.parametrize(("rtype", "value"), [
    ("CNAME", "mail"), ("CNAME", "@"), ("MX", "10 mail"), ("SRV", "0 5 5060 sip"), ("NS", "ns1"),
    ("MX", "0 ."), ("SRV", "0 0 0 ."), ("HTTPS", "1 . alpn=h2"), ("RP", "admin.example.net. ."),
    ("CNAME", "_x1.acm-validations.aws."), ("CNAME", "bücher.example."),
])
def test_one_label_relative_targets_and_absolute_targets_stay_valid(rtype: str, value: str) -> None:
    name = {"SRV": "_sip._tcp", "NS": "lab"}.get(rtype, "@" if rtype in ("MX", "HTTPS", "RP") else "x")
    accepted(entry(name, rtype, value))


def test_a_name_deeper_in_the_zone_is_refused_and_the_message_gives_its_absolute_form() -> None:
    refused(entry("x", "CNAME", "a.b"), FIRST, RULE, "'a.b.example.test.'", "add the final dot: 'a.b.'")
    refused(entry("x", "CNAME", "a.b.example.test"), FIRST, RULE, "add the final dot: 'a.b.example.test.'",
            "a relative target is one label only")


def test_every_bad_value_of_a_set_is_reported_at_its_own_line() -> None:
    text = ["  - name: '@'", "    type: MX", "    values:", "      - 1 aspmx.l.google.com",
            "      - 5 alt1.aspmx.l.google.com.", "      - 10 alt3.aspmx.l.google.com"]
    assert [(f.line, f.rule) for f in findings(*text)] == [(FIRST + 3, RULE), (FIRST + 5, RULE)]


def test_record_sets_declared_in_code_go_through_the_same_rule() -> None:
    _, found = check_entry("example.com", {"name": "cdn", "type": "CNAME", "values": ["d111111abcdef8.cloudfront.net"]},
                           10800, "stack.py", 12)
    assert [(f.path, f.line, f.rule, f.severity) for f in found] == [("stack.py", 12, RULE, "error")]
    assert "'d111111abcdef8.cloudfront.net.example.com.'" in found[0].message
    assert check_entry("example.com", {"name": "cdn", "type": "CNAME", "values": ["d111111abcdef8.cloudfront.net."]},
                       10800, "stack.py", 12)[1] == []


def test_a_constructs_zone_refuses_it_at_the_callers_line() -> None:
    from constructs_lib import cdk
    from constructs_lib.cdk import TerraformStack
    from constructs_lib.gandi import GandiProvider
    from constructs_lib.zone import GandiZone
    from zonestack.findings import ValidationFailed

    stack = TerraformStack(cdk.Testing.app(), "dns")
    GandiProvider(stack, "gandi")
    zone = GandiZone.from_name(stack, "zone", "example.org")
    with pytest.raises(ValidationFailed) as info:
        zone.add_record_set("@", "MX", ["10 aspmx.l.google.com"])
    [finding] = info.value.findings
    assert (Path(finding.path).name, finding.rule) == (Path(__file__).name, RULE)
    assert "add the final dot: 'aspmx.l.google.com.'" in finding.message


def test_validate_refuses_the_file_with_file_line_and_rule(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    path = records / "example.com.yaml"
    path.write_text("zone: example.com\nrecords:\n"
                    "  - {name: cdn, type: CNAME, values: [d111111abcdef8.cloudfront.net]}\n"
                    "  - {name: '@', type: MX, values: ['10 aspmx.l.google.com.']}\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for strict in ([], ["--strict"]):
        result = subprocess.run([sys.executable, "-m", "zonestack", "validate", *strict, str(path)], cwd=REPO,
                                env=env, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 1, result.stdout + result.stderr
        [line] = [x for x in result.stdout.splitlines() if RULE in x]
        assert line.startswith(f"{path}:3: CNAME target 'd111111abcdef8.cloudfront.net' has a dot")
        assert line.endswith(f"[{RULE}]")


def test_tokens_in_a_target_stand_in_for_a_host_name_and_literal_parts_are_still_checked() -> None:
    """A Terraform reference as the MX exchange or CNAME target validates (the stand-in is a host name,
    not the IPv4 stand-in that parses but is no target); a literal suffix without the final dot is
    still refused, whatever the token holds."""
    import json

    from constructs_lib import cdk
    from constructs_lib.cdk import TerraformStack, TerraformVariable
    from constructs_lib.gandi import GandiProvider
    from constructs_lib.zone import GandiZone
    from zonestack.findings import ValidationFailed

    stack = TerraformStack(cdk.Testing.app(), "dns")
    GandiProvider(stack, "gandi")
    host = TerraformVariable(stack, "host", type="string")
    zone = GandiZone.from_name(stack, "zone", "example.org")
    zone.add_record_set("@", "MX", ["10 " + host.string_value])
    zone.add_record_set("cdn", "CNAME", [host.string_value])
    records = json.loads(cdk.Testing.synth(stack))["resource"]["gandi_livedns_record"]
    assert records["MX_APEX"]["values"] == ["10 ${var.host}"] and records["CNAME_cdn"]["values"] == ["${var.host}"]
    with pytest.raises(ValidationFailed) as info:
        zone.add_record_set("www", "CNAME", [host.string_value + ".cloudfront.net"])
    [finding] = info.value.findings
    assert finding.rule == RULE and "whatever the token holds" in finding.message


@pytest.mark.parametrize(("rtype", "value", "meant"), [
    ("MX", "10 mail.example.test.example.test.", "mail.example.test."),
    ("CNAME", "example.test.example.test.", "example.test."),
    ("SRV", "0 5 5060 SIP.Example.Test.example.test.", "sip.example.test."),
    ("NS", "ns1.example.test.example.test.", "ns1.example.test."),
])
def test_a_target_ending_in_the_zone_name_twice_is_refused(rtype: str, value: str, meant: str) -> None:
    """``mail.example.test`` written without its final dot in a zone file reads as
    ``mail.example.test.example.test.`` (RFC 1035 §5.1): old cli53/GoDaddy exports (cli53 #225)."""
    name = {"SRV": "_sip._tcp", "NS": "lab"}.get(rtype, "x")
    refused(entry(name, rtype, value), FIRST, RULE, "ends in the zone's name twice", f"it is surely '{meant}'")


def test_a_target_holding_the_zone_name_once_more_inside_stays_valid() -> None:
    accepted(entry("x", "CNAME", "example.test.example.net."), entry("y", "CNAME", "example.test.test."))
