"""Record sets declared in Python: the record file's rules at the caller's line,
tokens passed through as Terraform references, addressable record sets."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from constructs_lib import cdk
from constructs_lib.cdk import App, TerraformOutput, TerraformStack, TerraformVariable
from constructs_lib.gandi import GandiProvider
from constructs_lib.zone import GandiZone
from zonestack.findings import ValidationFailed
from zonestack.loader import load_zone
from zonestack.resource_ids import record_id

ROOT = Path(__file__).resolve().parents[3]
RECORDS = ROOT / "tests" / "fixtures" / "records" / "example.com.yaml"
HERE = Path(__file__).name


def stack() -> TerraformStack:
    s = TerraformStack(cdk.Testing.app(), "dns")
    GandiProvider(s, "gandi")
    return s


def synth(s: TerraformStack) -> dict:
    return json.loads(cdk.Testing.synth(s))


def failure_of(call) -> tuple[ValidationFailed, int]:  # noqa: ANN001
    """Run ``call`` (a lambda on one line) and return its error and that line."""
    line = inspect.currentframe().f_back.f_lineno  # type: ignore[union-attr]
    with pytest.raises(ValidationFailed) as info:
        call()
    return info.value, line


def test_bad_literal_is_reported_at_the_callers_line_with_the_record_file_message() -> None:
    zone = GandiZone.from_file(stack(), "zone", RECORDS)
    error, line = failure_of(lambda: zone.add_record_set("api", "A", ["not-an-ip"]))
    [finding] = error.findings
    assert finding.path.endswith(HERE) and finding.line == line
    assert str(finding).endswith(f"{HERE}:{line}: A value 'not-an-ip' is not an IPv4 address (Text input is malformed) [values]")


def test_same_messages_as_a_record_file(tmp_path: Path) -> None:
    from zonestack.loader import check_zone

    bad = tmp_path / "example.org.yaml"
    bad.write_text("zone: example.org\nrecords:\n  - {name: 'a..b', type: MX, values: ['10 mail'], ttl: 5}\n")
    _, file_findings = check_zone(bad)
    zone = GandiZone.from_name(stack(), "zone", "example.org")
    error, _ = failure_of(lambda: zone.add_record_set("a..b", "MX", ["10 mail"], ttl=5))
    assert sorted((f.message, f.rule) for f in error.findings) == sorted((f.message, f.rule) for f in file_findings)
    assert [f.rule for f in error.findings] == ["names"]
    error, _ = failure_of(lambda: zone.add_record_set("mx", "MX", ["10 mail"], ttl=5))
    assert [(f.rule, f.message) for f in error.findings] == [("ttl", "ttl 5 of mx MX is outside Gandi's bounds 300..2592000")]


def test_cross_record_rule_names_the_file_record_it_clashes_with() -> None:
    zone = GandiZone.from_file(stack(), "zone", RECORDS)
    error, line = failure_of(lambda: zone.add_record_set("mail", "CNAME", ["elsewhere.example.net."]))
    [finding] = error.findings
    assert finding.rule == "cname" and finding.line == line
    assert "records/example.com.yaml:" in finding.message


def test_a_set_in_both_the_file_and_code_is_a_duplicates_error() -> None:
    zone = GandiZone.from_file(stack(), "zone", RECORDS)
    error, line = failure_of(lambda: zone.add_record_set("MAIL", "a", ["192.0.2.7"]))
    [finding] = error.findings
    assert (finding.line, finding.rule) == (line, "duplicates")
    assert "mail A is already declared at " in finding.message and "example.com.yaml:" in finding.message


def test_a_set_declared_twice_in_code_names_the_first_line() -> None:
    zone = GandiZone.from_name(stack(), "zone", "example.org"); first = inspect.currentframe().f_lineno + 1  # noqa: E702
    zone.add_record_set("api", "A", ["192.0.2.1"])
    error, _ = failure_of(lambda: zone.add_record_set("api", "A", ["192.0.2.2"]))
    assert f"{HERE}:{first}" in error.findings[0].message


def test_token_value_passes_through_to_a_reference_in_cdk_tf_json(tmp_path: Path) -> None:
    app = App(outdir=str(tmp_path))
    s = TerraformStack(app, "dns")
    GandiProvider(s, "gandi")
    ip = TerraformVariable(s, "server_ip", type="string")
    zone = GandiZone.from_file(s, "zone", RECORDS)
    zone.add_record_set("api", "A", [ip.string_value], ttl=300)
    zone.add_record_set("spf2", "TXT", ["v=spf1 ip4:" + ip.string_value + " -all"])
    app.synth()
    records = json.loads((tmp_path / "stacks" / "dns" / "cdk.tf.json").read_text())["resource"]["gandi_livedns_record"]
    assert records["A_api"]["values"] == ["${var.server_ip}"] and records["A_api"]["ttl"] == 300
    assert records["TXT_spf2"]["values"] == ['"v=spf1 ip4:${var.server_ip} -all"']
    assert records["A_api"]["depends_on"] == ["gandi_livedns_domain.zone"]
    from_file = {record_id(r.name, r.type) for r in load_zone(RECORDS).records}
    assert "CNAME_www" in from_file  # the fixture's www is a CNAME
    assert set(records) == from_file | {"A_api", "TXT_spf2"}, "the file's record sets are all still there"


def test_literal_parts_of_a_token_value_are_still_validated() -> None:
    s = stack()
    ip = TerraformVariable(s, "ip", type="string")
    zone = GandiZone.from_name(s, "zone", "example.org")
    error, line = failure_of(lambda: zone.add_record_set("@", "MX", ["ten " + ip.string_value]))
    [finding] = error.findings
    assert finding.line == line and finding.rule == "values"
    assert "'ten ${…}'" in finding.message and "whatever the token holds" in finding.message
    error, _ = failure_of(lambda: zone.add_record_set("t", "TXT", ["caf\u00e9 " + ip.string_value]))
    assert "printable ASCII" in error.findings[0].message


def test_whole_list_token_and_token_free_values() -> None:
    s = stack()
    ips = TerraformVariable(s, "ips", type="list(string)")
    zone = GandiZone.from_name(s, "zone", "example.org", ttl=600)
    zone.add_record_set("pool", "A", ips.list_value)
    zone.add_record_set("TXT-Lit", "TXT", ["v=spf1 exists:%{i}._spf.example.org ~all", "a${b}c"])
    records = synth(s)["resource"]["gandi_livedns_record"]
    assert records["A_pool"]["values"] == "${var.ips}" and records["A_pool"]["ttl"] == 600
    assert records["TXT_txt--lit"]["values"] == ['"v=spf1 exists:%%{i}._spf.example.org ~all"', '"a$${b}c"']


def test_names_types_and_ttls_must_be_literals() -> None:
    s = stack()
    name = TerraformVariable(s, "name", type="string")
    zone = GandiZone.from_name(s, "zone", "example.org")
    error, line = failure_of(lambda: zone.add_record_set(name.string_value, "A", ["192.0.2.1"]))
    assert (error.findings[0].line, error.findings[0].message) == (line, "name must be a literal, not a token")


def test_record_set_attributes_are_references_usable_in_outputs() -> None:
    s = stack()
    zone = GandiZone.from_file(s, "zone", RECORDS)
    ip = TerraformVariable(s, "ip", type="string")
    zone.add_record_set("api", "A", [ip.string_value])
    TerraformOutput(s, "api_fqdn", value=zone.record_set("api", "A").fqdn)
    TerraformOutput(s, "mail_id", value=zone.record_set("mail", "A").id)
    TerraformOutput(s, "apex_fqdn", value=zone.record_set("@", "MX").fqdn)
    out = synth(s)
    assert out["output"]["api_fqdn"]["value"] == "${gandi_livedns_record.A_api.name}.${gandi_livedns_record.A_api.zone}"
    assert out["output"]["mail_id"]["value"] == "${gandi_livedns_record.A_mail.id}"
    assert out["output"]["apex_fqdn"]["value"] == "${gandi_livedns_record.MX_APEX.zone}"
    # The reference-only element writes nothing over the file's record set.
    assert out["resource"]["gandi_livedns_record"]["A_mail"]["values"] == ["203.0.113.25"]
    assert "//" not in out["resource"]["gandi_livedns_record"]["A_mail"]
    with pytest.raises(KeyError, match="nope A is not declared in zone example.com"):
        zone.record_set("nope", "A")


def test_from_file_reports_every_finding_of_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "example.org.yaml"
    bad.write_text("zone: example.org\nrecords:\n  - {name: www, type: A, values: [x]}\n")
    with pytest.raises(ValidationFailed, match=r"example.org.yaml:3: A value 'x' is not an IPv4 address"):
        GandiZone.from_file(stack(), "zone", bad)


def test_from_name_rejects_a_bad_zone_at_the_callers_line() -> None:
    error, line = failure_of(lambda: GandiZone.from_name(stack(), "zone", "nodot", ttl=5))
    assert {f.line for f in error.findings} == {line}
    assert {f.rule for f in error.findings} == {"zone"}


def test_a_record_set_is_usable_from_another_stack(tmp_path: Path) -> None:
    from constructs_lib.cdk import LocalBackend

    app = App(outdir=str(tmp_path))
    dns = TerraformStack(app, "dns")
    LocalBackend(dns, path="dns.tfstate")
    GandiProvider(dns, "gandi")
    zone = GandiZone.from_file(dns, "zone", RECORDS)
    other = TerraformStack(app, "monitoring")
    LocalBackend(other, path="monitoring.tfstate")
    TerraformOutput(other, "mail_fqdn", value=zone.record_set("mail", "A").fqdn)
    app.synth()
    producer = json.loads((tmp_path / "stacks" / "dns" / "cdk.tf.json").read_text())
    consumer = json.loads((tmp_path / "stacks" / "monitoring" / "cdk.tf.json").read_text())
    exported = {o["value"] for o in producer["output"].values()}
    assert exported == {"${gandi_livedns_record.A_mail.name}", "${gandi_livedns_record.A_mail.zone}"}
    assert "terraform_remote_state" in consumer["data"]
    assert consumer["output"]["mail_fqdn"]["value"].count("${data.terraform_remote_state.") == 2


def test_the_same_token_twice_is_a_duplicates_error() -> None:
    s = stack()
    ip = TerraformVariable(s, "ip", type="string").string_value
    zone = GandiZone.from_name(s, "zone", "example.org")
    error, line = failure_of(lambda: zone.add_record_set("api", "A", [ip, ip]))
    assert [(f.line, f.rule) for f in error.findings] == [(line, "duplicates")]


def test_from_file_takes_the_files_settings(tmp_path: Path) -> None:
    path = tmp_path / "example.org.yaml"
    path.write_text("zone: example.org\nsettings:\n  automatic_snapshots: false\nrecords: []\n")
    s = stack()
    GandiZone.from_file(s, "zone", path)
    assert synth(s)["resource"]["gandi_livedns_domain"]["zone"]["automatic_snapshots"] is False
