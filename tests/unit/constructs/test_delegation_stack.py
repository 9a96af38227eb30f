"""The delegation stack and the ``gandi_nameservers`` / ``gandi_livedns_domain_ns`` bindings."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from constructs_lib.gandi import DnssecKeyConfig, LivednsDomainNsConfig, NameserversConfig
from stacks.app import build_app, build_delegation_app
from zonestack.model import Delegation, RecordSet, Zone
from zonestack.registry_keys import RegistryKey, RegistryKeysError, save_keys


def test_bindings_refuse_what_the_provider_would_not_take() -> None:
    with pytest.raises(ValueError, match="gandi_nameservers.domain must be a domain name"):
        NameserversConfig("localhost")
    with pytest.raises(ValueError, match="each of gandi_nameservers.nameservers"):
        NameserversConfig("example.com", ("ns1.example.net", "bad"))
    with pytest.raises(ValueError, match=r"one \$\{\.\.\.\} expression"):
        NameserversConfig("example.com", "ns1.example.net")
    with pytest.raises(ValueError, match="gandi_livedns_domain_ns.name"):
        LivednsDomainNsConfig("")


def test_bindings_render_in_order() -> None:
    assert NameserversConfig("example.com", ("ns2.b.net", "ns1.a.net")).to_terraform() == {
        "domain": "example.com", "nameservers": ["ns2.b.net", "ns1.a.net"]}
    assert NameserversConfig("example.com", LivednsDomainNsConfig.reference("x")).to_terraform() == {
        "domain": "example.com", "nameservers": "${data.gandi_livedns_domain_ns.x.nameservers}"}


def _stack(out: Path, name: str) -> dict:
    return json.loads((out / "stacks" / name / "cdk.tf.json").read_text())


def test_an_opted_in_zone_gets_a_delegation_stack_of_its_own(tmp_path: Path) -> None:
    records = (RecordSet("@", "A", 300, ("192.0.2.1",)),)
    zones = [Zone("example.com", records, delegation=Delegation("gandi")), Zone("example.org", records)]
    out = tmp_path / "out"
    build_app(zones, str(out), env={}, root=tmp_path).synth()
    assert sorted(p.name for p in (out / "stacks").iterdir()) == [
        "delegation-example.com", "example.com", "example.org"]
    stack = _stack(out, "delegation-example.com")
    assert stack["data"] == {"gandi_livedns_domain_ns": {"livedns": {"name": "example.com"}}}
    resource = stack["resource"]["gandi_nameservers"]["delegation"]
    assert {k: v for k, v in resource.items() if k != "lifecycle"} == {
        "domain": "example.com", "nameservers": "${data.gandi_livedns_domain_ns.livedns.nameservers}"}
    # the data source answers [] on any API error: a precondition stops that from becoming the flip
    [guard] = resource["lifecycle"]["precondition"]
    assert guard["condition"] == "${length(data.gandi_livedns_domain_ns.livedns.nameservers) > 0}"
    assert stack["terraform"]["backend"]["local"]["path"].endswith(".state/delegation-example.com/terraform.tfstate")
    assert "gandi_nameservers" not in json.dumps(_stack(out, "example.com"))  # the zone's plan never flips


def test_the_cutover_synthesises_the_delegation_stack_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    zone = Zone("example.com", (), delegation=Delegation("gandi"))
    build_delegation_app(zone, str(out), env={}, root=tmp_path).synth()
    assert [p.name for p in (out / "stacks").iterdir()] == ["delegation-example.com"]


KEY = RegistryKey(13, "ksk", base64.b64encode(bytes(range(64))).decode(), "uuid-1")


def test_dnssec_true_publishes_each_key_of_the_key_file_after_the_flip(tmp_path: Path) -> None:
    save_keys(tmp_path / "imports", "example.com", [KEY])
    zone = Zone("example.com", (), delegation=Delegation("gandi", dnssec=True))
    out = tmp_path / "out"
    build_delegation_app(zone, str(out), env={}, root=tmp_path, imports_dir=tmp_path / "imports").synth()
    keys = _stack(out, "delegation-example.com")["resource"]["gandi_dnssec_key"]
    assert keys == {KEY.resource_id(): {"domain": "example.com", "algorithm": 13, "type": "ksk",
                                        "public_key": KEY.public_key,
                                        "depends_on": ["gandi_nameservers.delegation"]}}
    assert KEY.resource_id() == f"ksk_{KEY.key_tag()}"


def test_without_dnssec_true_the_key_file_publishes_nothing(tmp_path: Path) -> None:
    save_keys(tmp_path / "imports", "example.com", [KEY])
    out = tmp_path / "out"
    zone = Zone("example.com", (), delegation=Delegation("gandi"))
    build_delegation_app(zone, str(out), env={}, root=tmp_path, imports_dir=tmp_path / "imports").synth()
    assert "gandi_dnssec_key" not in _stack(out, "delegation-example.com")["resource"]


@pytest.mark.parametrize("text, why", [
    ("{", "Expecting"),
    ('{"zone": "example.org", "keys": []}', 'expected {"zone": "example.com"'),
    ('{"zone": "example.com", "keys": [{"algorithm": 13, "type": "csk", "public_key": "AAAA"}]}', "type 'csk'"),
    ('{"zone": "example.com", "keys": [{"algorithm": 13, "type": "ksk", "public_key": "not base64!"}]}',
     "public_key"),
    # hand edits that are not JSON text or not a whole number: no traceback, no silent coercion
    (b'{"zone": "example.com", "keys": [{"algorithm": 13, "type": "ksk", "public_key": "\xe9t\xe9"}]}', "UTF-8"),
    ('{"zone": "example.com", "keys": [{"algorithm": 1e400, "type": "ksk", "public_key": "AAAA"}]}', "algorithm"),
    ('{"zone": "example.com", "keys": [{"algorithm": 13.9, "type": "ksk", "public_key": "AAAA"}]}', "algorithm"),
    ('{"zone": "example.com", "keys": [{"algorithm": true, "type": "ksk", "public_key": "AAAA"}]}', "algorithm"),
    ('{"zone": "example.com", "keys": [{"algorithm": "13", "type": "ksk", "public_key": "AAAA"}]}', "algorithm"),
    pytest.param('{"zone": "example.com", "keys": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deep",
                 id="nested-100000-deep"),
])
def test_a_bad_key_file_is_one_line_naming_the_file(tmp_path: Path, text: str | bytes, why: str) -> None:
    (tmp_path / "imports").mkdir()
    key_file = tmp_path / "imports" / "example.com.dnssec.json"
    key_file.write_bytes(text if isinstance(text, bytes) else text.encode())
    zone = Zone("example.com", (), delegation=Delegation("gandi", dnssec=True))
    with pytest.raises(RegistryKeysError) as caught:
        build_delegation_app(zone, str(tmp_path / "out"), env={}, root=tmp_path, imports_dir=tmp_path / "imports")
    assert str(caught.value).startswith(str(tmp_path / "imports" / "example.com.dnssec.json") + ": ")
    assert why in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "out" / "stacks").exists()


def test_the_dnssec_key_binding_refuses_what_the_provider_would_not_take() -> None:
    with pytest.raises(ValueError, match="gandi_dnssec_key.type"):
        DnssecKeyConfig("example.com", 13, "CSK", KEY.public_key)
    with pytest.raises(ValueError, match="gandi_dnssec_key.algorithm"):
        DnssecKeyConfig("example.com", True, "ksk", KEY.public_key)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="gandi_dnssec_key.public_key"):
        DnssecKeyConfig("example.com", 13, "ksk", "")
