"""The YAML writer: output validates, round-trips to the same model, is stable."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from zonestack.exporters.yaml import render_zone, scalar
from zonestack.loader import check_text, load_zone
from zonestack.model import RecordSet, Zone
from zonestack.rdata import canonical_value

EXAMPLE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "records" / "example.com.yaml"


def _reload(zone: Zone) -> Zone:
    loaded, findings = check_text(render_zone(zone).text.encode(), f"{zone.name}.yaml", zone.name)
    assert findings == []
    assert loaded is not None
    return loaded


def _sets(zone: Zone) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    return {r.key: (r.ttl, r.values) for r in zone.records}


def test_example_zone_round_trips() -> None:
    zone = load_zone(EXAMPLE)
    again = _reload(zone)
    assert _sets(again) == _sets(zone)
    assert (again.ttl, again.ignore, again.forbid) == (zone.ttl, zone.ignore, zone.forbid)


def test_exact_text_for_a_small_zone() -> None:
    zone = Zone("example.org", (
        RecordSet("www", "CNAME", 3600, ("example.org.",)),
        RecordSet("@", "TXT", 300, ('"v=spf1 -all"',)),
        RecordSet("@", "A", 3600, ("192.0.2.1", "192.0.2.2")),
    ), ttl=3600, ignore=("_acme-challenge*",))
    rendered = render_zone(zone, source="Imported from test.\nSecond line.")
    assert rendered.text == """\
# Imported from test.
# Second line.
# Record file: see docs/records-format.md; validate with `zonestack validate`.
zone: example.org
ttl: 3600
ignore:
  - "_acme-challenge*"
records:
  - name: "@"
    type: A
    values:
      - 192.0.2.1
      - 192.0.2.2
  - name: "@"
    type: TXT
    ttl: 300
    values:
      - "v=spf1 -all"
  - name: www
    type: CNAME
    values:
      - example.org.
"""
    assert rendered.lines == {("@", "A"): 9, ("@", "TXT"): 14, ("www", "CNAME"): 19}


def test_order_does_not_depend_on_input_order() -> None:
    a = RecordSet("b", "A", 300, ("192.0.2.1",))
    b = RecordSet("a", "AAAA", 300, ("2001:db8::1",))
    c = RecordSet("a", "A", 300, ("192.0.2.3",))
    one = render_zone(Zone("example.org", (a, b, c), ttl=300)).text
    two = render_zone(Zone("example.org", (c, a, b), ttl=300)).text
    assert one == two


def test_scalar_quotes_what_yaml_would_misread() -> None:
    assert [scalar(s) for s in ("www", "yes", "1.5", "on", "a: b", "#x", "@", "10:20")] == [
        "www", '"yes"', '"1.5"', '"on"', '"a: b"', '"#x"', '"@"', '"10:20"']


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=600))
def test_any_printable_txt_round_trips(text: str) -> None:
    wire = canonical_value("TXT", text, "example.org")
    zone = Zone("example.org", (RecordSet("t", "TXT", 300, (wire,)),), ttl=300)
    assert _sets(_reload(zone)) == {("t", "TXT"): (300, (wire,))}
