"""rrset CRUD: status codes, real messages, names, TTL and value validation."""

from __future__ import annotations

import httpx
import pytest

from livedns_emulator import Emulator

from .conftest import ZONE, records_url

NOT_FOUND = {"code": 404, "message": "The resource could not be found.",
             "object": "HTTPNotFound", "cause": "Not Found"}


def rr_not_found(name: str, rtype: str) -> dict:
    return {"code": 404, "message": f"Can't find the DNS record {name}/{rtype} in the zone",
            "object": "dns-record", "cause": "Not Found"}


def test_post_get_conflict_delete_cycle(emu: Emulator, api: httpx.Client) -> None:
    body = {"rrset_name": "www", "rrset_type": "A", "rrset_values": ["192.0.2.1"]}
    r = api.post(records_url(), json=body)
    assert (r.status_code, r.json()) == (201, {"message": "DNS Record Created"})
    assert r.headers["location"] == f"{emu.url}/v5/livedns/domains/{ZONE}/records/www/A"
    r = api.post(records_url(), json=body)
    assert r.status_code == 409
    assert r.json() == {"code": 409, "message": "This record already exists",
                        "object": "HTTPConflict", "cause": "Duplicate Entry"}
    assert r.headers["content-type"] == "application/json"
    r = api.get(records_url("www", "A"))
    assert r.json() == {"rrset_type": "A", "rrset_ttl": 10800, "rrset_name": "www",
                        "rrset_href": f"{emu.url}/v5/livedns/domains/{ZONE}/records/www/A",
                        "rrset_values": ["192.0.2.1"]}
    r = api.delete(records_url("www", "A"))
    assert (r.status_code, r.content, r.headers.get("content-type")) == (204, b"", None)
    r = api.get(records_url("www", "A"))
    assert (r.status_code, r.json()) == (404, rr_not_found("www", "A"))
    assert r.headers["content-type"] == "application/json"
    assert api.delete(records_url("www", "A")).json() == rr_not_found("www", "A")


def test_404_body_is_spaced_json(api: httpx.Client) -> None:
    r = api.get(records_url("nope", "TXT"))
    assert r.content == (b'{"code": 404, "message": "Can\'t find the DNS record nope/TXT in the'
                         b' zone", "object": "dns-record", "cause": "Not Found"}')


def test_unknown_zone_is_generic_404(api: httpx.Client) -> None:
    for path in ("/domains/nope.org", "/domains/nope.org/records", "/domains/sub.example.com"):
        r = api.get(path)
        assert (r.status_code, r.json()) == (404, NOT_FOUND)


def test_post_by_name_and_by_name_type(emu: Emulator, api: httpx.Client) -> None:
    r = api.post(records_url("mail"), json={"rrset_type": "MX", "rrset_values": ["10 mx.example.net."]})
    assert r.status_code == 201
    r = api.post(records_url("docs", "CNAME"), json={"rrset_values": ["docs.example.com"]})
    assert r.status_code == 201
    assert api.post(records_url("docs", "CNAME"), json={"rrset_values": ["x"]}).status_code == 409
    assert emu.rrsets(ZONE) == [
        {"rrset_name": "docs", "rrset_type": "CNAME", "rrset_ttl": 10800,
         "rrset_values": ["docs.example.com"]},
        {"rrset_name": "mail", "rrset_type": "MX", "rrset_ttl": 10800,
         "rrset_values": ["10 mx.example.net."]},
    ]


def test_put_upserts_and_never_preserves_ttl(emu: Emulator, api: httpx.Client) -> None:
    r = api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.1"], "rrset_ttl": 3600})
    assert (r.status_code, r.json()) == (201, {"message": "DNS Record Created"})
    assert api.get(records_url("www", "A")).json()["rrset_ttl"] == 3600
    api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.2"]})
    got = api.get(records_url("www", "A")).json()
    assert (got["rrset_ttl"], got["rrset_values"]) == (10800, ["192.0.2.2"])


def test_put_ignores_body_name_type_href(emu: Emulator, api: httpx.Client) -> None:
    body = {"rrset_name": "other", "rrset_type": "AAAA", "rrset_href": "http://x/y",
            "rrset_values": ["192.0.2.9"], "rrset_ttl": 300}
    assert api.put(records_url("www", "A"), json=body).status_code == 201
    assert emu.rrsets(ZONE) == [{"rrset_name": "www", "rrset_type": "A", "rrset_ttl": 300,
                                 "rrset_values": ["192.0.2.9"]}]


@pytest.mark.parametrize("ttl,status", [(299, 400), (300, 201), (2592000, 201), (2592001, 400),
                                         ("600", 400), (0, 201)])
def test_ttl_bounds(api: httpx.Client, ttl: object, status: int) -> None:
    r = api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.1"], "rrset_ttl": ttl})
    assert r.status_code == status
    if status == 400:
        assert r.json()["status"] == "error" and "code" not in r.json()


def test_ttl_error_shape_b(api: httpx.Client) -> None:
    r = api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.1"], "rrset_ttl": 60})
    param = "{'rrset_type': 'A', 'rrset_ttl': 60, 'rrset_name': 'www', 'rrset_values': ['192.0.2.1']}"
    assert r.json() == {"status": "error", "errors": [{
        "location": "body", "name": "items",
        "description": f"60: rrset_ttl must be between 300 and 2592000 (param: {param})"}]}


def test_invalid_a_value_shape_b(api: httpx.Client) -> None:
    r = api.put(records_url("www", "A"), json={"rrset_values": ["toto"]})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/json"
    param = "{'rrset_type': 'A', 'rrset_ttl': 10800, 'rrset_name': 'www', 'rrset_values': ['toto']}"
    assert r.json() == {"status": "error", "errors": [{
        "location": "body", "name": "items",
        "description": f"'toto': must be an IP address (param: {param})"}]}


def test_ns_ip_values_are_invalid_hostnames_one_error_each(api: httpx.Client) -> None:
    r = api.post(records_url(), json={"rrset_name": "sub", "rrset_type": "NS",
                                      "rrset_values": ["6.2.3.4.", "7.2.3.4.", "ns1.example.net."]})
    errors = r.json()["errors"]
    assert r.status_code == 400
    assert [e["description"].split(" (param")[0] for e in errors] == [
        "'6.2.3.4.': invalid hostname", "'7.2.3.4.': invalid hostname"]


@pytest.mark.parametrize("rtype,value,ok", [
    ("AAAA", "2001:db8::1", True), ("AAAA", "192.0.2.1", False), ("MX", "10 mx", True),
    ("MX", "mx", False), ("SRV", "0 1 993 mail.gandi.net.", True), ("SRV", "0 0 0 .", True),
    ("CAA", '0 issue "letsencrypt.org"', True), ("CNAME", "10.0.0.1", False),
    ("SSHFP", "1 1 123456789abcdef67890123456789abcdef67890", True), ("FOO", "x", False),
])
def test_value_validation(api: httpx.Client, rtype: str, value: str, ok: bool) -> None:
    r = api.put(records_url("val", rtype), json={"rrset_values": [value]})
    assert r.status_code == (201 if ok else 400)


def test_alias_only_at_apex(api: httpx.Client) -> None:
    r = api.post(records_url(), json={"rrset_name": "www", "rrset_type": "ALIAS",
                                      "rrset_values": ["target.example.net."]})
    assert r.status_code == 400
    assert r.json()["errors"][0]["description"].startswith(
        "'www': only '@' is allowed for ALIAS records (param: ")
    r = api.post(records_url(), json={"rrset_name": "@", "rrset_type": "ALIAS",
                                      "rrset_values": ["target.example.net."]})
    assert r.status_code == 201


def test_absolute_names(emu: Emulator, api: httpx.Client) -> None:
    r = api.put(records_url("_acme-challenge.", "TXT"), json={"rrset_values": ["t"]})
    assert r.status_code == 400
    assert r.json() == {"code": 400, "object": "HTTPBadRequest", "cause": "Bad Request",
                        "message": "Absolute rrset_name must end with example.com. (_acme-challenge.)"}
    api.post(records_url(), json={"rrset_name": "www.example.com.", "rrset_type": "A",
                                  "rrset_values": ["192.0.2.1"]})
    api.put(records_url("example.com.", "A"), json={"rrset_values": ["192.0.2.2"]})
    assert [(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets(ZONE)] == [("@", "A"), ("www", "A")]


def test_escaped_apex_wildcard_and_case(emu: Emulator, api: httpx.Client) -> None:
    api.put(records_url("@", "A"), json={"rrset_values": ["192.0.2.1"]})
    assert api.get(records_url("%40", "A")).json()["rrset_href"].endswith("/records/%40/A")
    api.put(records_url("*", "A"), json={"rrset_values": ["192.0.2.3"]})
    assert api.get(records_url("%2A", "A")).json()["rrset_name"] == "*"
    api.put(records_url("WWW", "a"), json={"rrset_values": ["192.0.2.4"]})
    assert api.get(records_url("www", "A")).json()["rrset_values"] == ["192.0.2.4"]
    assert api.get("/domains/EXAMPLE.com./records/www/A").status_code == 200


def test_by_name_routes(emu: Emulator, api: httpx.Client) -> None:
    api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.1"]})
    api.put(records_url("www", "TXT"), json={"rrset_values": ["hello"]})
    got = api.get(records_url("www")).json()
    assert [(r["rrset_type"], r["rrset_values"]) for r in got] == [
        ("A", ["192.0.2.1"]), ("TXT", ['"hello"'])]
    assert api.get(records_url("unused")).json() == []
    r = api.put(records_url("www"), json={"items": [
        {"rrset_name": "example.com", "rrset_type": "AAAA", "rrset_values": ["2001:db8::1"]}]})
    assert r.status_code == 201
    assert [(x["rrset_name"], x["rrset_type"]) for x in emu.rrsets(ZONE)] == [("www", "AAAA")]
    assert api.delete(records_url("www")).status_code == 204
    assert emu.rrsets(ZONE) == []
    assert api.delete(records_url("www")).json() == NOT_FOUND
    emu.update_settings(delete_missing_name_status=204, missing_name_get_404=True)
    assert api.delete(records_url("www")).status_code == 204
    assert api.get(records_url("www")).status_code == 404


def test_patch_adds_and_removes_values(emu: Emulator, api: httpx.Client) -> None:
    api.put(records_url("t", "TXT"), json={"rrset_values": ["a", "b"], "rrset_ttl": 600})
    r = api.patch(records_url("t", "TXT"), json={"add_rrset_values": ["c"],
                                                 "remove_rrset_values": ["a"]})
    assert r.status_code == 200
    assert (r.json()["rrset_values"], r.json()["rrset_ttl"]) == (['"b"', '"c"'], 600)
    assert api.patch(records_url("u", "TXT"), json={"add_rrset_values": ["x"]}).status_code == 404


def test_empty_values(emu: Emulator, api: httpx.Client) -> None:
    assert api.post(records_url("e", "TXT"), json={"rrset_values": []}).status_code == 400
    assert api.put(records_url("e", "TXT"), json={"rrset_values": []}).status_code == 201
    assert api.get(records_url("e", "TXT")).json()["rrset_values"] == []
    emu.update_settings(keep_empty_rrset_on_put=False)
    api.put(records_url("e", "TXT"), json={"rrset_values": []})
    assert api.get(records_url("e", "TXT")).status_code == 404


def test_zone_put_and_delete(emu: Emulator, api: httpx.Client) -> None:
    api.put(records_url("old", "A"), json={"rrset_values": ["192.0.2.1"]})
    r = api.put(records_url(), json={"items": [
        {"rrset_name": "new", "rrset_type": "A", "rrset_values": ["192.0.2.2"], "rrset_ttl": 900}]})
    assert r.status_code == 201
    assert emu.rrsets(ZONE) == [{"rrset_name": "new", "rrset_type": "A", "rrset_ttl": 900,
                                 "rrset_values": ["192.0.2.2"]}]
    assert api.delete(records_url()).status_code == 204
    assert emu.rrsets(ZONE) == []


def test_invalid_write_leaves_state_untouched(emu: Emulator, api: httpx.Client) -> None:
    api.put(records_url("a", "A"), json={"rrset_values": ["192.0.2.1"]})
    r = api.put(records_url(), json={"items": [
        {"rrset_name": "b", "rrset_type": "A", "rrset_values": ["192.0.2.2"]},
        {"rrset_name": "c", "rrset_type": "A", "rrset_values": ["nope"]}]})
    assert r.status_code == 400
    assert [x["rrset_name"] for x in emu.rrsets(ZONE)] == ["a"]


def test_ordering(emu: Emulator, api: httpx.Client) -> None:
    for name, rtype, value in [("_dmarc", "TXT", "v"), ("www", "A", "192.0.2.1"),
                               ("@", "TXT", "x"), ("@", "A", "192.0.2.2"), ("mail", "A", "192.0.2.3"),
                               ("@", "MX", "10 mail")]:
        emu.put_rrset(ZONE, name, rtype, [value])
    got = [(r["rrset_name"], r["rrset_type"]) for r in api.get(records_url()).json()]
    assert got == [("@", "A"), ("@", "MX"), ("@", "TXT"), ("mail", "A"), ("www", "A"),
                   ("_dmarc", "TXT")]


def test_go_gandi_bodies_on_get_and_delete_are_ignored(api: httpx.Client) -> None:
    api.put(records_url("www", "A"), json={"rrset_values": ["192.0.2.1"]})
    r = api.request("GET", records_url("www", "A"), content=b"{}",
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    r = api.request("DELETE", records_url("www", "A"), content=b"{}",
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 204


def test_unsupported_method_is_405(api: httpx.Client) -> None:
    r = api.patch(records_url())
    assert r.status_code == 405 and r.json()["code"] == 405


def test_cname_beside_other_types_is_refused_by_default(emu: Emulator, api: httpx.Client) -> None:
    """docs/gandi-livedns.md §6 (kiwix/operations#783): Gandi answers 400 to a CNAME next to other types."""
    assert emu.settings.reject_cname_conflicts is True
    assert api.post(records_url("www", "CNAME"), json={"rrset_values": ["webredir.vip.gandi.net."]}).status_code == 201
    refused = api.post(records_url("www", "A"), json={"rrset_values": ["192.0.2.1"]})
    assert refused.status_code == 400 and "a CNAME cannot coexist with other records" in refused.text
    assert api.put(records_url("@", "CNAME"), json={"rrset_values": ["example.net."]}).status_code == 400
    assert [(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets(ZONE)] == [("www", "CNAME")]
