"""Cheap plans: one listing proves state equal to Gandi, or names exactly what to refresh."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from zonestack.deploy.refresh import NO_REFRESH, compare, plan_refresh_args, state_resources
from zonestack.gandi import LiveRRset, NotFoundError

STATE = {
    "version": 4,
    "resources": [
        {"mode": "managed", "type": "gandi_livedns_domain", "name": "zone",
         "instances": [{"attributes": {"id": "example.com", "name": "example.com", "automatic_snapshots": True}}]},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "A_www",
         "instances": [{"attributes": {"name": "www", "type": "A", "ttl": 300, "values": ["192.0.2.2", "192.0.2.1"]}}]},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "TXT_APEX",
         "instances": [{"attributes": {"name": "@", "type": "TXT", "ttl": 300, "values": ['"v=spf1 -all"']}}]},
        {"mode": "managed", "type": "terraform_data", "name": "clear_defaults", "instances": [{"attributes": {}}]},
    ],
}
LIVE = [LiveRRset("@", "TXT", 300, ('"v=spf1 -all"',)), LiveRRset("www", "A", 300, ("192.0.2.1", "192.0.2.2")),
        LiveRRset("other", "A", 300, ("192.0.2.9",))]
DOMAIN = {"fqdn": "example.com", "automatic_snapshots": True}


def test_equal_when_values_match_as_sets_and_unmanaged_sets_are_ignored() -> None:
    drift = compare(state_resources(STATE), LIVE, DOMAIN)
    assert drift.equal and drift.managed == 3


def test_each_kind_of_drift_names_its_resource() -> None:
    live = [LiveRRset("www", "A", 600, ("192.0.2.1", "192.0.2.2"))]
    drift = compare(state_resources(STATE), live, {**DOMAIN, "automatic_snapshots": False})
    assert drift.targets == ("gandi_livedns_domain.zone", "gandi_livedns_record.A_www", "gandi_livedns_record.TXT_APEX")
    assert drift.reasons == ("zone: automatic_snapshots changed at Gandi", "www A: TTL 300 → 600 at Gandi",
                             "@ TXT: gone at Gandi")
    changed = compare(state_resources(STATE), [LIVE[0], LiveRRset("www", "A", 300, ("192.0.2.3",))], DOMAIN)
    assert changed.reasons == ("www A: values changed at Gandi",)


def _terraform(tmp_path: Path, state: dict) -> dict[str, str]:
    """A fake terraform: ``state pull`` prints ``state``; anything else is logged to ``calls``."""
    (tmp_path / "state.json").write_text(json.dumps(state))
    script = tmp_path / "terraform"
    script.write_text(f'#!/bin/sh\nif [ "$1" = state ]; then cat {tmp_path}/state.json; exit 0; fi\n'
                      f'echo "$@" >> {tmp_path}/calls\necho "Apply complete!"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return {"TERRAFORM_BINARY_NAME": str(script)}


def test_a_listing_passed_in_costs_no_request_and_equal_state_plans_without_refresh(tmp_path: Path) -> None:
    def no_lister(zone: str):  # the caller's listing must be used
        raise AssertionError("listed again")

    outcome = plan_refresh_args("example.com", tmp_path, _terraform(tmp_path, STATE), listing=LIVE, domain=DOMAIN,
                                lister=no_lister)
    assert outcome.args == [NO_REFRESH] and not outcome.refreshed
    assert not (tmp_path / "calls").exists()


def test_drift_refreshes_only_the_differing_resources(tmp_path: Path) -> None:
    lines: list[str] = []
    live = [LIVE[0], LiveRRset("www", "A", 300, ("192.0.2.7",))]
    outcome = plan_refresh_args("example.com", tmp_path, _terraform(tmp_path, STATE), lister=lambda z: (live, DOMAIN),
                                echo=lines.append)
    assert outcome.args == [NO_REFRESH] and outcome.refreshed
    call = (tmp_path / "calls").read_text().split()
    assert call[:3] == ["apply", "-refresh-only", "-auto-approve"]
    assert [a for a in call if a.startswith("-target=")] == ["-target=gandi_livedns_record.A_www"]
    assert lines == ["example.com: 1 of 3 resource(s) differ at Gandi; refreshing only those "
                     "(www A: values changed at Gandi)"]


def test_no_state_needs_no_listing(tmp_path: Path) -> None:
    outcome = plan_refresh_args("example.com", tmp_path, _terraform(tmp_path, {"version": 4, "resources": []}),
                                lister=lambda z: (_ for _ in ()).throw(AssertionError("listed")))
    assert outcome.args == [NO_REFRESH]


def test_a_zone_gone_at_gandi_falls_back_to_a_full_refresh(tmp_path: Path) -> None:
    def gone(zone: str):
        raise NotFoundError("GET /v5/livedns/domains/example.com/records: 404 Not Found", status=404)

    assert plan_refresh_args("example.com", tmp_path, _terraform(tmp_path, STATE), lister=gone).args == []


def test_local_backend_state_is_read_from_its_file_without_terraform(tmp_path: Path) -> None:
    from zonestack.deploy.refresh import pull_state

    stack = tmp_path / "stack"
    stack.mkdir()
    (stack / "cdk.tf.json").write_text(json.dumps({"terraform": {"backend": {"local": {"path": "../state.tfstate"}}}}))
    (tmp_path / "state.tfstate").write_text(json.dumps(STATE))
    broken = tmp_path / "terraform"
    broken.write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path}/calls\nexit 1\n")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    assert pull_state(stack, {"TERRAFORM_BINARY_NAME": str(broken)}) == STATE
    assert not (tmp_path / "calls").exists()
    (tmp_path / "state.tfstate").unlink()  # no state yet: empty, as `state pull` prints
    assert pull_state(stack, {"TERRAFORM_BINARY_NAME": str(broken)}) == {}
