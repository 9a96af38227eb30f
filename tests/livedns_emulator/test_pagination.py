"""Pagination (§8): Total-Count for octodns, Link (absent on the last page) for go-gandi."""

from __future__ import annotations

import httpx

from livedns_emulator import Emulator

from .conftest import ZONE, records_url

NAMES = [f"h{i}" for i in range(7)]


def _fill(emu: Emulator) -> None:
    for name in NAMES:
        emu.put_rrset(ZONE, name, "A", ["192.0.2.1"])


def test_headers_and_link(emu: Emulator, api: httpx.Client) -> None:
    _fill(emu)
    r = api.get(records_url(), params={"page": 1, "per_page": 3})
    base = f"{emu.url}/v5/livedns/domains/{ZONE}/records"
    assert [x["rrset_name"] for x in r.json()] == ["h0", "h1", "h2"]
    assert (r.headers["total-count"], r.headers["filtered-count"]) == ("7", "7")
    assert r.headers["link"] == (f'<{base}?page=2&per_page=3>; rel="next", '
                                 f'<{base}?page=3&per_page=3>; rel="last"')
    last = api.get(records_url(), params={"page": 3, "per_page": 3})
    assert [x["rrset_name"] for x in last.json()] == ["h6"]
    assert "link" not in last.headers
    assert api.get(records_url(), params={"page": 9, "per_page": 3}).json() == []


def test_go_gandi_follows_link_with_doubled_sharing_id(emu: Emulator, api: httpx.Client) -> None:
    """go-gandi: no page params first, strips its base from Link, appends ?sharing_id=."""
    _fill(emu)
    emu.update_settings(page_size=3)
    prefix = f"{emu.url}/v5/livedns"
    path, names, pages = f"/domains/{ZONE}/records?sharing_id=org-1", [], 0
    while True:
        r = api.get(path)
        assert r.status_code == 200
        pages += 1
        names += [x["rrset_name"] for x in r.json()]
        link = r.headers.get("link")
        if link is None:
            break
        next_url = link.split(";")[0].strip("<>")
        assert next_url.startswith(prefix)
        path = next_url[len(prefix):] + "?sharing_id=org-1"
    assert (names, pages) == (NAMES, 3)
    assert emu.requests[-1].path.endswith(
        "records?page=3&per_page=3&sharing_id=org-1?sharing_id=org-1")


def test_quirky_query_numbers_take_leading_digits(emu: Emulator, api: httpx.Client) -> None:
    _fill(emu)
    r = api.get(f"/domains/{ZONE}/records?page=2&per_page=3?sharing_id=org-1")
    assert [x["rrset_name"] for x in r.json()] == ["h3", "h4", "h5"]


def test_octodns_loops_on_total_count(emu: Emulator, api: httpx.Client) -> None:
    _fill(emu)
    collected, page = [], 1
    while True:
        r = api.get(records_url(), params={"page": page, "per_page": 2})
        collected += r.json()
        if len(collected) >= int(r.headers["total-count"]):
            break
        page += 1
    assert ([x["rrset_name"] for x in collected], page) == (NAMES, 4)


def test_default_page_size_is_500(emu: Emulator, api: httpx.Client) -> None:
    items = [{"rrset_name": f"n{i:03d}", "rrset_type": "A", "rrset_values": ["192.0.2.1"]}
             for i in range(501)]
    assert api.put(records_url(), json={"items": items}).status_code == 201
    r = api.get(records_url())
    assert (len(r.json()), r.headers["total-count"]) == (500, "501")
    assert 'page=2&per_page=500>; rel="next"' in r.headers["link"]


def test_rrset_type_filter(emu: Emulator, api: httpx.Client) -> None:
    _fill(emu)
    emu.put_rrset(ZONE, "h0", "TXT", ["x"])
    r = api.get(records_url(), params={"rrset_type": "TXT"})
    assert [(x["rrset_name"], x["rrset_type"]) for x in r.json()] == [("h0", "TXT")]
    assert (r.headers["total-count"], r.headers["filtered-count"]) == ("8", "1")


def test_domains_list_is_paginated(emu: Emulator, api: httpx.Client) -> None:
    emu.create_zone("a.org")
    emu.create_zone("b.org")
    r = api.get("/domains", params={"per_page": 2})
    assert [d["fqdn"] for d in r.json()] == ["a.org", "b.org"]
    assert r.headers["total-count"] == "3" and 'rel="next"' in r.headers["link"]
    assert api.get("/domains", params={"sharing_id": "org-9"}).json() == []
