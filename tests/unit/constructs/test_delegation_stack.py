"""The delegation stack and the ``gandi_nameservers`` / ``gandi_livedns_domain_ns`` bindings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from constructs_lib.gandi import LivednsDomainNsConfig, NameserversConfig
from stacks.app import build_app, build_delegation_app
from zonestack.model import Delegation, RecordSet, Zone


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
    build_delegation_app("example.com", str(out), env={}, root=tmp_path).synth()
    assert [p.name for p in (out / "stacks").iterdir()] == ["delegation-example.com"]
