"""The typed bindings and the synthesised JSON match the real provider's schema.

Runs ``terraform providers schema -json`` in a synthesised, initialised stack
and compares with :mod:`devkit.schema_check` (whose failure messages
are unit-tested on doctored schemas).
"""

from __future__ import annotations

import base64
import json

import pytest

from constructs_lib.gandi.schema import (
    DNSSEC_KEY_ATTRIBUTES,
    DOMAIN_ATTRIBUTES,
    DOMAIN_NS_DATA_ATTRIBUTES,
    NAMESERVERS_ATTRIBUTES,
    PROVIDER_ATTRIBUTES,
    PROVIDER_SOURCE,
    RECORD_ATTRIBUTES,
)
from devkit.schema_check import check_declared, check_synthesised
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from zonestack.registry_keys import RegistryKey, save_keys

pytestmark = pytest.mark.e2e


def test_bindings_match_provider_schema(start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    project = make_project(start_emulator())
    with project.records_file.open("a", encoding="utf-8") as records:
        records.write("delegation: {registrar: gandi, dnssec: true}\n")  # the delegation stack is synthesised too
    key = RegistryKey(13, "ksk", base64.b64encode(bytes(range(64))).decode())  # and its gandi_dnssec_key
    save_keys(project.path / "imports", project.zone_name, [key])
    synth = project.cdktf("synth")
    assert synth.ok, synth.output
    init = project.terraform("init", "-input=false", "-no-color")
    assert init.ok, init.output
    dump = project.terraform("providers", "schema", "-json")
    assert dump.ok, dump.output
    schema = json.loads(dump.output)
    assert any(src.endswith("/" + PROVIDER_SOURCE) for src in schema["provider_schemas"])
    problems = (
        check_declared(schema, "gandi_livedns_record", RECORD_ATTRIBUTES)
        + check_declared(schema, "gandi_livedns_domain", DOMAIN_ATTRIBUTES)
        + check_declared(schema, "gandi_nameservers", NAMESERVERS_ATTRIBUTES)
        + check_declared(schema, "data.gandi_livedns_domain_ns", DOMAIN_NS_DATA_ATTRIBUTES)
        + check_declared(schema, "gandi_dnssec_key", DNSSEC_KEY_ATTRIBUTES)
        + check_declared(schema, "provider", PROVIDER_ATTRIBUTES, provider_source=PROVIDER_SOURCE)
        + check_synthesised(schema, json.loads((project.stack_dir / "cdk.tf.json").read_text()))
        + check_synthesised(schema, json.loads(
            (project.stack_dir.parent / f"delegation-{project.zone_name}" / "cdk.tf.json").read_text()))
    )
    assert problems == []
