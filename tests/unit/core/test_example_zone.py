"""The example zone (``records/example.com.yaml`` as shipped; tests read its copy in tests/fixtures/records): valid, and a showcase of every record type the issue asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonestack.loader import check_zone
from zonestack.model import RecordSet, Zone
from zonestack.names import APEX
from zonestack.rdata import wire_to_text

EXAMPLE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "records" / "example.com.yaml"


@pytest.fixture(scope="module")
def zone() -> Zone:
    loaded, findings = check_zone(EXAMPLE)
    assert findings == [], "\n".join(map(str, findings))
    assert loaded is not None
    return loaded


def _get(zone: Zone, name: str, rtype: str) -> RecordSet:
    record = zone.by_key.get((name, rtype))
    assert record is not None, f"{name} {rtype} missing from {EXAMPLE.name}"
    return record


def _types(zone: Zone) -> set[str]:
    return {r.type for r in zone.records}


def test_validates_as_example_com(zone: Zone) -> None:
    assert zone.name == "example.com"
    assert 300 <= zone.ttl <= 2592000


def test_has_every_demanded_type(zone: Zone) -> None:
    assert {"A", "AAAA", "CNAME", "ALIAS", "MX", "TXT", "SRV", "CAA", "NS"} <= _types(zone)


def test_alias_at_the_apex(zone: Zone) -> None:
    alias = _get(zone, APEX, "ALIAS")
    assert len(alias.values) == 1 and alias.values[0].endswith(".")


def test_a_and_aaaa(zone: Zone) -> None:
    assert all(v.count(".") == 3 for v in _get(zone, "app", "A").values)
    assert all(":" in v for v in _get(zone, "app", "AAAA").values)


def test_cname(zone: Zone) -> None:
    assert _get(zone, "www", "CNAME").values == ("example.com.",)


def test_mx_targets_are_absolute(zone: Zone) -> None:
    mx = _get(zone, APEX, "MX").values
    assert len(mx) >= 1
    for value in mx:
        preference, host = value.split()
        assert preference.isdigit() and host.endswith(".")


def test_spf(zone: Zone) -> None:
    texts = [wire_to_text(v) for v in _get(zone, APEX, "TXT").values]
    assert any(t.startswith("v=spf1 ") for t in texts)


def test_dkim_longer_than_255_bytes_is_split_in_two_quoted_strings(zone: Zone) -> None:
    dkim = [r for r in zone.records if r.name.endswith("._domainkey") and r.type == "TXT"]
    assert len(dkim) == 1
    (value,) = dkim[0].values
    text = wire_to_text(value)
    assert text.startswith("v=DKIM1;") and 255 < len(text) <= 510
    first, second = value[1:-1].split('" "')
    assert len(first) == 255 and first + second == text
    assert value == f'"{text[:255]}" "{text[255:]}"'


def test_dmarc(zone: Zone) -> None:
    (value,) = _get(zone, "_dmarc", "TXT").values
    assert wire_to_text(value).startswith("v=DMARC1;")


def test_srv(zone: Zone) -> None:
    srv = [r for r in zone.records if r.type == "SRV"]
    assert srv and all(r.name.startswith("_") and ("._tcp" in r.name or "._udp" in r.name) for r in srv)
    for record in srv:
        for value in record.values:
            priority, weight, port, target = value.split()
            assert priority.isdigit() and weight.isdigit() and 0 < int(port) < 65536 and target.endswith(".")


def test_caa(zone: Zone) -> None:
    assert '0 issue "letsencrypt.org"' in _get(zone, APEX, "CAA").values


def test_ns_delegation_with_glue(zone: Zone) -> None:
    delegations = [r for r in zone.records if r.type == "NS"]
    assert delegations and all(r.name != APEX for r in delegations)
    cut = delegations[0].name
    glue = [r for r in zone.records if r.name.endswith("." + cut)]
    assert glue and all(r.type in ("A", "AAAA") for r in glue)


def test_wildcard(zone: Zone) -> None:
    assert any(r.name.startswith("*.") or r.name == "*" for r in zone.records)


def test_idn_name_stored_as_punycode(zone: Zone) -> None:
    assert _get(zone, "xn--bcher-kva", "CNAME").values == ("www.example.com.",)
    assert "bücher" in EXAMPLE.read_text(encoding="utf-8")  # written in Unicode in the file


def test_ignore_acme_challenge(zone: Zone) -> None:
    assert "_acme-challenge*" in zone.ignore
    assert zone.is_ignored("_acme-challenge") and zone.is_ignored("_acme-challenge.www")
    assert not zone.is_ignored("www")


def test_record_lines_point_into_the_file(zone: Zone) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for record in zone.records:
        assert lines[record.line - 1].lstrip().startswith("- name:"), record
