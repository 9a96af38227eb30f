"""``terraform_data.prune``'s local-exec: deletes exactly the listed sets that still hold the listed values."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonestack.cli.prune_sets_cmd import command
from zonestack.deploy.prune import prune_sets
from zonestack.deploy.reconcile import PruneSet
from zonestack.emulator import Emulator, Settings
from zonestack.gandi import LiveDNSClient

PAT = "pat_prune_" + "p" * 24
ZONE = "example.com"
LISTED = [PruneSet("www", "CNAME", 10800, ("webredir.vip.gandi.net.",), "conflict"),
          PruneSet("@", "A", 10800, ("217.70.184.38",), "conflict"),
          PruneSet("gone", "A", 300, ("192.0.2.1",), "authoritative")]


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[Emulator]:
    emulator = Emulator.start(tmp_path / "emu", Settings(fsync=False))
    emulator.add_token(PAT)
    emulator.create_zone(ZONE, seed_defaults=True)
    emulator.put_rrset(ZONE, "@", "A", ["198.51.100.1"], ttl=10800)  # changed after the plan
    emulator.put_rrset(ZONE, "late", "A", ["192.0.2.9"], ttl=300)     # appeared after the plan
    yield emulator
    emulator.stop()


def keys(emu: Emulator) -> set[tuple[str, str]]:
    return {(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets(ZONE)}


def test_only_unchanged_listed_sets_are_deleted(emu: Emulator) -> None:
    before = keys(emu)
    emu.clear_requests()
    with LiveDNSClient(base_url=emu.url, token=PAT) as client:
        report = prune_sets(client, ZONE, LISTED)
    assert [p.key for p in report.deleted] == [("www", "CNAME")]
    assert [p.key for p in report.changed] == [("@", "A")]
    assert [p.key for p in report.gone] == [("gone", "A")]
    assert keys(emu) == before - {("www", "CNAME")}
    assert [(r.method, r.path.split("?")[0]) for r in emu.requests] == [
        ("GET", f"/v5/livedns/domains/{ZONE}/records"), ("DELETE", f"/v5/livedns/domains/{ZONE}/records/www/CNAME")]


def test_nothing_listed_makes_no_call(emu: Emulator) -> None:
    emu.clear_requests()
    with LiveDNSClient(base_url=emu.url, token=PAT) as client:
        assert prune_sets(client, ZONE, []).deleted == []
    assert emu.requests == []


def test_command_reads_its_input_and_the_pat_from_the_environment(emu: Emulator) -> None:
    payload = json.dumps({"zone": ZONE, "sets": [p.to_dict() for p in LISTED]})
    env = {"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT, "ZONESTACK_PRUNE": payload}
    result = CliRunner().invoke(command, [], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "prune-sets: example.com: deleted www CNAME 10800 webredir.vip.gandi.net. [conflict]",
        "prune-sets: example.com: deleted 1 of 3 listed record set(s)"]
    assert result.stderr.splitlines() == [
        "prune-sets: example.com: left alone @ A 10800 217.70.184.38 [conflict]: it changed after the plan",
        "prune-sets: example.com: gone A was already gone"]
    assert PAT not in result.output
    assert ("late", "A") in keys(emu)


@pytest.mark.parametrize("payload", ["", "[]", '{"sets": []}', '{"zone": "example.com", "sets": [{"name": "x"}]}'])
def test_bad_input_is_one_line_and_exit_1(emu: Emulator, payload: str) -> None:
    env = {"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT, "ZONESTACK_PRUNE": payload}
    before = keys(emu)
    result = CliRunner().invoke(command, [], env=env)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("prune-sets: $ZONESTACK_PRUNE")
    assert keys(emu) == before
