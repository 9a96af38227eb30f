"""The emulator's registrar (Gandi's v5 domain API) over real HTTP, and the parent zone following it."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import dns.flags
import dns.message
import dns.query
import dns.rdatatype
import httpx
import pytest

from livedns_emulator import Emulator
from livedns_emulator.dns_zone import DS_TTL
from tests.unit.verify.conftest import PAT, ZONE

OLD = ["ns1.old-dns.example", "ns2.old-dns.example"]
KEY = base64.b64encode(bytes(range(64))).decode()


@pytest.fixture
def registered(emu: Emulator) -> Emulator:
    emu.register_domain(ZONE)
    return emu


@pytest.fixture
def domain_api(emu: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{emu.url}/v5/domain", headers={"Authorization": f"Bearer {PAT}"},
                      timeout=5) as client:
        yield client


def parent_answer(emu: Emulator, rtype: str) -> dns.message.Message:
    """What the parent's server answers for ``ZONE`` (a referral for NS, an answer for DS)."""
    assert emu.dns is not None
    query = dns.message.make_query(ZONE, rtype)
    query.flags &= ~dns.flags.RD
    return dns.query.udp(query, "127.0.0.1", port=emu.dns.parent.port, timeout=2)


def parent_ns(emu: Emulator) -> list[str]:
    response = parent_answer(emu, "NS")
    return sorted(r.target.to_text() for rrset in response.authority + response.answer
                  if rrset.rdtype == dns.rdatatype.NS for r in rrset)


def livedns_ns(emu: Emulator) -> list[str]:
    return httpx.get(f"{emu.url}/v5/livedns/nameservers/{ZONE}").json()


def test_a_registered_domain_starts_on_livedns(registered: Emulator, domain_api: httpx.Client) -> None:
    got = domain_api.get(f"/domains/{ZONE}/nameservers")
    assert got.status_code == 200 and got.json() == livedns_ns(registered)
    assert domain_api.get(f"/domains/{ZONE}/livedns").json()["current"] == "livedns"


def test_a_put_changes_what_the_parent_delegates_to(registered: Emulator, domain_api: httpx.Client) -> None:
    put = domain_api.put(f"/domains/{ZONE}/nameservers", json={"nameservers": OLD})
    assert put.status_code == 202, put.text
    assert domain_api.get(f"/domains/{ZONE}/nameservers").json() == OLD  # as sent, in order
    assert parent_ns(registered) == [f"{n}." for n in OLD]
    assert domain_api.get(f"/domains/{ZONE}/livedns").json()["current"] == "other"
    back = domain_api.post(f"/domains/{ZONE}/livedns")
    assert back.status_code == 202
    assert parent_ns(registered) == sorted(f"{n}." for n in livedns_ns(registered))


def test_delegate_is_the_registrar_change_seen_through_the_api(registered: Emulator,
                                                               domain_api: httpx.Client) -> None:
    assert registered.dns is not None
    registered.dns.delegate(ZONE, OLD)
    assert domain_api.get(f"/domains/{ZONE}/nameservers").json() == OLD


def test_bad_nameservers_and_unknown_domains_are_refused(registered: Emulator, domain_api: httpx.Client) -> None:
    for body in ({}, {"nameservers": []}, {"nameservers": ["not a host"]}, {"nameservers": [1]}):
        assert domain_api.put(f"/domains/{ZONE}/nameservers", json=body).status_code == 400, body
    assert domain_api.get("/domains/example.net/nameservers").status_code == 404  # not registered
    assert httpx.get(f"{registered.url}/v5/domain/domains/{ZONE}/nameservers").status_code == 401
    assert parent_ns(registered) == sorted(f"{n}." for n in livedns_ns(registered))  # nothing changed


def test_a_registry_key_publishes_a_ds_until_deleted(registered: Emulator, domain_api: httpx.Client) -> None:
    created = domain_api.post(f"/domains/{ZONE}/dnskeys",
                              json={"algorithm": 13, "type": "ksk", "public_key": KEY})
    assert created.status_code == 201, created.text
    [key] = domain_api.get(f"/domains/{ZONE}/dnskeys").json()
    assert key["public_key"] == KEY and isinstance(key["id"], int) and key["digest_type"] == 2
    answer = parent_answer(registered, "DS")
    [ds] = answer.answer
    assert ds.ttl == DS_TTL and [r.key_tag for r in ds] == [key["keytag"]]
    assert [r.digest.hex() for r in ds] == [key["digest"]]
    assert domain_api.delete(f"/domains/{ZONE}/dnskeys/{key['id']}").status_code == 204
    assert parent_answer(registered, "DS").answer == []
    assert domain_api.delete(f"/domains/{ZONE}/dnskeys/{key['id']}").status_code == 404


def test_bad_keys_are_refused(registered: Emulator, domain_api: httpx.Client) -> None:
    for body in ({"algorithm": 13, "type": "ksk", "public_key": "%%%"},
                 {"algorithm": "13", "type": "ksk", "public_key": KEY},
                 {"algorithm": 13, "type": "other", "public_key": KEY}):
        assert domain_api.post(f"/domains/{ZONE}/dnskeys", json=body).status_code == 400, body
    assert domain_api.get(f"/domains/{ZONE}/dnskeys").json() == []


def test_the_registrar_survives_a_restart(registered: Emulator, domain_api: httpx.Client) -> None:
    domain_api.put(f"/domains/{ZONE}/nameservers", json={"nameservers": OLD})
    data_dir = registered.app.store.data_dir
    again = Emulator.start(data_dir)
    try:
        with again.app.store.read() as state:
            assert state.registrar_ns[ZONE] == OLD
    finally:
        again.stop()


def test_the_parent_serves_its_ns_and_ds_with_the_configured_ttls(registered: Emulator,
                                                                 domain_api: httpx.Client) -> None:
    registered.update_settings(parent_ns_ttl=120, parent_ds_ttl=60)  # shows at the next write
    assert domain_api.post(f"/domains/{ZONE}/dnskeys",
                           json={"algorithm": 13, "type": "ksk", "public_key": KEY}).status_code == 201
    [ds] = parent_answer(registered, "DS").answer
    referral = parent_answer(registered, "NS")
    [ns] = [r for r in referral.authority + referral.answer if r.rdtype == dns.rdatatype.NS]
    assert (ds.ttl, ns.ttl) == (60, 120)
