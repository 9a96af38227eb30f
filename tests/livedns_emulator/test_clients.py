"""Client call sequences of §12 replayed over HTTP, as each client makes them."""

from __future__ import annotations

import httpx

from livedns_emulator import Emulator

from .conftest import PAT, ZONE, records_url

ACME = "_acme-challenge"


class LibdnsGandi:
    """libdns/gandi v1.0.4's record logic (§12.3), re-expressed in Python."""

    def __init__(self, emu: Emulator) -> None:
        self.http = httpx.Client(headers={"Authorization": f"Bearer {PAT}",
                                          "Accept": "application/json"}, timeout=5)
        domain = self.http.get(f"{emu.url}/v5/livedns/domains/{ZONE}").json()
        self.href = domain["domain_records_href"]  # every later call follows this

    def append(self, name: str, value: str) -> None:
        r = self.http.get(f"{self.href}/{name}/TXT")
        existing: list[str] = []
        if r.status_code == 200:
            existing = r.json()["rrset_values"]
        else:
            assert r.json()["code"] == 404  # libdns keys on the JSON code, not the status
        if value not in existing:  # plain equality: quoted API values never match
            existing.append(value)
        r = self.http.put(f"{self.href}/{name}/TXT", json={
            "rrset_type": "TXT", "rrset_name": name, "rrset_values": existing})
        assert r.status_code == 201

    def delete(self, name: str, value: str) -> None:
        r = self.http.get(f"{self.href}/{name}/TXT")
        assert r.status_code == 200
        rrset = r.json()
        if len(rrset["rrset_values"]) > 1:
            rrset["rrset_values"] = [v for v in rrset["rrset_values"] if v != value]
            assert self.http.put(f"{self.href}/{name}/TXT", json=rrset).status_code == 201
        elif rrset["rrset_values"][0].strip('"') == value:
            assert self.http.delete(f"{self.href}/{name}/TXT").status_code == 204


def test_libdns_leaves_orphan_txt_values(emu: Emulator) -> None:
    libdns = LibdnsGandi(emu)
    libdns.append(ACME, "t1")
    libdns.append(ACME, "t2")
    libdns.delete(ACME, "t1")
    libdns.delete(ACME, "t2")
    assert emu.rrsets(ZONE) == [{"rrset_name": ACME, "rrset_type": "TXT", "rrset_ttl": 10800,
                                 "rrset_values": ['"t1"', '"t2"']}]
    assert [(m, s) for m, _, s, _ in emu.requests] == [
        ("GET", 200), ("GET", 404), ("PUT", 201), ("GET", 200), ("PUT", 201),
        ("GET", 200), ("PUT", 201), ("GET", 200), ("PUT", 201)]


def test_libdns_single_value_is_cleaned_up(emu: Emulator) -> None:
    libdns = LibdnsGandi(emu)
    libdns.append(ACME, "only")
    libdns.delete(ACME, "only")
    assert emu.rrsets(ZONE) == []


def test_terraform_record_lifecycle_and_manual_removal(emu: Emulator, api: httpx.Client) -> None:
    """Create (POST, GET), manual delete, refresh sees a go-gandi-readable 404."""
    body = {"rrset_type": "TXT", "rrset_ttl": 300, "rrset_name": "tf", "rrset_values": ["manual-1"]}
    assert api.post(records_url(), json=body).status_code == 201
    assert api.get(records_url("tf", "TXT")).json()["rrset_values"] == ['"manual-1"']
    api.delete(records_url("tf", "TXT"))
    r = api.get(records_url("tf", "TXT"))
    assert (r.status_code, r.headers["content-type"]) == (404, "application/json")
    # update path: PUT without rrset_name, TTL from config
    put = {"rrset_type": "TXT", "rrset_ttl": 600, "rrset_values": ["manual-2"]}
    assert api.put(records_url("tf", "TXT"), json=put).status_code == 201
    assert api.get(records_url("tf", "TXT")).json()["rrset_ttl"] == 600


def test_octodns_new_zone_sequence(emu: Emulator, api: httpx.Client) -> None:
    emu.register_domain("new.org")
    r = api.get("/domains/new.org/records", params={"page": 1, "per_page": 500})
    assert r.status_code == 404
    assert api.get("/domains/new.org").status_code == 404
    assert api.post("/domains", json={"fqdn": "new.org", "zone": {}}).status_code == 201
    for name in ("a", "b"):
        assert api.post("/domains/new.org/records", json={
            "rrset_name": name, "rrset_ttl": 3600, "rrset_type": "TXT",
            "rrset_values": ["v=x; y"]}).status_code == 201
    assert [r["rrset_values"] for r in emu.rrsets("new.org")] == [['"v=x; y"'], ['"v=x; y"']]


def test_certbot_cleanup_may_leave_empty_rrset(emu: Emulator, api: httpx.Client) -> None:
    api.put(records_url(ACME, "TXT"), json={"rrset_values": ["tok"]})
    existing = api.get(records_url(ACME, "TXT")).json()["rrset_values"]
    remaining = [v for v in existing if v.strip('"') != "tok"]
    assert api.put(records_url(ACME, "TXT"), json={"rrset_values": remaining}).status_code == 201
    assert api.get(records_url(ACME, "TXT")).json()["rrset_values"] == []
