"""Issue 8.6: values holding Terraform template syntax reach Gandi exactly as written.

Every string in Terraform JSON is a template (``${…}``, ``%{…}``); the
constructs escape them (``$${``, ``%%{``). Proven with the real provider against
the emulator: generated TXT values full of ``${``, ``%{``, ``$${``, backslashes
and quotes are deployed and read back from the emulator; and a live zone
holding such values survives ``import gandi`` + deploy unchanged, with the
written record file equal to the live values.
"""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livedns_emulator import Emulator
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, Project, expected_rrsets, live_rrsets
from zonestack.rdata import text_to_wire, wire_to_text

pytestmark = pytest.mark.e2e

TRICKY = ["${", "%{", "$${", "%%{", "$$", "}", "{", "\\", '"', "$", "%", "~", " ", "a", "i", "exists:", "${var.x}"]
txt_value = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(st.characters(min_codepoint=32, max_codepoint=126),
                                                                  max_size=6)), min_size=1, max_size=12).map("".join).filter(
    lambda v: v.strip() != "")
txt_sets = st.lists(txt_value, min_size=1, max_size=5, unique_by=lambda v: text_to_wire(v))
FAST = settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture(scope="module")
def emu(start_emulator: EmulatorFactory) -> Emulator:
    return start_emulator()


@pytest.fixture(scope="module")
def project(make_project: ProjectFactory, emu: Emulator) -> Project:
    return make_project(emu)


def write_zone(project: Project, sets: dict[str, list[str]]) -> None:
    data = {"zone": ZONE, "ttl": 3600, "records": [
        {"name": "@", "type": "A", "values": ["192.0.2.1"]},
        *({"name": name, "type": "TXT", "values": values} for name, values in sets.items()),
    ]}
    project.records_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@FAST
@given(spf=txt_sets, other=txt_sets)
def test_deployed_values_are_exactly_the_files(project: Project, emu: Emulator, spf: list[str], other: list[str]) -> None:
    sets = {"@": ["v=spf1 exists:%{i}._spf.example.org ~all", *spf], "t": other}
    write_zone(project, sets)
    result = project.cdktf("deploy")
    assert result.ok, result.output
    live = live_rrsets(emu.rrsets(ZONE))
    assert live == expected_rrsets(project.zone())
    for name, values in sets.items():
        assert sorted(wire_to_text(v) for v in live[(name, "TXT")][1]) == sorted(values)
    diff = project.cdktf("diff", skip_synth=True)
    assert diff.ok and diff.summary is not None and diff.summary.no_changes, diff.output


@FAST
@given(values=txt_sets)
def test_import_then_deploy_keeps_live_values(start_emulator: EmulatorFactory, make_project: ProjectFactory,
                                              values: list[str]) -> None:
    emu = start_emulator()
    emu.create_zone(ZONE)
    wires = [text_to_wire(v) for v in values]
    emu.put_rrset(ZONE, "@", "TXT", wires, ttl=3600)
    project = make_project(emu)
    run = subprocess.run(
        [str(project.path / ".venv" / "bin" / "python"), "-m", "zonestack", "import", "gandi", "--zone", ZONE, "--force"],
        cwd=project.path, env={**project.env, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}, capture_output=True,
        text=True, timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    before = live_rrsets(emu.rrsets(ZONE))
    assert expected_rrsets(project.zone()) == before, "the written record file must equal the live values"
    deploy = project.cdktf("deploy")
    assert deploy.ok, deploy.output
    assert live_rrsets(emu.rrsets(ZONE)) == before
    assert sorted(wire_to_text(v) for v in before[("@", "TXT")][1]) == sorted(values)
    diff = project.cdktf("diff", skip_synth=True)
    assert diff.ok and diff.summary is not None and diff.summary.no_changes, diff.output
