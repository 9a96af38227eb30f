"""Several ``GandiZone``s in one stack of a user's app, and the import plan ``zonestack adopt`` writes.

Before: a second zone in a stack raised an internal ``ResourceBlock`` error, and the
record ID had no zone part, so two zones' ``@ MX`` would share one resource name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from constructs_lib import cdk
from constructs_lib.cdk import TerraformVariable
from constructs_lib.zone import GandiZone
from tests.unit.constructs.test_code_record_sets import stack, synth
from zonestack.resource_ids import domain_id, record_id
from zonestack.stackfile import read_zone


def test_two_zones_in_one_stack_with_qualified_ids(tmp_path: Path) -> None:
    s = stack()
    com = GandiZone.from_name(s, "com", "example.com", manage_domain=False, imports_dir=None)
    org = GandiZone.from_name(s, "org", "example.org", qualified_ids=True, imports_dir=None)
    com.add_record_set("@", "MX", ["10 mx.example.net."])
    org.add_record_set("@", "MX", ["10 mx.example.net."])
    org.add_record_set("www", "CNAME", ["example.org."])
    records = synth(s)["resource"]["gandi_livedns_record"]
    assert set(records) == {"MX_APEX", "MX_APEX_IN_example-org", "CNAME_www_IN_example-org"}
    assert records["MX_APEX"]["zone"] == "example.com"
    assert records["MX_APEX_IN_example-org"]["zone"] == "example.org"
    domains = synth(s)["resource"]["gandi_livedns_domain"]
    assert list(domains) == ["zone_IN_example-org"]
    assert records["CNAME_www_IN_example-org"]["depends_on"] == ["gandi_livedns_domain.zone_IN_example-org"]
    assert org.record_set("www", "CNAME").address == "gandi_livedns_record.CNAME_www_IN_example-org"


def test_two_unqualified_zones_sharing_a_record_name_are_refused_with_the_fix() -> None:
    s = stack()
    GandiZone.from_name(s, "com", "example.com", manage_domain=False, imports_dir=None).add_record_set(
        "@", "MX", ["10 mx.example.net."])
    org = GandiZone.from_name(s, "org", "example.org", manage_domain=False, imports_dir=None)
    with pytest.raises(ValueError) as info:
        org.add_record_set("@", "MX", ["10 mx.example.net."])
    assert str(info.value) == (
        "gandi_livedns_record.MX_APEX is declared by both example.com and example.org in stack 'dns': zones that "
        "share a stack need zone-qualified resource names (GandiZone(..., qualified_ids=True))")


def test_token_sets_of_two_zones_collide_only_when_unqualified() -> None:
    s = stack()
    ip = TerraformVariable(s, "ip", type="string")
    GandiZone.from_name(s, "com", "example.com", manage_domain=False, imports_dir=None).add_record_set(
        "api", "A", [ip.string_value])
    org = GandiZone.from_name(s, "org", "example.org", manage_domain=False, imports_dir=None)
    with pytest.raises(ValueError, match="A_api is declared by both example.com and example.org"):
        org.add_record_set("api", "A", [ip.string_value])
    qualified = GandiZone.from_name(s, "net", "example.net", manage_domain=False, qualified_ids=True,
                                    imports_dir=None)
    qualified.add_record_set("api", "A", [ip.string_value])
    assert set(synth(s)["resource"]["gandi_livedns_record"]) == {"A_api", "A_api_IN_example-net"}


def test_qualified_ids_are_injective_and_never_collide_with_unqualified_ones() -> None:
    names = ["@", "www", "a.b", "a-b", "a--b", "_dmarc", "*", "*.x", "in", "x._in_.y"]
    zones = [None, "example.org", "example-org", "in.example", "xn--bcher-kva.example"]
    ids = [record_id(n, "A", z) for n in names for z in zones]
    assert len(set(ids)) == len(ids)
    assert domain_id("example.org") == "zone_IN_example-org" and domain_id() == "zone"


def test_the_import_plan_adopt_writes_reaches_sets_declared_in_code(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """``zonestack adopt`` writes ``imports/<zone>.json``; an app's zone turns its entries into
    import blocks, for sets declared in code too (they are added after the zone is built)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "example.org.json").write_text(json.dumps({
        "domain": True, "records": {"MX_APEX_IN_example-org": "example.org/@/MX",
                                    "CNAME_www_IN_example-org": "example.org/www/CNAME",
                                    "A_gone_IN_example-org": "example.org/gone/A"}}))
    s = stack()
    zone = GandiZone.from_name(s, "org", "example.org", manage_domain=False, qualified_ids=True)
    zone.add_record_set("@", "MX", ["10 mx.example.net."])
    zone.add_record_set("www", "CNAME", ["example.org."])
    imports = synth(s)["import"]
    assert imports == [{"to": "gandi_livedns_record.MX_APEX_IN_example-org", "id": "example.org/@/MX"},
                       {"to": "gandi_livedns_record.CNAME_www_IN_example-org", "id": "example.org/www/CNAME"}]


def test_stackfile_reads_back_what_the_zone_declared(tmp_path: Path) -> None:
    s = stack()
    ip = TerraformVariable(s, "ip", type="string")
    zone = GandiZone.from_name(s, "org", "example.org", manage_domain=False, qualified_ids=True,
                               imports_dir=None, ttl=3600)
    zone.add_record_set("@", "TXT", ["v=spf1 -all"])
    zone.add_record_set("api", "A", [ip.string_value], ttl=300)
    path = tmp_path / "stacks" / "dns" / "cdk.tf.json"
    path.parent.mkdir(parents=True)
    path.write_text(cdk.Testing.synth(s))
    found = read_zone(path, "Example.ORG.")
    assert found is not None and found.domain_id is None
    assert found.resource_ids == {("@", "TXT"): "TXT_APEX_IN_example-org", ("api", "A"): "A_api_IN_example-org"}
    by_key = found.zone.by_key
    assert by_key[("@", "TXT")].values == ('"v=spf1 -all"',) and by_key[("@", "TXT")].ttl == 3600
    assert by_key[("api", "A")].ttl == 300 and by_key[("api", "A")].values[0].startswith("${")
    assert found.state_path == path.parent / "terraform.tfstate"
    assert read_zone(path, "example.com") is None
