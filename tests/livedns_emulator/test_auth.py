"""Authentication and authorisation: 401 vs 403, exact bodies and Content-Type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from livedns_emulator import Emulator

from .conftest import PAT, ZONE, client

BODY_401 = (
    b'{"code":401,"message":"The server could not verify that you authorized to access the'
    b' document you requested. Either you supplied the wrong credentials (e.g., bad api key),'
    b' or your access token has expired","object":"HTTPUnauthorized","cause":"Unauthorized"}'
)
BODY_403 = (b'{"code":403,"message":"Access was denied to this resource.",'
            b'"object":"HTTPForbidden","cause":"Forbidden"}')


def test_missing_header_is_401_with_exact_body_and_content_type(emu: Emulator) -> None:
    with client(emu, token=None) as c:
        r = c.get(f"/domains/{ZONE}")
    assert r.status_code == 401
    assert r.content == BODY_401
    assert r.headers["content-type"] == "application/json"


def test_unknown_malformed_and_wrong_scheme_are_401(emu: Emulator) -> None:
    for headers in ({"Authorization": "Bearer pat_nope_nope_nope_nope_nope"},
                    {"Authorization": "Bearer"}, {"Authorization": f"Basic {PAT}"},
                    {"Authorization": f"Apikey {PAT}"}):
        with client(emu, token=None) as c:
            r = c.get(f"/domains/{ZONE}", headers=headers)
        assert (r.status_code, r.content) == (401, BODY_401)


def test_auth_comes_before_404(emu: Emulator) -> None:
    with client(emu, token=None) as c:
        assert c.get("/domains/unknown.org").status_code == 401
        assert c.get("/no/such/route").status_code == 401


def test_apikey_scheme_works_for_apikey_tokens(emu: Emulator) -> None:
    emu.add_token("shortlegacykey123", scheme="Apikey")
    with client(emu, "shortlegacykey123", scheme="Apikey") as c:
        assert c.get(f"/domains/{ZONE}").status_code == 200
    with client(emu, "shortlegacykey123", scheme="Bearer") as c:
        assert c.get(f"/domains/{ZONE}").status_code == 401


def test_expired_token_is_403_by_default_and_401_by_knob(emu: Emulator) -> None:
    expired = "pat_expired_" + "b" * 20
    emu.add_token(expired, expires_at=datetime.now(UTC) - timedelta(seconds=1))
    with client(emu, expired) as c:
        r = c.get(f"/domains/{ZONE}")
        assert (r.status_code, r.content) == (403, BODY_403)
        assert r.headers["content-type"] == "application/json"
        emu.update_settings(expired_token_status=401)
        assert (c.get(f"/domains/{ZONE}").status_code, ) == (401,)


def test_future_expiry_is_accepted(emu: Emulator) -> None:
    token = "pat_future_" + "c" * 20
    emu.add_token(token, expires_at=datetime.now(UTC) + timedelta(days=90))
    with client(emu, token) as c:
        assert c.get(f"/domains/{ZONE}").status_code == 200


def test_read_only_token_cannot_write(emu: Emulator) -> None:
    token = "pat_readonly_" + "d" * 20
    emu.add_token(token, scopes=("read",))
    with client(emu, token) as c:
        assert c.get(f"/domains/{ZONE}/records").status_code == 200
        r = c.put(f"/domains/{ZONE}/records/www/A", json={"rrset_values": ["192.0.2.1"]})
    assert (r.status_code, r.content) == (403, BODY_403)
    assert emu.rrsets(ZONE) == []


def test_domain_restricted_token(emu: Emulator) -> None:
    emu.create_zone("other.org")
    token = "pat_scoped_" + "e" * 20
    emu.add_token(token, domains=("other.org",))
    with client(emu, token) as c:
        assert c.get("/domains/other.org").status_code == 200
        r = c.get(f"/domains/{ZONE}")
        assert (r.status_code, r.content) == (403, BODY_403)
        assert [d["fqdn"] for d in c.get("/domains").json()] == ["other.org"]


def test_other_organisation_is_forbidden(emu: Emulator) -> None:
    token = "pat_org2_" + "f" * 20
    emu.add_token(token, org="org-2")
    with client(emu, token) as c:
        assert c.get(f"/domains/{ZONE}").status_code == 403
        assert c.get("/domains").json() == []


def test_log_has_labels_never_tokens(emu: Emulator, data_dir) -> None:
    with client(emu) as c:
        c.get(f"/domains/{ZONE}")
    with client(emu, "pat_unknown_" + "g" * 20) as c:
        c.get(f"/domains/{ZONE}")
    assert emu.requests == [
        ("GET", f"/v5/livedns/domains/{ZONE}", 200, "pat-main"),
        ("GET", f"/v5/livedns/domains/{ZONE}", 401, None),
    ]
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert PAT.encode() not in path.read_bytes()


def test_public_nameserver_route_needs_no_token(emu: Emulator) -> None:
    with client(emu, token=None) as c:
        r = c.get(f"/nameservers/{ZONE}")
    assert r.status_code == 200
    assert len(r.json()) == 3 and r.json()[0].startswith("ns-") and r.json()[0].endswith("-a.gandi.net")
