"""Issue 3 #4: a zone Gandi seeds with default records when the stack creates it still deploys (no 409).

The seeded sets in the way of declared ones go (same (name, type), and the
parking ``@ A`` that cannot stay beside the declared ``@ ALIAS``, issue 7.5);
the others stay, unmanaged. A zone that already exists is adopted instead
(``test_reconcile.py``).
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


def test_seeded_zone_deploys_without_conflict(start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    emu = start_emulator(seed_default_records=True)
    project = make_project(emu)
    result = project.cdktf("deploy")
    assert result.ok, result.output
    assert "clear-defaults: example.com: removed 6 default record set(s) in the way of declared ones" in result.output
    assert [r for r in emu.requests if r.status == 409] == []
    live = live_rrsets(emu.rrsets(ZONE))
    declared = expected_rrsets(project.zone())
    assert {k: v for k, v in live.items() if k in declared} == declared
    assert {k: v for k, v in live.items() if k not in declared} == UNDECLARED_DEFAULTS
    assert project.state_addresses() == expected_addresses(project.zone())
    again = project.cdktf("diff", skip_synth=True)
    assert again.summary is not None and again.summary.no_changes, again.output
