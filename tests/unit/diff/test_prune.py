"""zonestack's own deletions (:func:`zonestack.deploy.prune.delete_if_unchanged`) against the emulator:
exactly the listed sets that still hold the listed values, nothing else, never a second listing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory
from zonestack.deploy.livecheck import by_key
from zonestack.deploy.prune import PruneReport, delete_if_unchanged
from zonestack.diff import AUTHORITATIVE, CONFLICT, Prune
from zonestack.gandi import LiveDNSClient, LiveRRset
from zonestack.model import RecordSet

PAT = "pat_prune_" + "p" * 24
ZONE = "example.com"
LISTED = [Prune(RecordSet("www", "CNAME", 10800, ("webredir.vip.gandi.net.",)), CONFLICT),
          Prune(RecordSet("@", "A", 10800, ("217.70.184.38",)), CONFLICT),
          Prune(RecordSet("gone", "A", 300, ("192.0.2.1",)), AUTHORITATIVE)]


@pytest.fixture
def emu(start_emulator: EmulatorFactory) -> Emulator:
    emulator = start_emulator(token=PAT, zone=ZONE, seed_defaults=True)
    emulator.put_rrset(ZONE, "@", "A", ["198.51.100.1"], ttl=10800)  # changed after the plan
    emulator.put_rrset(ZONE, "late", "A", ["192.0.2.9"], ttl=300)     # appeared after the plan
    return emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[LiveDNSClient]:
    with LiveDNSClient(base_url=emu.url, token=PAT) as api:
        yield api


def keys(emu: Emulator) -> set[tuple[str, str]]:
    return {(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets(ZONE)}


@pytest.mark.parametrize("keyed", [False, True], ids=["listing", "by-key"])
def test_only_unchanged_listed_sets_are_deleted(emu: Emulator, client: LiveDNSClient, keyed: bool) -> None:
    before = keys(emu)
    fresh = client.list_rrsets(ZONE)  # the caller's listing, taken just before (the check before apply)
    emu.clear_requests()
    report = delete_if_unchanged(client, ZONE, LISTED, by_key(fresh) if keyed else fresh)
    assert [r.key for r in report.deleted] == [("www", "CNAME")]
    assert [r.key for r in report.changed] == [("@", "A")]
    assert [r.key for r in report.gone] == [("gone", "A")]
    assert keys(emu) == before - {("www", "CNAME")}
    assert ("late", "A") in keys(emu)  # not listed: never touched
    assert [(r.method, r.path.split("?")[0]) for r in emu.requests] == [
        ("DELETE", f"/v5/livedns/domains/{ZONE}/records/www/CNAME")]  # no listing of its own
    assert report.lines(ZONE) == ["example.com: left @ A alone: it changed at Gandi after the plan",
                                  "example.com: gone A was already gone"]


def test_a_value_gandi_holds_twice_is_still_unchanged(emu: Emulator, client: LiveDNSClient) -> None:
    fresh = [LiveRRset("www", "CNAME", 10800, ("webredir.vip.gandi.net.", "webredir.vip.gandi.net."))]
    report = delete_if_unchanged(client, ZONE, LISTED[:1], fresh)
    assert [r.key for r in report.deleted] == [("www", "CNAME")]
    assert ("www", "CNAME") not in keys(emu)


def test_a_changed_ttl_is_a_change(emu: Emulator, client: LiveDNSClient) -> None:
    fresh = [LiveRRset("www", "CNAME", 300, ("webredir.vip.gandi.net.",))]
    report = delete_if_unchanged(client, ZONE, LISTED[:1], fresh)
    assert (report.deleted, [r.key for r in report.changed]) == ([], [("www", "CNAME")])
    assert ("www", "CNAME") in keys(emu)


def test_nothing_listed_makes_no_call(emu: Emulator, client: LiveDNSClient) -> None:
    fresh = client.list_rrsets(ZONE)
    before = keys(emu)
    emu.clear_requests()
    assert delete_if_unchanged(client, ZONE, [], fresh) == PruneReport()
    assert emu.requests == [] and keys(emu) == before
