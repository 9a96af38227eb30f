"""One snapshot per zone (:mod:`zonestack.deploy.snapshot`) against the emulator: state read once, one
listing and one zone read, and the one diff of it (what the deploy adopts and prunes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory
from zonestack.deploy.snapshot import SnapshotError, read_live, take
from zonestack.diff import CONFLICT
from zonestack.gandi import LiveDNSClient, UnauthorizedError
from zonestack.loader import check_text
from zonestack.model import Zone

PAT = "pat_snapshot_" + "s" * 24
ZONE = "example.com"
LOCAL = {"ZONESTACK_BACKEND": "local"}
HAND_WRITTEN = """\
zone: example.com
records:
  - {name: www, type: A, values: [203.0.113.80]}
  - {name: "@", type: ALIAS, values: [example-com.cdn.example.net.]}
  - {name: "@", type: MX, values: ["10 mx.example.net."]}
"""


def zone_of(text: str = HAND_WRITTEN) -> Zone:
    zone, findings = check_text(text.encode(), f"{ZONE}.yaml", ZONE)
    assert zone is not None and not findings, findings
    return zone


@pytest.fixture
def emu(start_emulator: EmulatorFactory) -> Emulator:
    return start_emulator(token=PAT, register=ZONE)


@pytest.fixture
def client(emu: Emulator) -> Iterator[LiveDNSClient]:
    with LiveDNSClient(base_url=emu.url, token=PAT) as api:
        yield api


def requests(emu: Emulator) -> list[tuple[str, str]]:
    return [(r.method, r.path.split("?")[0]) for r in emu.requests]


def write_state(project: Path, *resources: dict[str, object]) -> None:
    path = project / ".state" / ZONE / "terraform.tfstate"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 4, "resources": list(resources)}), encoding="utf-8")


def record_state(rid: str, name: str, rtype: str) -> dict[str, object]:
    return {"mode": "managed", "type": "gandi_livedns_record", "name": rid,
            "instances": [{"attributes": {"name": name, "type": rtype, "ttl": 10800, "values": ["x"]}}]}


DOMAIN_STATE = {"mode": "managed", "type": "gandi_livedns_domain", "name": "zone",
                "instances": [{"attributes": {"id": ZONE, "name": ZONE, "automatic_snapshots": True}}]}


def test_existing_zone_with_gandi_defaults(emu: Emulator, client: LiveDNSClient, tmp_path: Path) -> None:
    """Adopt the zone and @ MX, prune the conflicting @ A and www CNAME, leave the rest; one listing."""
    emu.create_zone(ZONE, seed_defaults=True)
    emu.clear_requests()
    snapshot = take(zone_of(), tmp_path, LOCAL, client)
    assert requests(emu) == [("GET", f"/v5/livedns/domains/{ZONE}/records"), ("GET", f"/v5/livedns/domains/{ZONE}")]
    found = snapshot.diff
    assert (found.zone_live, found.import_domain) == (True, True)
    assert [r.key for r in found.adopt] == [("@", "MX")]
    assert [(p.name, p.type, p.values, p.reason) for p in found.prune] == [
        ("@", "A", ("217.70.184.38",), CONFLICT), ("www", "CNAME", ("webredir.vip.gandi.net.",), CONFLICT)]
    assert found.conflict_names == frozenset({"@", "www"})
    assert snapshot.diff is found  # computed once
    assert snapshot.domain is not None and snapshot.domain["fqdn"] == ZONE


def test_a_zone_gandi_does_not_have_costs_the_listing_only(emu: Emulator, client: LiveDNSClient,
                                                           tmp_path: Path) -> None:
    snapshot = take(zone_of(), tmp_path, LOCAL, client)
    assert (snapshot.live, snapshot.domain) == (None, None)
    assert requests(emu) == [("GET", f"/v5/livedns/domains/{ZONE}/records")]
    assert not snapshot.diff.zone_live and [r.key for r in snapshot.diff.add] == sorted(zone_of().by_key)
    assert (snapshot.diff.adopt, snapshot.diff.prune) == ((), ())


def test_state_decides_what_is_adopted(emu: Emulator, client: LiveDNSClient, tmp_path: Path) -> None:
    """Sets in state are never imported again nor pruned; a declared live set state lacks is adopted."""
    emu.create_zone(ZONE, seed_defaults=True)
    write_state(tmp_path, DOMAIN_STATE, record_state("MX_APEX", "@", "MX"), record_state("A_APEX", "@", "A"))
    text = HAND_WRITTEN.replace('  - {name: "@", type: ALIAS, values: [example-com.cdn.example.net.]}\n', "")
    text += "  - {name: webmail, type: CNAME, values: [webmail.gandi.net.]}\n"
    found = take(zone_of(text), tmp_path, LOCAL, client).diff
    assert found.import_domain is False
    assert [r.key for r in found.adopt] == [("webmail", "CNAME")]
    assert [(p.name, p.type) for p in found.prune] == [("www", "CNAME")]
    assert [r.key for r in found.destroy] == [("@", "A")]  # in state, undeclared: Terraform destroys it


def test_a_damaged_state_stops_before_any_request(emu: Emulator, client: LiveDNSClient, tmp_path: Path) -> None:
    emu.create_zone(ZONE)
    path = tmp_path / ".state" / ZONE / "terraform.tfstate"
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 4, "resources": [', encoding="utf-8")
    emu.clear_requests()
    with pytest.raises(SnapshotError) as failed:
        take(zone_of(), tmp_path, LOCAL, client)
    message = str(failed.value)
    assert message.startswith(f".state/{ZONE}/terraform.tfstate:1: the Terraform state is damaged")
    assert "runbooks/state-recovery.md" in message and "\n" not in message
    assert emu.requests == []


def test_a_zones_api_failure_is_one_line_naming_the_zone(emu: Emulator, client: LiveDNSClient,
                                                        tmp_path: Path) -> None:
    emu.create_zone(ZONE)

    class Failing:
        def list_rrsets(self, fqdn: str) -> object:
            from zonestack.gandi import GandiError

            raise GandiError(f"GET /v5/livedns/domains/{fqdn}/records: 500 Internal Server Error", status=500)

        def get_domain(self, fqdn: str) -> dict[str, object]:
            raise AssertionError("not reached")

    with pytest.raises(SnapshotError) as failed:
        take(zone_of(), tmp_path, LOCAL, Failing())
    assert str(failed.value) == (f"{ZONE}: Gandi answered 500: Internal Server Error (a failure on Gandi's side "
                                 "or in front of it; retry later)")  # the deploy's own one-line wording


def test_unauthorized_is_the_clients_own_error_every_zone_would_fail_alike(emu: Emulator, tmp_path: Path) -> None:
    emu.create_zone(ZONE)
    with LiveDNSClient(base_url=emu.url, token="pat_unknown_" + "u" * 24) as client:
        with pytest.raises(UnauthorizedError) as failed:
            read_live(ZONE, client)
    assert "401" in str(failed.value) and "pat_unknown_" not in str(failed.value)

