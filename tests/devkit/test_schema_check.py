"""The bindings-vs-provider comparison fails, naming the attribute, on a doctored schema."""

from __future__ import annotations

import copy
from typing import Any

from constructs_lib.gandi.schema import DOMAIN_ATTRIBUTES, PROVIDER_ATTRIBUTES, RECORD_ATTRIBUTES
from devkit.schema_check import check_declared, check_synthesised

SOURCE = "registry.terraform.io/go-gandi/gandi"


def attr(type_: Any, *, required: bool = False, computed: bool = False, optional: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": type_}
    for key, on in (("required", required), ("computed", computed), ("optional", optional)):
        if on:
            spec[key] = True
    return spec


SCHEMA: dict[str, Any] = {
    "provider_schemas": {
        SOURCE: {
            "provider": {"block": {"attributes": {
                "url": attr("string", optional=True), "sharing_id": attr("string", optional=True),
                "dry_run": attr("bool", optional=True), "personal_access_token": attr("string", optional=True),
                "key": attr("string", optional=True),
            }}},
            "resource_schemas": {
                "gandi_livedns_record": {"block": {
                    "attributes": {
                        "zone": attr("string", required=True), "name": attr("string", required=True),
                        "type": attr("string", required=True), "ttl": attr("number", required=True),
                        "values": attr(["set", "string"], required=True), "mutable": attr("bool", optional=True),
                        "href": attr("string", computed=True), "id": attr("string", optional=True, computed=True),
                    },
                    "block_types": {"timeouts": {}},
                }},
                "gandi_livedns_domain": {"block": {"attributes": {
                    "name": attr("string", required=True), "automatic_snapshots": attr("bool", optional=True),
                    "ttl": attr("number", optional=True), "id": attr("string", optional=True, computed=True),
                }}},
            },
        },
        "terraform.io/builtin/terraform": {
            "provider": {"block": {}},
            "resource_schemas": {"terraform_data": {"block": {"attributes": {
                "triggers_replace": attr("dynamic", optional=True), "input": attr("dynamic", optional=True),
                "output": attr("dynamic", computed=True), "id": attr("string", computed=True),
            }}}},
        },
    }
}

STACK: dict[str, Any] = {
    "resource": {
        "gandi_livedns_domain": {"zone": {"name": "example.com"}},
        "gandi_livedns_record": {"A_www": {
            "zone": "example.com", "name": "www", "type": "A", "ttl": 300, "values": ["192.0.2.1"],
            "depends_on": ["gandi_livedns_domain.zone"],
        }},
        "terraform_data": {"clear_defaults": {
            "triggers_replace": "${gandi_livedns_domain.zone.id}", "depends_on": ["gandi_livedns_domain.zone"],
            "provisioner": [{"local-exec": {"command": "true"}}],
        }},
    }
}


def test_real_bindings_match_the_faithful_schema() -> None:
    assert check_declared(SCHEMA, "gandi_livedns_record", RECORD_ATTRIBUTES) == []
    assert check_declared(SCHEMA, "gandi_livedns_domain", DOMAIN_ATTRIBUTES) == []
    assert check_declared(SCHEMA, "provider", PROVIDER_ATTRIBUTES, provider_source="go-gandi/gandi") == []
    assert check_synthesised(SCHEMA, STACK) == []


def test_type_mismatch_names_the_attribute() -> None:
    doctored = copy.deepcopy(SCHEMA)
    doctored["provider_schemas"][SOURCE]["resource_schemas"]["gandi_livedns_record"]["block"]["attributes"]["ttl"][
        "type"] = "string"
    assert check_declared(doctored, "gandi_livedns_record", RECORD_ATTRIBUTES) == [
        "gandi_livedns_record.ttl: type 'number' in the bindings, 'string' in the provider"
    ]
    assert check_synthesised(doctored, STACK) == [
        "gandi_livedns_record.A_www.ttl: emitted 300, which is not of type 'string'"
    ]


def test_attribute_unknown_to_the_provider_is_named() -> None:
    doctored = copy.deepcopy(SCHEMA)
    del doctored["provider_schemas"][SOURCE]["resource_schemas"]["gandi_livedns_record"]["block"]["attributes"]["mutable"]
    assert check_declared(doctored, "gandi_livedns_record", RECORD_ATTRIBUTES) == [
        "gandi_livedns_record.mutable: declared in the bindings but not in the provider schema"
    ]
    stack = copy.deepcopy(STACK)
    stack["resource"]["gandi_livedns_record"]["A_www"]["mutable"] = True
    assert check_synthesised(doctored, stack) == [
        "gandi_livedns_record.A_www.mutable: emitted but not in the provider schema"
    ]


def test_new_required_attribute_is_named_twice() -> None:
    doctored = copy.deepcopy(SCHEMA)
    doctored["provider_schemas"][SOURCE]["resource_schemas"]["gandi_livedns_domain"]["block"]["attributes"][
        "owner"] = attr("string", required=True)
    assert check_declared(doctored, "gandi_livedns_domain", DOMAIN_ATTRIBUTES) == [
        "gandi_livedns_domain.owner: required by the provider but missing from the bindings"
    ]
    assert check_synthesised(doctored, STACK) == [
        "gandi_livedns_domain.zone.owner: required by the provider but not emitted"
    ]


def test_required_flag_and_read_only_and_unknown_type() -> None:
    doctored = copy.deepcopy(SCHEMA)
    attrs = doctored["provider_schemas"][SOURCE]["resource_schemas"]["gandi_livedns_record"]["block"]["attributes"]
    attrs["zone"] = attr("string", optional=True)
    assert check_declared(doctored, "gandi_livedns_record", RECORD_ATTRIBUTES) == [
        "gandi_livedns_record.zone: required=True in the bindings, False in the provider"
    ]
    stack = copy.deepcopy(STACK)
    stack["resource"]["gandi_livedns_record"]["A_www"]["href"] = "x"
    stack["resource"]["gandi_nope"] = {"x": {}}
    assert check_synthesised(SCHEMA, stack) == [
        "gandi_livedns_record.A_www.href: emitted but read-only (computed) in the provider schema",
        "gandi_nope: resource type not in the provider schema",
    ]


def test_data_sources_are_checked_too() -> None:
    from constructs_lib.gandi.schema import DOMAIN_NS_DATA_ATTRIBUTES, NAMESERVERS_ATTRIBUTES

    schema = copy.deepcopy(SCHEMA)
    gandi = schema["provider_schemas"][SOURCE]
    gandi["resource_schemas"]["gandi_nameservers"] = {"block": {"attributes": {
        "domain": attr("string", required=True), "nameservers": attr(["list", "string"], optional=True),
        "id": attr("string", optional=True, computed=True)}}}
    gandi["data_source_schemas"] = {"gandi_livedns_domain_ns": {"block": {"attributes": {
        "name": attr("string", required=True), "nameservers": attr(["list", "string"], computed=True),
        "id": attr("string", optional=True, computed=True)}}}}
    assert check_declared(schema, "gandi_nameservers", NAMESERVERS_ATTRIBUTES) == []
    assert check_declared(schema, "data.gandi_livedns_domain_ns", DOMAIN_NS_DATA_ATTRIBUTES) == []
    stack = {"data": {"gandi_livedns_domain_ns": {"livedns": {"name": "example.com"}}},
             "resource": {"gandi_nameservers": {"delegation": {
                 "domain": "example.com", "nameservers": "${data.gandi_livedns_domain_ns.livedns.nameservers}"}}}}
    assert check_synthesised(schema, stack) == []
    stack["data"]["gandi_livedns_domain_ns"]["livedns"]["nameservers"] = ["x"]
    stack["data"]["gandi_nope"] = {"x": {}}
    assert check_synthesised(schema, stack) == [
        "data.gandi_livedns_domain_ns.livedns.nameservers: emitted but read-only (computed) in the provider schema",
        "data.gandi_nope: data source not in the provider schema",
    ]
    del gandi["data_source_schemas"]
    assert check_declared(schema, "data.gandi_livedns_domain_ns", DOMAIN_NS_DATA_ATTRIBUTES) == [
        "data.gandi_livedns_domain_ns: not in the provider schema"]
