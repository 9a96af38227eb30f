"""A zone holding Gandi's default records deploys without conflict, guarded or with plain cdktf.

The guarded deploy needs no step of its own. Plain ``cdktf deploy`` needs one
explicit ``zonestack adopt`` before it: the zone created if missing, the live
declared sets imported (``imports/<zone>.json``), the sets in the way deleted
(the parking ``@ A`` that cannot stay beside the declared ``@ ALIAS``). The
defaults nothing declares stay, unmanaged.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, expected_addresses, expected_rrsets, live_rrsets

pytestmark = pytest.mark.e2e

UNDECLARED_DEFAULTS = {
    ("webmail", "CNAME"): (10800, ("webmail.gandi.net.",)),
    ("_imap._tcp", "SRV"): (10800, ("0 0 0 .",)),
    ("_pop3._tcp", "SRV"): (10800, ("0 0 0 .",)),
    ("_pop3s._tcp", "SRV"): (10800, ("10 1 995 mail.gandi.net.",)),
}


def _adopt(project, *args: str):  # noqa: ANN001, ANN202
    from tests.e2e.test_reconcile import zonestack

    return zonestack(project, "adopt", "--zone", ZONE, *args)


@pytest.mark.parametrize("zone_exists", [False, True], ids=["zone-created-by-adopt", "registered-domain-zone"])
def test_plain_cdktf_after_one_adopt_step(start_emulator: EmulatorFactory, make_project: ProjectFactory,
                                          zone_exists: bool) -> None:
    """Plain ``cdktf deploy`` into a zone holding Gandi's default records: one explicit
    ``zonestack adopt`` before it (the zone created if missing, the live declared sets imported,
    the sets in the way deleted), then deploy, then ``cdktf diff`` shows no changes."""
    emu = start_emulator(seed_default_records=True)
    if zone_exists:
        emu.create_zone(ZONE, seed_defaults=True)
    project = make_project(emu)

    dry = _adopt(project, "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert not (project.path / "imports" / f"{ZONE}.json").exists()
    assert [r for r in emu.requests if r.method in ("POST", "PUT", "DELETE", "PATCH")] == []

    adopted = _adopt(project)
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    assert "deleting @ A 217.70.184.38 (in the way of the declaration)" in adopted.stdout  # beside @ ALIAS
    assert (project.path / "imports" / f"{ZONE}.json").is_file()

    result = project.cdktf("deploy")
    assert result.ok, result.output
    assert [r for r in emu.requests if r.status in (400, 409)] == []
    live = live_rrsets(emu.rrsets(ZONE))
    declared = expected_rrsets(project.zone())
    assert {k: v for k, v in live.items() if k in declared} == declared
    assert {k: v for k, v in live.items() if k not in declared} == UNDECLARED_DEFAULTS
    assert project.state_addresses() == expected_addresses(project.zone())
    again = project.cdktf("diff", skip_synth=True)
    assert again.summary is not None and again.summary.no_changes, again.output


def test_plain_cdktf_without_adopt_says_how(start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    """Without the adopt step, plain cdktf meets Gandi's defaults (409): the one line names the way out."""
    emu = start_emulator()
    emu.create_zone(ZONE, seed_defaults=True)
    project = make_project(emu)
    result = project.cdktf("deploy")
    assert not result.ok
    from zonestack.deploy.errors import classify

    line = str(classify(result.output, result.returncode))
    assert "409" in line and f"zonestack adopt --zone {ZONE}" in line, line


def test_guarded_deploy_needs_no_adopt_step(start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    """``zonestack deploy`` creates the zone, deletes the seeded sets in the way, and creates the rest."""
    from tests.e2e.test_reconcile import deploy, plan_row

    emu = start_emulator(seed_default_records=True)
    project = make_project(emu)
    first = deploy(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "removed 6 default record set(s) Gandi seeded in the way of declared ones" in first.stderr
    assert [r for r in emu.requests if r.status in (400, 409)] == []
    live = live_rrsets(emu.rrsets(ZONE))
    declared = expected_rrsets(project.zone())
    assert {k: v for k, v in live.items() if k in declared} == declared
    assert {k: v for k, v in live.items() if k not in declared} == UNDECLARED_DEFAULTS
    assert plan_row(deploy(project, "--plan-only").stdout)[-1] == "no changes"
