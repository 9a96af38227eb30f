"""The deploy core's costs, counted at the emulator: one snapshot per zone, one check before apply.

A guarded deploy changing one record of a live zone lists the zone at most twice
(the snapshot and the check just before apply) and reads the zone object at most
twice; a deploy with no changes lists it once and runs no ``terraform apply``.
Real Terraform and go-gandi against the emulator.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, live_rrsets
from tests.e2e.test_reconcile import deploy, plan_row

pytestmark = pytest.mark.e2e

LISTING = f"/v5/livedns/domains/{ZONE}/records"
ZONE_OBJECT = f"/v5/livedns/domains/{ZONE}"


def listings(requests: list) -> int:  # noqa: ANN001 - the emulator's request log entries
    """Logical listings: first pages of ``GET …/records`` (later pages belong to the same listing)."""
    found = 0
    for r in requests:
        path, _, query = r.path.partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        found += r.method == "GET" and path == LISTING and params.get("page", "1") == "1"
    return found


def zone_reads(requests: list) -> int:  # noqa: ANN001
    return sum(1 for r in requests if r.method == "GET" and r.path.split("?")[0] == ZONE_OBJECT)


def test_one_changed_record_costs_two_listings_and_no_change_costs_no_apply(
        start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    emu = start_emulator()
    project = make_project(emu)
    first = deploy(project)
    assert first.returncode == 0, first.stdout + first.stderr

    text = project.records_file.read_text(encoding="utf-8")
    assert "203.0.113.25" in text  # mail A
    project.records_file.write_text(text.replace("203.0.113.25", "203.0.113.26"), encoding="utf-8")
    emu.clear_requests()
    changed = deploy(project)
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert live_rrsets(emu.rrsets(ZONE))[("mail", "A")][1] == ("203.0.113.26",)
    log = list(emu.requests)
    assert listings(log) <= 2, [r.path for r in log]
    assert zone_reads(log) <= 2, [r.path for r in log]
    writes = [(r.method, r.path) for r in log if r.method in ("POST", "PUT", "DELETE", "PATCH")]
    assert writes == [("PUT", f"{LISTING}/mail/A")], writes

    emu.clear_requests()
    again = deploy(project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert plan_row(again.stdout)[-1] == "no changes", again.stdout
    assert "deploy: applied 0 zone(s), 1 unchanged" in again.stdout + again.stderr
    assert "Apply complete" not in again.stdout + again.stderr  # no terraform apply ran
    log = list(emu.requests)
    assert listings(log) == 1 and zone_reads(log) == 1, [r.path for r in log]
    assert [r for r in log if r.method != "GET"] == []
