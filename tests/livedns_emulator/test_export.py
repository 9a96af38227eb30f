"""text/plain zone files: export of records and import with PUT /records."""

from __future__ import annotations

import httpx

from livedns_emulator import Emulator

from .conftest import ZONE, records_url

TEXT = {"Accept": "text/plain"}


def test_zone_export(emu: Emulator, api: httpx.Client) -> None:
    emu.put_rrset(ZONE, "www", "A", ["192.0.2.1", "192.0.2.2"], ttl=300)
    emu.put_rrset(ZONE, "@", "TXT", ["v=spf1 -all"])
    emu.put_rrset(ZONE, "_dmarc", "TXT", ["v=DMARC1; p=none"])
    r = api.get(records_url(), headers=TEXT)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text == ('@ 10800 IN TXT "v=spf1 -all"\n'
                      "www 300 IN A 192.0.2.1\n"
                      "www 300 IN A 192.0.2.2\n"
                      '_dmarc 10800 IN TXT "v=DMARC1; p=none"\n')
    assert api.get(records_url("www", "A"), headers=TEXT).text == (
        "www 300 IN A 192.0.2.1\nwww 300 IN A 192.0.2.2\n")


def test_zone_import_text_plain(emu: Emulator, api: httpx.Client) -> None:
    zone_text = ("$TTL 600\n"
                 "@ 10800 IN SOA ns1.gandi.net. hostmaster.gandi.net. 1 10800 3600 604800 10800\n"
                 "; a comment\n"
                 "@ IN A 192.0.2.1\n"
                 "www 300 IN CNAME @\n"
                 "txt 900 IN TXT \"a\" \"b\"\n"
                 "    900 IN TXT plain\n")
    r = api.put(records_url(), content=zone_text, headers={"Content-Type": "text/plain"})
    assert r.status_code == 201
    assert emu.rrsets(ZONE) == [
        {"rrset_name": "@", "rrset_type": "A", "rrset_ttl": 600, "rrset_values": ["192.0.2.1"]},
        {"rrset_name": "txt", "rrset_type": "TXT", "rrset_ttl": 900,
         "rrset_values": ['"a" "b"', '"plain"']},
        {"rrset_name": "www", "rrset_type": "CNAME", "rrset_ttl": 300, "rrset_values": ["@"]},
    ]
