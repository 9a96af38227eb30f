"""The chain of trust over zone shapes real record files have (``zonestack/verify/dnssec_chain.py``):
a wildcard (the denial probe is answered by it, RFC 4035 §3.1.3.3), a TXT longer than one
character-string, a secure delegation (signed DS at the cut, RFC 4035 §2.4), and mixed-case names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.verify.conftest import knot_or_skip
from tests.unit.verify.test_dnssec_chain import CHILD, SETS, World, _key, ds_of, signed
from zonestack.model import RecordSet


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    knot_or_skip()
    started = World(tmp_path)
    yield started
    started.stop()


LONG = "v=DKIM1; k=rsa; p=" + "A" * 400


@pytest.mark.parametrize("extra, sets", [
    ("* 300 IN A 192.0.2.99\n", (RecordSet("*", "A", 300, ("192.0.2.99",)),)),
    ("* 300 IN TXT \"catch-all\"\n", (RecordSet("*", "TXT", 300, ('"catch-all"',)),)),
    ("*.dev 300 IN CNAME example.org.\n", (RecordSet("*.dev", "CNAME", 300, ("example.org.",)),)),
    (f'k1._domainkey 300 IN TXT "{LONG[:255]}" "{LONG[255:]}"\n',
     (RecordSet("k1._domainkey", "TXT", 300, (f'"{LONG[:255]}" "{LONG[255:]}"',)),)),
    ("Shop 300 IN A 192.0.2.8\n", (RecordSet("Shop", "A", 300, ("192.0.2.8",)),)),
    ("lab 3600 IN NS ns1.lab.example.org.\nlab 3600 IN DS 12345 13 2 " + "ab" * 32 + "\n"
     "ns1.lab 3600 IN A 192.0.2.53\n",
     (RecordSet("lab", "NS", 3600, ("ns1.lab.example.org.",)), RecordSet("lab", "DS", 3600, ("12345 13 2 " + "ab" * 32,)),
      RecordSet("ns1.lab", "A", 3600, ("192.0.2.53",)))),
], ids=["wildcard-A", "wildcard-TXT", "wildcard-CNAME-below", "long-TXT", "mixed-case", "secure-delegation"])
def test_real_zone_shapes_are_proven(world: World, extra: str, sets: tuple[RecordSet, ...]) -> None:
    key = _key()
    world.serve(signed(CHILD + extra, key), [ds_of(key)])
    report = world.prove((*SETS, *sets))
    assert report.ok, [s.line() for s in report.steps]
