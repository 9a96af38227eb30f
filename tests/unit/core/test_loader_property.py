"""Property tests: the loader never crashes; resource IDs are injective and Terraform-safe."""

from __future__ import annotations

import re
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from zonestack.findings import Finding
from zonestack.loader import check_text
from zonestack.model import TTL_MAX, TTL_MIN, Zone
from zonestack.names import APEX, WILDCARD, normalise_name
from zonestack.resource_ids import record_id
from zonestack.rrtypes import GANDI_TYPES
from zonestack.rule_registry import REGISTRY
from zonestack.schema import FILE_KEYS, RECORD_KEYS

FAST = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

RULES = set(REGISTRY)
# Characters libyaml counts as line breaks (an upper bound when each is counted once).
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _max_line(raw: bytes) -> int:
    """Highest line a finding may name: the last line, or the one after it for errors at end of file."""
    text = raw.decode("utf-8", errors="replace")
    return 2 + sum(text.count(b) for b in _BREAKS)


def _load(raw: bytes, expected: str | None) -> tuple[Zone | None, list[Finding]]:
    """Any exception escaping the loader fails the property."""
    return check_text(raw, "f.yaml", expected_zone=expected)


def _assert_well_formed(raw: bytes, zone: Zone | None, findings: list[Finding]) -> None:
    assert isinstance(findings, list)
    if zone is None:
        assert findings, "no zone and no finding"
    last = _max_line(raw)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.path == "f.yaml"
        assert 1 <= finding.line <= last, (finding, last)
        assert finding.message.strip(), finding
        assert finding.rule in RULES, finding
    assert findings == sorted(findings)
    if zone is not None and not findings:
        _assert_valid_zone(zone)


def _assert_valid_zone(zone: Zone) -> None:
    """What a clean load guarantees (records-format.md, 'What a valid file guarantees')."""
    assert TTL_MIN <= zone.ttl <= TTL_MAX
    keys = [r.key for r in zone.records]
    assert len(keys) == len(set(keys))
    for record in zone.records:
        assert normalise_name(record.name, zone.name) == record.name
        assert record.type in GANDI_TYPES
        assert TTL_MIN <= record.ttl <= TTL_MAX
        assert record.values and len(set(record.values)) == len(record.values)
        assert record.line >= 1 and len(record.value_lines) == len(record.values)
        assert not (record.type == "CNAME" and record.name == APEX)
        assert not (record.type == "ALIAS" and record.name != APEX)


# --------------------------------------------------------------------------- (a) the loader never crashes

expected_zones = st.sampled_from([None, "example.com"])


@FAST
@given(raw=st.binary(max_size=400), expected=expected_zones)
@example(raw=b"zone: example.com\nrecords:\n  - name: caf\xe9\n", expected="example.com")
@example(raw=b"\xef\xbb\xbf", expected=None)
def test_arbitrary_bytes(raw: bytes, expected: str | None) -> None:
    zone, findings = _load(raw, expected)
    _assert_well_formed(raw, zone, findings)


@FAST
@given(text=st.text(max_size=400), expected=expected_zones)
def test_arbitrary_text(text: str, expected: str | None) -> None:
    raw = text.encode("utf-8", errors="surrogatepass")
    zone, findings = _load(raw, expected)
    _assert_well_formed(raw, zone, findings)


TOKENS = [
    "zone:", " example.com", "records:", "ttl:", " 300", " 2592001", "ignore:", "forbid:", "name:", "type:",
    "values:", " A", " CNAME", " '@'", " www", " 192.0.2.1", "\n", "\n  ", "\n    ", "- ", "  - ", "{", "}", "[",
    "]", ", ", ": ", ":", "'", '"', "#", "\t", "&a ", "*a", "!!str ", "!!int ", "? ", "---\n", "...\n", "|\n",
    ">\n", "~", "null", "on", "yes", "1e3", "0x1F", "\\", "é", "\r", "\x00", "\u2028", "%YAML 1.1\n", "!x ",
]


@FAST
@given(parts=st.lists(st.sampled_from(TOKENS), max_size=60), expected=expected_zones)
@example(parts=["zone:", " example.com", "\n", "records:", " ", "*a"], expected=None)
def test_yaml_ish_token_soup(parts: list[str], expected: str | None) -> None:
    raw = "".join(parts).encode("utf-8", errors="surrogatepass")
    zone, findings = _load(raw, expected)
    _assert_well_formed(raw, zone, findings)


NAMES = ["@", "www", "WWW", "*", "*.preview", "a..b", "-x", "bücher", "x" * 64, "www.example.com.", "a.example.org.", "a*b"]
TYPES = sorted(GANDI_TYPES) + ["a", "cname", "HINFO", "", "TYPE99"]
VALUES = [
    "192.0.2.1", "192.0.2.1", "2001:DB8::1", "2001:db8::1", "10 mail", "0 5 5060 sip", '0 issue "letsencrypt.org"',
    "example.com.", "target", "hello", "say \"hi\" \\", "é", "", "x" * 300, "ns1.example.net.",
]
KEYS = list(FILE_KEYS) + list(RECORD_KEYS) + ["extra"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=3_000_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(NAMES + TYPES + VALUES),
)
anything = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4) | st.integers(0, 3), children, max_size=3),
    max_leaves=12,
)
ttls = st.sampled_from([299, 300, 3600, 2592000, 2592001]) | anything
entries = st.fixed_dictionaries(
    {
        "name": st.sampled_from(NAMES) | anything,
        "type": st.sampled_from(TYPES) | anything,
        "values": st.lists(st.sampled_from(VALUES), min_size=0, max_size=3) | anything,
    },
    optional={"ttl": ttls, "extra": anything},
)
files = st.fixed_dictionaries(
    {"zone": st.sampled_from(["example.com", "example.org", "com", "a..b"]) | anything},
    optional={
        "ttl": ttls,
        "ignore": st.lists(st.sampled_from(["_acme-challenge*", "www", "*"]), max_size=2) | anything,
        "forbid": st.lists(st.sampled_from(["*.internal", "mail", "*"]), max_size=2) | anything,
        "records": st.lists(entries | anything, max_size=6),
        "bogus": anything,
    },
)


@FAST
@given(
    data=files | anything,
    flow=st.sampled_from([False, True, None]),
    unicode=st.booleans(),
    expected=expected_zones,
)
def test_structured_yaml(data: Any, flow: bool | None, unicode: bool, expected: str | None) -> None:
    raw = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False).encode("utf-8")
    zone, findings = _load(raw, expected)
    _assert_well_formed(raw, zone, findings)


VALUES_BY_TYPE = {
    "A": ["192.0.2.1", "192.0.2.2", "192.0.2"],
    "AAAA": ["2001:db8::1", "2001:DB8::1", "2001:db8::2"],
    "MX": ["10 mail", "20 mx.example.net.", "10 mail.example.com."],
    "TXT": ["hello", "x" * 300, "caf\u00e9"],
    "CNAME": ["target", "cdn.example.net."],
    "ALIAS": ["cdn.example.net.", "other.example.net."],
    "NS": ["ns1.example.net.", "ns1.lab.example.com."],
    "SRV": ["0 5 5060 sip", "0 5 sip"],
    "CAA": ['0 issue "letsencrypt.org"', "issue x"],
    "SOA": ["ns1.gandi.net. hostmaster.gandi.net. 1 2 3 4 5"],
}
typed_values = st.sampled_from(sorted(VALUES_BY_TYPE)).flatmap(
    lambda t: st.tuples(st.just(t), st.lists(st.sampled_from(VALUES_BY_TYPE[t]), min_size=1, max_size=3))
)
shaped_entries = st.builds(
    lambda name, typed, ttl: {"name": name, "type": typed[0], "values": typed[1], **({} if ttl is None else {"ttl": ttl})},
    st.sampled_from(["@", "www", "WWW", "mail", "*.preview", "bücher", "lab", "ns1.lab", "x.lab", "_dmarc", "db.internal"]),
    typed_values,
    st.sampled_from([None, None, 300, 2592001]),
)


@FAST
@given(
    entries=st.lists(st.one_of(shaped_entries, shaped_entries, shaped_entries, entries), min_size=1, max_size=6),
    ttl=st.sampled_from([None, 300, 3600, 299]),
    policies=st.booleans(),
)
def test_structured_records_only(entries: list[dict[str, Any]], ttl: int | None, policies: bool) -> None:
    """Well-shaped files with random names/types/values: exercises names, values and every rule."""
    data: dict[str, Any] = {"zone": "example.com", "records": entries}
    if ttl is not None:
        data["ttl"] = ttl
    if policies:
        data["forbid"] = ["*.internal"]
        data["ignore"] = ["_acme-challenge*", "mail"]
    raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
    zone, findings = _load(raw, "example.com")
    _assert_well_formed(raw, zone, findings)


# --------------------------------------------------------------------------- (b) record_id

ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")

labels = st.one_of(
    st.from_regex(r"\A[a-z0-9_](?:[a-z0-9_-]{0,10}[a-z0-9_])?\Z"),
    # hyphen-heavy labels stress the '.' -> '-' / '-' -> '--' encoding
    st.text(alphabet="a-", min_size=1, max_size=6).filter(lambda s: s[0] != "-" and s[-1] != "-"),
    st.sampled_from(["xn--bcher-kva", "_dmarc", "_tcp", "star", "apex", "a-b", "a--b"]),
)
relative_names = st.builds(
    lambda wildcard, parts: ".".join(([WILDCARD] if wildcard else []) + parts),
    st.booleans(),
    st.lists(labels, min_size=1, max_size=4),
)
names = st.one_of(st.just(APEX), st.just(WILDCARD), relative_names)
types = st.sampled_from(sorted(GANDI_TYPES))


def _decode(resource_id: str) -> tuple[str, str]:
    """The inverse of ``record_id``: proves the mapping loses nothing."""
    rtype, slug = resource_id.split("_", 1)
    if slug == "APEX":
        return APEX, rtype
    labels_out, current = [], ""
    for token in re.split(r"(-+)", slug):
        if token.startswith("-"):
            if len(token) % 2:  # odd run: one separator after the label's own '--' pairs
                current += "-" * (len(token) // 2)
                labels_out.append(current)
                current = ""
            else:
                current += "-" * (len(token) // 2)
        else:
            current += token
    labels_out.append(current)
    return ".".join(WILDCARD if label == "STAR" else label for label in labels_out), rtype


@FAST
@given(name=names, rtype=types)
@example(name="a-b", rtype="A")
@example(name="a.b", rtype="A")
@example(name="*.star", rtype="CNAME")
def test_record_id_is_terraform_safe_and_invertible(name: str, rtype: str) -> None:
    assert normalise_name(name, "example.com") == name, "generator produced a non-canonical name"
    resource_id = record_id(name, rtype)
    assert ID_PATTERN.match(resource_id), resource_id
    assert _decode(resource_id) == (name, rtype)


@FAST
@given(pairs=st.lists(st.tuples(names, types), unique=True, max_size=25))
@example(pairs=[("a-b", "A"), ("a.b", "A"), ("a--b", "A"), ("a.b.c", "A"), ("a-b-c", "A")])
@example(pairs=[("@", "MX"), ("apex", "MX"), ("*", "A"), ("star", "A")])
def test_record_id_is_injective(pairs: list[tuple[str, str]]) -> None:
    ids = {record_id(name, rtype) for name, rtype in pairs}
    assert len(ids) == len(pairs)


def test_record_id_examples_from_the_docstring() -> None:
    assert record_id("www", "A") == "A_www"
    assert record_id("_dmarc", "txt") == "TXT__dmarc"
    assert record_id(APEX, "MX") == "MX_APEX"
    assert record_id("*.preview", "CNAME") == "CNAME_STAR-preview"
    assert record_id("ns1.lab", "A") == "A_ns1-lab"
    assert record_id("my-host", "A") == "A_my--host"
