"""Snapshots (§6.8) and automatic snapshots (§11)."""

from __future__ import annotations

import httpx

from livedns_emulator import Emulator

from .conftest import ZONE, records_url

SNAPS = f"/domains/{ZONE}/snapshots"


def test_manual_snapshot_lifecycle(emu: Emulator, api: httpx.Client) -> None:
    api.patch(f"/domains/{ZONE}", json={"automatic_snapshots": False})
    emu.put_rrset(ZONE, "www", "A", ["192.0.2.1"])
    r = api.post(SNAPS)  # go-gandi sends no body at all
    assert r.status_code == 201
    snap_id = r.json()["id"]
    assert r.json() == {"id": snap_id, "message": "Snapshot Created"}
    href = f"{emu.url}/v5/livedns{SNAPS}/{snap_id}"
    assert r.headers["location"] == href
    listed = api.get(SNAPS).json()
    assert [(s["id"], s["automatic"], s["href"]) for s in listed] == [(snap_id, False, href)]
    assert listed[0]["created_at"].endswith("Z")
    detail = api.get(f"{SNAPS}/{snap_id}").json()
    assert detail["zone_data"] == [{"rrset_name": "www", "rrset_type": "A", "rrset_ttl": 10800,
                                    "rrset_values": ["192.0.2.1"]}]
    text = api.get(f"{SNAPS}/{snap_id}", headers={"Accept": "text/plain"}).text
    assert text == "www 10800 IN A 192.0.2.1\n"
    assert api.patch(f"{SNAPS}/{snap_id}", json={"name": "before-migration"}).status_code == 200
    assert api.get(f"{SNAPS}/{snap_id}").json()["name"] == "before-migration"
    named = api.post(SNAPS, json={"name": "second"}).json()["id"]
    newest_first = api.get(SNAPS, params={"sort_by": "-date_created"}).json()
    assert [s["id"] for s in newest_first] == [named, snap_id]
    assert api.delete(f"{SNAPS}/{snap_id}").status_code == 204
    assert api.get(f"{SNAPS}/{snap_id}").status_code == 404
    assert [s["id"] for s in api.get(SNAPS).json()] == [named]


def test_automatic_snapshots_capture_the_state_before_each_change(emu: Emulator,
                                                                  api: httpx.Client) -> None:
    assert api.get(f"/domains/{ZONE}").json()["automatic_snapshots"] is True
    api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.1"]})
    api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.2"]})
    api.get(records_url())  # reads take no snapshot
    autos = api.get(SNAPS, params={"automatic": "true"}).json()
    assert [s["automatic"] for s in autos] == [True, True]
    first, second = (api.get(f"{SNAPS}/{s['id']}").json()["zone_data"] for s in autos)
    assert first == []
    assert second[0]["rrset_values"] == ["192.0.2.1"]
    assert api.get(SNAPS, params={"automatic": "false"}).json() == []


def test_no_automatic_snapshot_when_disabled_or_failed(emu: Emulator, api: httpx.Client) -> None:
    api.post(records_url(), json={"rrset_name": "x", "rrset_type": "A", "rrset_values": ["nope"]})
    assert api.get(SNAPS).json() == []
    r = api.patch(f"/domains/{ZONE}", json={"automatic_snapshots": False})
    assert (r.status_code, r.json()) == (200, {"message": "Domain updated"})
    api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.1"]})
    assert api.get(SNAPS).json() == []


def test_automatic_snapshot_cap(emu: Emulator, api: httpx.Client) -> None:
    emu.update_settings(max_automatic_snapshots=2)
    for i in range(4):
        api.put(records_url("www", "A"), json={"rrset_values": [f"192.0.2.{i}"]})
    autos = api.get(SNAPS).json()
    assert len(autos) == 2
    oldest = api.get(f"{SNAPS}/{autos[0]['id']}").json()["zone_data"]
    assert oldest[0]["rrset_values"] == ["192.0.2.1"]
