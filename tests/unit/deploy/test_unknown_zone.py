"""Issue 19 item 4: a zone Gandi does not know (404 on the zone).

Managed by state but gone at Gandi: the plan fails in one line (as ``audit`` says it)
and nothing is planned or applied. Not in state yet: the plan creates it and says so in
one line, and if Gandi refuses the creation (a domain not registered there) the apply
stops at that first step with one line, not the provider's raw 404.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.deploy.planjson import plan as plan_json
from tests.unit.deploy.planjson import record
from tests.unit.deploy.test_engine import DOMAIN, WWW, ZONE, declared, engine, instance, write_state
from zonestack.deploy.errors import Diagnostic, FailureKind, explain
from zonestack.deploy.snapshot import SnapshotError


def test_a_zone_state_manages_but_gandi_does_not_have_fails_to_plan_in_one_line(tmp_path: Path) -> None:
    write_state(tmp_path, DOMAIN, instance("A_www", WWW))
    deployment, _, _, events, notes = engine(tmp_path, None, {"reviewed": plan_json(domain=("create",))})
    with pytest.raises(SnapshotError) as failed:
        deployment.plan(declared())
    line = str(failed.value)
    assert line.startswith(f"{ZONE}: not found at Gandi LiveDNS (404): ")
    assert "its state still manages the zone, so nothing is planned or applied for it" in line
    assert "\n" not in line
    assert events == ["list"]  # no init, no plan, no apply
    assert notes == []


def test_a_zone_no_state_manages_is_created_and_the_plan_says_so(tmp_path: Path) -> None:
    shown = {"reviewed": plan_json(record("www", "A", "create"), domain=("create",))}
    deployment, _, _, _, notes = engine(tmp_path, None, shown)
    reviewed = deployment.plan(declared())
    assert reviewed.plan.creates_zone
    assert notes[0] == (f"{ZONE}: no LiveDNS zone at Gandi yet (404): the plan creates it, which Gandi allows only "
                        "for a domain registered there in this PAT's organisation (otherwise the apply stops at that "
                        "first step, with Gandi's 404, and changes nothing)")


def test_gandi_refusing_to_create_the_zone_is_one_line_not_the_raw_404() -> None:
    failure = explain([Diagnostic("error", "Error: creating the domain",
                                  "StatusCode: 404 ; Err: 404: The resource could not be found.",
                                  "gandi_livedns_domain.zone")], returncode=1)
    assert failure.kind is FailureKind.OTHER
    assert str(failure) == (
        "deploy: Gandi answered 404 creating the zone (gandi_livedns_domain.zone): the domain is not registered at "
        "Gandi in this PAT's organisation (or the PAT cannot see it); register or transfer it there first "
        "(docs/gandi-livedns.md §2); nothing else was applied")
    record_404 = explain([Diagnostic("error", "Error", "StatusCode: 404 ; Err: 404: gone", "gandi_livedns_record.A_www")])
    assert "creating the zone" not in str(record_404)
