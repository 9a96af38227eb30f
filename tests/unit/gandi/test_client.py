"""LiveDNSClient against the emulator: CRUD, pagination, snapshots, configuration."""

from __future__ import annotations

import pytest

from livedns_emulator import Emulator
from zonestack.gandi import LiveDNSClient, LiveRRset, NotFoundError
from zonestack.gandi.client import MissingTokenError

from .conftest import PAT, ZONE


def test_put_get_delete_roundtrip(gandi: LiveDNSClient, emu: Emulator) -> None:
    gandi.put_rrset(ZONE, "www", "a", ["192.0.2.1", "192.0.2.2"], 300)
    assert gandi.get_rrset(ZONE, "www", "A") == LiveRRset("www", "A", 300, ("192.0.2.1", "192.0.2.2"))
    gandi.delete_rrset(ZONE, "www", "A")
    assert gandi.get_rrset(ZONE, "www", "A") is None
    assert emu.rrsets(ZONE) == []


def test_txt_is_returned_as_gandi_stores_it(gandi: LiveDNSClient) -> None:
    gandi.put_rrset(ZONE, "@", "TXT", ["hello world"], 3600)
    assert gandi.list_rrsets(ZONE) == [LiveRRset("@", "TXT", 3600, ('"hello world"',))]


def test_listing_follows_every_page(emu: Emulator) -> None:
    for i in range(7):
        emu.put_rrset(ZONE, f"h{i}", "A", [f"192.0.2.{i}"], ttl=300)
    emu.clear_requests()
    with LiveDNSClient(emu.url, PAT, per_page=3) as client:
        names = [r.name for r in client.list_rrsets(ZONE)]
    assert names == [f"h{i}" for i in range(7)]
    gets = [r for r in emu.requests if r.method == "GET"]
    assert len(gets) == 3


def test_get_rrset_on_missing_zone_raises(gandi: LiveDNSClient) -> None:
    with pytest.raises(NotFoundError) as info:
        gandi.get_rrset("nope.example", "www", "A")
    assert str(info.value) == "GET /v5/livedns/domains/nope.example: 404 Not Found: The resource could not be found."


def test_get_domain_and_list_domains(gandi: LiveDNSClient) -> None:
    assert gandi.get_domain(ZONE)["fqdn"] == ZONE
    assert [d["fqdn"] for d in gandi.list_domains()] == [ZONE]
    assert [d["fqdn"] for d in gandi.list_domains(limit=1)] == [ZONE]


def test_snapshots(gandi: LiveDNSClient) -> None:
    gandi.put_rrset(ZONE, "www", "A", ["192.0.2.9"], 600)
    snap = gandi.create_snapshot(ZONE, name="before")
    gandi.delete_rrset(ZONE, "www", "A")
    named = [s for s in gandi.list_snapshots(ZONE) if s["id"] == snap]
    assert [s["name"] for s in named] == ["before"]
    assert gandi.get_snapshot_rrsets(ZONE, snap) == [LiveRRset("www", "A", 600, ("192.0.2.9",))]


def test_export_text_is_a_zone_file(gandi: LiveDNSClient) -> None:
    gandi.put_rrset(ZONE, "www", "A", ["192.0.2.7"], 300)
    text = gandi.export_text(ZONE)
    assert "www 300 IN A 192.0.2.7" in text


def test_defaults_come_from_environment(monkeypatch: pytest.MonkeyPatch, emu: Emulator) -> None:
    monkeypatch.setenv("GANDI_URL", emu.url + "/")
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    with LiveDNSClient() as client:
        assert client.base_url == emu.url
        assert client.get_domain(ZONE)["fqdn"] == ZONE


def test_default_url_is_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GANDI_URL", raising=False)
    with LiveDNSClient(token=PAT) as client:
        assert client.base_url == "https://api.gandi.net"


def test_repr_has_no_token() -> None:
    client = LiveDNSClient("http://127.0.0.1:9", PAT)
    assert repr(client) == "LiveDNSClient(base_url='http://127.0.0.1:9', timeout=10.0)"
    assert PAT not in repr(client) and PAT not in str(vars(client))
    client.close()


def test_missing_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GANDI_PERSONAL_ACCESS_TOKEN", raising=False)
    with pytest.raises(MissingTokenError) as info:
        LiveDNSClient("http://127.0.0.1:9")
    assert str(info.value).startswith("GANDI_PERSONAL_ACCESS_TOKEN is not set: export a Gandi personal access token")
