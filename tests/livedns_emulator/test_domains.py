"""Domains: creation policy, domain object, hrefs from Host, nameservers, defaults."""

from __future__ import annotations

import httpx

from livedns_emulator import Emulator, Settings

from .conftest import PAT, ZONE, client

DEFAULT_ZONE = [
    ("@", "A", ["217.70.184.38"]),
    ("@", "MX", ["10 spool.mail.gandi.net.", "50 fb.mail.gandi.net."]),
    ("@", "TXT", ['"v=spf1 include:_mailcust.gandi.net ?all"']),
    ("webmail", "CNAME", ["webmail.gandi.net."]),
    ("www", "CNAME", ["webredir.vip.gandi.net."]),
    ("_imap._tcp", "SRV", ["0 0 0 ."]),
    ("_imaps._tcp", "SRV", ["0 1 993 mail.gandi.net."]),
    ("_pop3._tcp", "SRV", ["0 0 0 ."]),
    ("_pop3s._tcp", "SRV", ["10 1 995 mail.gandi.net."]),
    ("_submission._tcp", "SRV", ["0 1 465 mail.gandi.net."]),
]


def _short(rrsets: list[dict]) -> list[tuple]:
    return [(r["rrset_name"], r["rrset_type"], r["rrset_values"]) for r in rrsets]


def test_post_domains_registered_vs_unregistered(emu: Emulator, api: httpx.Client) -> None:
    emu.register_domain("registered.org")
    r = api.post("/domains", json={"fqdn": "registered.org", "zone": {}})
    assert (r.status_code, r.json()) == (201, {"message": "Domain Created"})
    assert api.get("/domains/registered.org").status_code == 200
    assert emu.rrsets("registered.org") == []
    r = api.post("/domains", json={"fqdn": "unregistered.org", "zone": {}})
    assert r.status_code == 404
    assert r.json() == {"code": 404, "message": "The resource could not be found.",
                        "object": "HTTPNotFound", "cause": "Not Found"}
    r = api.post("/domains", json={"fqdn": "registered.org", "zone": {"ttl": 86400}})
    assert (r.status_code, r.json()["message"]) == (409, "The domain registered.org already exists")
    emu.update_settings(allow_unregistered_domains=True)
    assert api.post("/domains", json={"fqdn": "unregistered.org"}).status_code == 201


def test_post_domains_with_items_and_seed_knob(emu: Emulator, api: httpx.Client) -> None:
    emu.register_domain("items.org")
    emu.register_domain("seeded.org")
    body = {"fqdn": "items.org", "zone": {"items": [
        {"rrset_name": "www", "rrset_type": "A", "rrset_values": ["192.0.2.1"]}]}}
    assert api.post("/domains", json=body).status_code == 201
    assert _short(emu.rrsets("items.org")) == [("www", "A", ["192.0.2.1"])]
    emu.update_settings(seed_default_records=True)
    assert api.post("/domains", json={"fqdn": "seeded.org", "zone": {}}).status_code == 201
    assert _short(emu.rrsets("seeded.org")) == DEFAULT_ZONE


def test_create_zone_with_seed_defaults(emu: Emulator) -> None:
    emu.create_zone("defaults.org", seed_defaults=True)
    assert _short(emu.rrsets("defaults.org")) == DEFAULT_ZONE
    assert all(r["rrset_ttl"] == 10800 for r in emu.rrsets("defaults.org"))


def test_domain_object_hrefs_point_at_the_emulator(emu: Emulator, api: httpx.Client) -> None:
    base = f"{emu.url}/v5/livedns/domains/{ZONE}"
    assert api.get(f"/domains/{ZONE}").json() == {
        "fqdn": ZONE, "automatic_snapshots": True, "domain_href": base,
        "domain_records_href": f"{base}/records", "domain_keys_href": f"{base}/keys"}
    assert api.get("/domains").json() == [
        {"fqdn": ZONE, "domain_href": base, "domain_records_href": f"{base}/records"}]


def test_hrefs_follow_the_host_header(emu: Emulator, api: httpx.Client) -> None:
    r = api.get(f"/domains/{ZONE}", headers={"Host": "api.gandi.net"})
    assert r.json()["domain_records_href"] == f"http://api.gandi.net/v5/livedns/domains/{ZONE}/records"
    emu.update_settings(public_base_url="https://api.example.test")
    assert api.get(f"/domains/{ZONE}").json()["domain_href"] == (
        f"https://api.example.test/v5/livedns/domains/{ZONE}")


def test_nameservers_and_rrtypes(emu: Emulator, api: httpx.Client) -> None:
    hashed = api.get(f"/domains/{ZONE}/nameservers").json()
    assert len(hashed) == 3 and hashed[1].endswith("-b.gandi.net")
    assert api.get(f"/nameservers/{ZONE}").json() == hashed
    emu.put_rrset(ZONE, "@", "NS", ["ns1.example.net.", "ns2.example.net."])
    assert api.get(f"/domains/{ZONE}/nameservers").json() == ["ns1.example.net", "ns2.example.net"]
    types = api.get("/dns/rrtypes").json()
    assert types[:3] == ["A", "AAAA", "ALIAS"] and "TXT" in types and len(types) == 25


def test_dry_run_is_ignored_unless_honoured(emu: Emulator, api: httpx.Client) -> None:
    headers = {"Dry-Run": "1"}
    api.put(f"/domains/{ZONE}/records/a/A", json={"rrset_values": ["192.0.2.1"]}, headers=headers)
    assert len(emu.rrsets(ZONE)) == 1
    emu.update_settings(honour_dry_run=True)
    r = api.put(f"/domains/{ZONE}/records/b/A", json={"rrset_values": ["192.0.2.1"]},
                headers=headers)
    assert r.status_code == 201
    assert len(emu.rrsets(ZONE)) == 1
    bad = api.put(f"/domains/{ZONE}/records/b/A", json={"rrset_values": ["x"]}, headers=headers)
    assert bad.status_code == 400


def test_dnssec_keys(emu: Emulator, api: httpx.Client) -> None:
    r = api.post(f"/domains/{ZONE}/keys", json={"flags": 257})
    assert (r.status_code, r.json()) == (201, {"message": "Domain Key Created"})
    prefix = f"{emu.url}/v5/livedns/domains/{ZONE}/keys/"
    assert r.headers["location"].startswith(prefix)
    key_id = r.headers["location"][len(prefix):]
    key = api.get(f"/domains/{ZONE}/keys/{key_id}").json()
    assert (key["flags"], key["algorithm"], key["deleted"]) == (257, 13, False)
    assert key["ds"].startswith(f"{ZONE}. IN DS {key['tag']} 13 2 ")
    assert api.delete(f"/domains/{ZONE}/keys/{key_id}").status_code == 204
    assert api.get(f"/domains/{ZONE}/keys").json()[0]["deleted"] is True
    assert api.put(f"/domains/{ZONE}/keys/{key_id}", json={"deleted": False}).status_code == 200
    assert api.get(f"/domains/{ZONE}/keys/{key_id}").json()["deleted"] is False


def test_rate_limit_429_after_n_requests(emu: Emulator, api: httpx.Client) -> None:
    emu.update_settings(rate_limit_per_minute=3)
    assert [api.get(f"/domains/{ZONE}").status_code for _ in range(3)] == [200, 200, 200]
    r = api.get(f"/domains/{ZONE}")
    assert r.status_code == 429
    assert r.json() == {"code": 429, "message": "Too Many Requests",
                        "object": "HTTPTooManyRequests", "cause": "Too Many Requests"}
    assert r.headers["content-type"] == "application/json"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    emu.update_settings(rate_limit_per_minute=0)
    assert api.get(f"/domains/{ZONE}").status_code == 200


def test_persistence_across_restart(data_dir, emu: Emulator, api: httpx.Client) -> None:
    api.put(f"/domains/{ZONE}/records/www/TXT", json={"rrset_values": ["kept"]})
    snap = api.post(f"/domains/{ZONE}/snapshots", json={"name": "s1"}).json()["id"]
    emu.register_domain("later.org")
    emu.stop()
    again = Emulator.start(data_dir, Settings(fsync=False))
    try:
        with client(again) as c:
            assert c.get(f"/domains/{ZONE}/records/www/TXT").json()["rrset_values"] == ['"kept"']
            assert c.get(f"/domains/{ZONE}/snapshots/{snap}").json()["name"] == "s1"
            assert c.post("/domains", json={"fqdn": "later.org"}).status_code == 201
        assert PAT not in (data_dir / "state.json").read_text()
    finally:
        again.stop()


def test_rate_limit_429_without_retry_after_when_set(emu: Emulator, api: httpx.Client) -> None:
    """Whether Gandi's 429 carries Retry-After is unknown: a setting (issue 23)."""
    emu.update_settings(rate_limit_per_minute=2, rate_limit_retry_after=False)
    assert [api.get("/domains").status_code for _ in range(3)] == [200, 200, 429]
    refused = api.get("/domains")
    assert refused.status_code == 429 and "retry-after" not in refused.headers


def test_budget_used_by_others_leaves_the_rest(emu: Emulator, api: httpx.Client) -> None:
    """Another client steadily taking part of the same budget (Caddy, certbot)."""
    emu.update_settings(rate_limit_per_minute=5, rate_limit_used_by_others=3)
    assert [api.get("/domains").status_code for _ in range(3)] == [200, 200, 429]
