"""Cheap plans: the run's one snapshot proves state equal to Gandi, or names exactly what to refresh."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from zonestack.deploy.refresh import NO_REFRESH, RefreshPlan, refresh_plan
from zonestack.deploy.snapshot import ZoneSnapshot
from zonestack.deploy.terraform import Terraform
from zonestack.diff import as_record_set
from zonestack.gandi import LiveRRset
from zonestack.loader import check_text
from zonestack.model import Zone
from zonestack.tfstate import EMPTY, parse_state

STATE = {
    "version": 4,
    "resources": [
        {"mode": "managed", "type": "gandi_livedns_domain", "name": "zone",
         "instances": [{"attributes": {"id": "example.com", "name": "example.com", "automatic_snapshots": True}}]},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "A_www",
         "instances": [{"attributes": {"name": "www", "type": "A", "ttl": 300, "values": ["192.0.2.2", "192.0.2.1"]}}]},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "TXT_APEX",
         "instances": [{"attributes": {"name": "@", "type": "TXT", "ttl": 300, "values": ['"v=spf1 -all"']}}]},
    ],
}
LIVE = [LiveRRset("@", "TXT", 300, ('"v=spf1 -all"',)), LiveRRset("www", "A", 300, ("192.0.2.1", "192.0.2.2")),
        LiveRRset("other", "A", 300, ("192.0.2.9",))]
DOMAIN = {"fqdn": "example.com", "automatic_snapshots": True}


def declared() -> Zone:
    zone, findings = check_text(b"zone: example.com\nrecords:\n  - {name: www, type: A, ttl: 300, "
                                b"values: [192.0.2.1, 192.0.2.2]}\n", "example.com.yaml", "example.com")
    assert zone is not None and not findings
    return zone


def snapshot(live: list[LiveRRset] | None, domain: dict | None = DOMAIN, state: dict | None = STATE) -> ZoneSnapshot:
    parsed = parse_state(json.dumps(state)) if state is not None else EMPTY
    return ZoneSnapshot(declared(), parsed, None if live is None else tuple(as_record_set(s) for s in live), domain)


def test_state_equal_to_gandi_plans_without_refresh() -> None:
    """Values compare as sets (any order); live sets state does not hold do not matter."""
    assert refresh_plan(snapshot(LIVE)) == RefreshPlan((), (), (NO_REFRESH,))


def test_a_value_gandi_holds_twice_is_not_drift() -> None:
    twice = [LIVE[0], LiveRRset("www", "A", 300, ("192.0.2.1", "192.0.2.2", "192.0.2.1"))]
    assert refresh_plan(snapshot(twice)).targets == ()


def test_each_kind_of_drift_names_its_resource() -> None:
    live = [LiveRRset("www", "A", 600, ("192.0.2.1", "192.0.2.2"))]
    found = refresh_plan(snapshot(live, {**DOMAIN, "automatic_snapshots": False}))
    assert found.targets == ("gandi_livedns_record.TXT_APEX", "gandi_livedns_record.A_www", "gandi_livedns_domain.zone")
    assert found.reasons == ("@ TXT: gone at Gandi", "www A: TTL 300 → 600 at Gandi",
                             "zone: automatic_snapshots changed at Gandi")
    assert found.args == (NO_REFRESH,)
    changed = refresh_plan(snapshot([LIVE[0], LiveRRset("www", "A", 300, ("192.0.2.3",))]))
    assert (changed.targets, changed.reasons) == (("gandi_livedns_record.A_www",), ("www A: values changed at Gandi",))


def test_no_state_needs_no_refresh() -> None:
    assert refresh_plan(snapshot(LIVE, state=None)) == RefreshPlan()
    assert refresh_plan(snapshot(None, None, state={"version": 4, "resources": []})) == RefreshPlan()


def test_a_zone_gone_at_gandi_falls_back_to_a_full_refresh() -> None:
    assert refresh_plan(snapshot(None, None)) == RefreshPlan(args=())


def _terraform(tmp_path: Path) -> dict[str, str]:
    """A fake terraform logging its arguments to ``calls``."""
    script = tmp_path / "terraform"
    script.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/calls\n'
                      'echo \'{"@level":"info","@message":"Apply complete!","type":"apply_complete"}\'\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return {"TERRAFORM_BINARY_NAME": str(script)}


def test_only_the_drifted_resources_are_refreshed(tmp_path: Path) -> None:
    lines: list[str] = []
    found = refresh_plan(snapshot([LIVE[0], LiveRRset("www", "A", 300, ("192.0.2.7",))]))
    Terraform("example.com", tmp_path, _terraform(tmp_path), echo=lines.append).refresh_only(found.targets)
    call = (tmp_path / "calls").read_text().split()
    assert call[:4] == ["apply", "-json", "-refresh-only", "-auto-approve"]
    assert [a for a in call if a.startswith("-target=")] == ["-target=gandi_livedns_record.A_www"]
    assert lines == ["Apply complete!"]
