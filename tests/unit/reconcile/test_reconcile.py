"""The pre-plan reconcile against the emulator: imports, prunes, one listing call per zone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from zonestack.deploy.reconcile import (
    PruneSet, Reconcile, StateView, conflicts, load_reconcile, prune_candidates, reconcile, reconcile_zones,
    state_view,
)
from zonestack.emulator import Emulator, Settings
from zonestack.gandi import LiveDNSClient, LiveRRset
from zonestack.loader import check_text
from zonestack.model import Zone

PAT = "pat_reconcile_" + "r" * 24
ZONE = "example.com"
HAND_WRITTEN = """\
zone: example.com
records:
  - {name: www, type: A, values: [203.0.113.80]}
  - {name: "@", type: ALIAS, values: [example-com.cdn.example.net.]}
  - {name: "@", type: MX, values: ["10 mx.example.net."]}
"""


def zone_of(text: str) -> Zone:
    zone, findings = check_text(text.encode(), f"{ZONE}.yaml", ZONE)
    assert zone is not None and not findings, findings
    return zone


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[Emulator]:
    emulator = Emulator.start(tmp_path / "emu", Settings(fsync=False))
    emulator.add_token(PAT)
    emulator.register_domain(ZONE)
    yield emulator
    emulator.stop()


@pytest.fixture
def client(emu: Emulator) -> Iterator[LiveDNSClient]:
    with LiveDNSClient(base_url=emu.url, token=PAT) as api:
        yield api


def state_doc(*resources: dict[str, object]) -> str:
    return json.dumps({"version": 4, "resources": list(resources)})


def record_state(rid: str, name: str, rtype: str) -> dict[str, object]:
    return {"mode": "managed", "type": "gandi_livedns_record", "name": rid,
            "instances": [{"attributes": {"name": name, "type": rtype, "ttl": 10800, "values": ["x"]}}]}


DOMAIN_STATE = {"mode": "managed", "type": "gandi_livedns_domain", "name": "zone",
                "instances": [{"attributes": {"id": ZONE, "name": ZONE}}]}


@pytest.mark.parametrize(("name", "declared", "live", "expected"), [
    ("www", {"A"}, "CNAME", True),           # Gandi's www CNAME beside a declared www A
    ("www", {"CNAME"}, "A", True),           # a declared CNAME is alone at its name
    ("www", {"CNAME"}, "CNAME", False),      # same (name, type): adopted, not pruned
    ("@", {"ALIAS"}, "A", True),             # parking @ A beside a declared @ ALIAS
    ("@", {"ALIAS"}, "AAAA", True),
    ("@", {"A"}, "ALIAS", True),
    ("@", {"ALIAS"}, "MX", False),
    ("app", {"ALIAS"}, "A", False),          # ALIAS is an apex type; elsewhere no rule
    ("mail", set(), "CNAME", False),         # nothing declared at the name
    ("@", {"MX"}, "TXT", False),
])
def test_conflicts(name: str, declared: set[str], live: str, expected: bool) -> None:
    assert conflicts(name, declared, live) is expected


def test_existing_zone_with_gandi_defaults(emu: Emulator, client: LiveDNSClient, tmp_path: Path) -> None:
    """7.4/7.5: adopt the zone and @ MX, prune the conflicting @ A and www CNAME, leave the rest; one listing."""
    emu.create_zone(ZONE, seed_defaults=True)
    emu.clear_requests()
    env = reconcile_zones([zone_of(HAND_WRITTEN)], tmp_path, {"ZONESTACK_BACKEND": "local"}, client)
    assert [(r.method, r.path.split("?")[0]) for r in emu.requests] == [
        ("GET", f"/v5/livedns/domains/{ZONE}/records")]
    result = load_reconcile(ZONE, env)
    assert result is not None
    assert (result.zone_live, result.import_domain, result.clear_defaults) == (True, True, False)
    assert result.record_imports == {"MX_APEX": "example.com/@/MX"}
    assert [(p.name, p.type, p.values, p.reason) for p in result.prune] == [
        ("@", "A", ("217.70.184.38",), "conflict"), ("www", "CNAME", ("webredir.vip.gandi.net.",), "conflict")]
    assert result.prune_names == frozenset({"@", "www"})
    assert result.python  # the deploy's own interpreter runs the prune


def test_missing_zone_is_created_and_only_then_cleared(emu: Emulator, client: LiveDNSClient, tmp_path: Path) -> None:
    env = reconcile_zones([zone_of(HAND_WRITTEN)], tmp_path, {"ZONESTACK_BACKEND": "local"}, client)
    result = load_reconcile(ZONE, env)
    assert result is not None
    assert (result.zone_live, result.import_domain, result.record_imports, result.prune) == (False, False, {}, ())
    assert result.clear_defaults is True


def test_state_decides_what_is_adopted(emu: Emulator, client: LiveDNSClient, tmp_path: Path) -> None:
    """8.1/8.3: sets in state are never imported again nor pruned; a declared live set state lacks is adopted."""
    emu.create_zone(ZONE, seed_defaults=True)
    state = tmp_path / ".state" / ZONE / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(state_doc(DOMAIN_STATE, record_state("MX_APEX", "@", "MX"), record_state("A_APEX", "@", "A")))
    text = HAND_WRITTEN.replace('  - {name: "@", type: ALIAS, values: [example-com.cdn.example.net.]}\n', "")
    text += "  - {name: webmail, type: CNAME, values: [webmail.gandi.net.]}\n"
    env = reconcile_zones([zone_of(text)], tmp_path, {"ZONESTACK_BACKEND": "local"}, client)
    result = load_reconcile(ZONE, env)
    assert result is not None
    assert (result.import_domain, result.record_imports) == (False, {"CNAME_webmail": "example.com/webmail/CNAME"})
    assert [(p.name, p.type) for p in result.prune] == [("www", "CNAME")]


def test_authoritative_prunes_undeclared_but_never_ignored_or_gandis_own() -> None:
    zone = zone_of("zone: example.com\nmode: authoritative\nignore: [_acme-challenge*]\nrecords:\n"
                   "  - {name: www, type: A, values: [203.0.113.80]}\n")
    live = [LiveRRset("@", "NS", 10800, ("ns1.gandi.net.",)), LiveRRset("_acme-challenge", "TXT", 300, ('"t"',)),
            LiveRRset("legacy", "A", 300, ("192.0.2.7",)), LiveRRset("kept", "TXT", 300, ('"in state"',)),
            LiveRRset("www", "A", 300, ("203.0.113.1",)), LiveRRset("old", "MX", 300, ())]
    found = prune_candidates(zone, live, {("kept", "TXT")})
    assert found == [PruneSet("legacy", "A", 300, ("192.0.2.7",), "authoritative"),
                     PruneSet("old", "MX", 300, (), "authoritative")]
    additive = zone_of("zone: example.com\nrecords:\n  - {name: www, type: A, values: [203.0.113.80]}\n")
    assert prune_candidates(additive, live) == []


def test_prune_in_state_is_kept_and_dynamic_values_unwrapped() -> None:
    prune = {"mode": "managed", "type": "terraform_data", "name": "prune", "instances": [{"attributes": {
        "input": {"value": {"zone": ZONE, "sets": []}, "type": ["object", {}]},
        "triggers_replace": {"value": {"input_sha256": "ab", "round": 2}, "type": ["object", {}]}}}]}
    clear = {"mode": "managed", "type": "terraform_data", "name": "clear_defaults", "instances": [{"attributes": {}}]}
    view = state_view(state_doc(DOMAIN_STATE, prune, clear, record_state("A_www", "www", "A")))
    assert view == StateView(frozenset({("www", "A")}), True,
                             {"input": {"zone": ZONE, "sets": []}, "triggers_replace": {"input_sha256": "ab", "round": 2}},
                             True)
    zone = zone_of(HAND_WRITTEN)
    again = reconcile(zone, [LiveRRset("www", "A", 10800, ("203.0.113.80",))], view, python="/usr/bin/python3")
    assert (again.prune, again.prune_state, again.clear_defaults, again.import_domain) == (
        (), view.prune, True, False)
    assert state_view("") == StateView()


def test_round_trip_and_no_reconcile_without_the_variable(tmp_path: Path) -> None:
    result = Reconcile(ZONE, True, True, {"A_www": "example.com/www/A"},
                       (PruneSet("www", "CNAME", 10800, ("a.example.",), "conflict"),), None, "/py", False)
    assert Reconcile.from_json(result.to_json()) == result
    assert load_reconcile(ZONE, {}) is None
    assert load_reconcile(ZONE, {"ZONESTACK_RECONCILE_DIR": str(tmp_path)}) is None


def test_api_failure_is_one_line_naming_the_zone(emu: Emulator, tmp_path: Path) -> None:
    from zonestack.deploy.reconcile import ReconcileError

    emu.create_zone(ZONE)
    with LiveDNSClient(base_url=emu.url, token="pat_unknown_" + "u" * 24) as client:
        with pytest.raises(ReconcileError) as failed:
            reconcile_zones([zone_of(HAND_WRITTEN)], tmp_path, {"ZONESTACK_BACKEND": "local"}, client)
    message = str(failed.value)
    assert message.startswith("example.com: listing the live zone before planning failed: ") and "401" in message
    assert "\n" not in message and "pat_unknown_" not in message
