"""The guarded deploy on OpenTofu (``ZONESTACK_ENGINE=opentofu``): the example zone deployed, live as
declared, and a second deploy with no changes, against the emulator with the real go-gandi provider.

Skips when no OpenTofu is on the PATH or in the project cache (``ZONESTACK_ENGINE=opentofu zonestack
setup`` builds one; CI does not, to keep its time for the rest).
"""

from __future__ import annotations

import json
import os

import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, live_rrsets
from tests.e2e.test_reconcile import deploy, plan_row
from zonestack.toolchain.binary import BINARY_ENV, ENGINE_ENV, find_binary

pytestmark = pytest.mark.e2e


def test_a_deploy_on_opentofu_lands_and_plans_clean(start_emulator: EmulatorFactory,
                                                      make_project: ProjectFactory) -> None:
    found = find_binary({**{k: v for k, v in os.environ.items() if k != BINARY_ENV}, ENGINE_ENV: "opentofu"})
    if found is None:
        pytest.skip("no OpenTofu on the PATH or in the project cache (ZONESTACK_ENGINE=opentofu zonestack setup)")
    emu = start_emulator()
    project = make_project(emu, **{ENGINE_ENV: "opentofu", BINARY_ENV: str(found.path)})
    first = deploy(project)
    assert first.returncode == 0, first.stdout + first.stderr
    live = live_rrsets(emu.rrsets(ZONE))
    for record in project.zone().records:
        assert live[(record.name, record.type)][0] == record.ttl, (record.name, record.type)
    state = json.loads(project.state_file.read_text(encoding="utf-8"))
    assert state["terraform_version"].startswith("1.10"), state["terraform_version"]  # OpenTofu wrote it

    again = deploy(project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert plan_row(again.stdout)[-1] == "no changes", again.stdout
