"""The unauthenticated ``/_emulator/`` admin API used by other processes."""

from __future__ import annotations

import httpx

from livedns_emulator import Emulator

from .conftest import PAT, ZONE, client


def test_admin_setup_and_inspection(emu: Emulator) -> None:
    with httpx.Client(base_url=f"{emu.url}/_emulator", timeout=5) as admin:
        assert admin.get("/health").json() == {"ok": True}
        token = "pat_admin_" + "z" * 24
        r = admin.post("/tokens", json={"token": token, "label": "ci", "scopes": ["read"]})
        assert (r.status_code, r.json()) == (201, {"label": "ci"})
        listed = admin.get("/tokens").json()
        assert {t["label"] for t in listed} == {"pat-main", "ci"}
        assert token not in admin.get("/tokens").text and "digest" not in listed[0]
        assert admin.post("/domains", json={"fqdn": "reg.org"}).status_code == 201
        assert admin.get("/domains").json() == [{"fqdn": ZONE, "org": "org-1"},
                                                {"fqdn": "reg.org", "org": "org-1"}]
        assert admin.post("/zones", json={"fqdn": "z.org", "seed_defaults": True}).status_code == 201
        assert len(admin.get("/zones/z.org/rrsets").json()) == 10
        r = admin.put(f"/zones/{ZONE}/rrsets", json={"name": "www", "type": "TXT", "values": ["x"]})
        assert r.status_code == 204
        assert admin.get(f"/zones/{ZONE}/rrsets").json() == [
            {"rrset_name": "www", "rrset_type": "TXT", "rrset_ttl": 10800, "rrset_values": ['"x"']}]
        bad = admin.put(f"/zones/{ZONE}/rrsets", json={"name": "www", "type": "A", "values": ["x"]})
        assert bad.status_code == 400 and "must be an IP address" in bad.json()["error"]
        assert admin.patch("/settings", json={"page_size": 7}).json()["page_size"] == 7
        assert emu.settings.page_size == 7
        assert admin.patch("/settings", json={"nope": 1}).status_code == 400
        with client(emu, token) as api:
            assert api.get(f"/domains/{ZONE}").status_code == 200
        assert admin.get("/requests").json() == [
            ["GET", f"/v5/livedns/domains/{ZONE}", 200, "ci"]]
        assert admin.delete("/requests").status_code == 204 and emu.requests == []
        assert admin.delete("/tokens/ci").status_code == 204
        assert admin.delete("/zones/z.org").status_code == 204
        assert admin.get("/nope").status_code == 404
    with client(emu, PAT) as api:
        assert api.get("/domains/z.org").status_code == 404
