"""Every rule of the record-file contract: one good and one bad case each.

Bad cases assert the exact Finding location (path, line, rule) and the key part of
its message; good cases assert the normalised model, not merely "no error".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.core.helpers import PATH, check, doc, one, valid, zone_doc
from zonestack.catalog import load_catalog, record_files
from zonestack.findings import Finding, ValidationFailed
from zonestack.loader import load_zone
from zonestack.model import GANDI_DEFAULT_TTL
from zonestack.rrtypes import GANDI_TYPES
from zonestack.rules import RULES, cname, delegation, duplicates, placement, policy, ttl

A = "  - {name: www, type: A, values: [192.0.2.1]}"


# --------------------------------------------------------------------------- shape


def test_minimal_file_is_valid_and_normalised() -> None:
    zone = valid(zone_doc(A))
    assert zone.name == "example.com"
    assert zone.path == PATH
    assert zone.ttl == GANDI_DEFAULT_TTL == 10800
    assert [(r.name, r.type, r.ttl, r.values, r.line, r.value_lines, r.ttl_line) for r in zone.records] == [
        ("www", "A", 10800, ("192.0.2.1",), 3, (3,), 0)
    ]


def test_file_without_records_is_a_valid_empty_zone() -> None:
    zone = valid(doc("zone: example.com"))
    assert zone.records == ()


def test_unknown_key_at_file_level() -> None:
    finding = one(doc("zone: example.com", "recrods: []"), 2, "schema")
    assert finding.message == ("unknown key 'recrods' (allowed here: zone, ttl, mode, ignore, forbid, settings, delegation, "
                               "records)")


def test_unknown_key_at_record_level() -> None:
    text = zone_doc("  - name: www", "    type: A", "    values: [192.0.2.1]", "    comment: web server")
    finding = one(text, 6, "schema")
    assert finding.message == "unknown key 'comment' (allowed here: name, type, values, ttl)"


def test_missing_key_at_file_level() -> None:
    finding = one(doc("# no zone here", "records: []"), 2, "schema")
    assert finding.message == "file is missing the required key 'zone'"


def test_missing_key_in_record_entry_points_at_the_entry() -> None:
    text = zone_doc(A, "  - name: mail", "    type: A")
    finding = one(text, 4, "schema")
    assert finding.message == "record entry is missing the required key 'values'"


def test_unquoted_on_as_name_is_a_boolean() -> None:
    text = zone_doc("  - type: A", "    name: on", "    values: [192.0.2.1]")
    finding = one(text, 4, "schema")
    assert finding.message == "records[0].name must be a string, found the boolean true (quote it in YAML)"


def test_ttl_as_string_is_rejected() -> None:
    text = zone_doc("  - name: www", "    type: A", '    ttl: "1h"', "    values: [192.0.2.1]")
    finding = one(text, 5, "schema")
    assert finding.message == "records[0].ttl must be a whole number of seconds, found '1h'"


def test_ttl_as_boolean_is_rejected_not_taken_as_one() -> None:
    finding = one(doc("zone: example.com", "ttl: yes", "records: []"), 2, "schema")
    assert finding.message == "ttl must be a whole number of seconds, found the boolean true"


def test_zone_default_ttl_as_string_is_rejected() -> None:
    finding = one(doc("zone: example.com", "ttl: 1h"), 2, "schema")
    assert finding.message == "ttl must be a whole number of seconds, found '1h'"


def test_zone_as_number_is_rejected_with_quote_hint() -> None:
    finding = one(doc("records: []", "zone: 2024"), 2, "schema", expected=None)
    assert finding.message == "zone must be a string, found the number 2024 (quote it in YAML)"


def test_value_as_number_points_at_the_value() -> None:
    text = zone_doc("  - name: www", "    type: A", "    values:", "      - 192.0.2.1", "      - 5")
    finding = one(text, 7, "schema")
    assert finding.message == "records[0].values[1] must be a string, found the number 5 (quote it in YAML)"


def test_values_as_scalar_must_be_a_list() -> None:
    finding = one(zone_doc("  - {name: www, type: A, values: 192.0.2.1}"), 3, "schema")
    assert finding.message == "records[0].values must be a list, found '192.0.2.1'"


def test_ignore_as_scalar_must_be_a_list() -> None:
    finding = one(doc("zone: example.com", "ignore: _acme-challenge"), 2, "schema")
    assert finding.message == "ignore must be a list, found '_acme-challenge'"


def test_record_entry_that_is_not_a_mapping() -> None:
    finding = one(zone_doc(A, "  - www A 192.0.2.1"), 4, "schema")
    assert finding.message.startswith("records[1] must be a mapping with name, type, values, ttl")


def test_top_level_list_is_not_a_record_file() -> None:
    finding = one(doc("- zone: example.com"), 1, "schema")
    assert finding.message == "a record file must be a mapping with 'zone' and 'records'"


def test_empty_values_list() -> None:
    text = zone_doc("  - name: www", "    type: A", "    values: []")
    finding = one(text, 5, "schema")
    assert finding.message == "records[0].values must not be empty"


def test_empty_value_string() -> None:
    text = zone_doc("  - name: www", "    type: TXT", "    values:", '      - ""')
    finding = one(text, 6, "values")
    assert finding.message == "TXT value is empty"


def test_empty_type() -> None:
    finding = one(zone_doc("  - {name: www, type: '', values: [192.0.2.1]}"), 3, "types")
    assert finding.message == "type '' is not a type Gandi LiveDNS accepts"


def test_duplicate_yaml_key_at_file_level() -> None:
    text = doc("zone: example.com", "ttl: 3600", "ttl: 600")
    finding = one(text, 3, "schema")
    assert finding.message == "duplicate key 'ttl' (the later one would silently win)"


def test_duplicate_yaml_key_in_record_entry() -> None:
    text = zone_doc("  - name: www", "    type: A", "    values: [192.0.2.1]", "    name: mail")
    finding = one(text, 6, "schema")
    assert finding.message == "duplicate key 'name' (the later one would silently win)"


def test_same_key_in_different_entries_is_not_a_duplicate() -> None:
    zone = valid(zone_doc(A, "  - {name: mail, type: A, values: [192.0.2.2]}"))
    assert [r.name for r in zone.records] == ["www", "mail"]


# --------------------------------------------------------------------------- zone


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("example.com", "example.com"),
        ("Example.COM", "example.com"),
        ("example.com.", "example.com"),
        ("bücher.de", "bücher.de"),
        ("xn--bcher-kva.de", "bücher.de"),
        ("bücher.de", "xn--bcher-kva.de"),
    ],
)
def test_zone_matching_file_name(declared: str, expected: str) -> None:
    zone = valid(doc(f"zone: {declared}"), expected=expected)
    assert zone.name == ("xn--bcher-kva.de" if "de" in expected else "example.com")


def test_zone_not_matching_file_name() -> None:
    finding = one(doc("# example zone", "zone: example.org"), 2, "zone")
    assert finding.message == "zone 'example.org' does not match the file name 'example.com.yaml'"


def test_zone_with_a_single_label() -> None:
    finding = one(doc("zone: com"), 1, "zone", expected=None)
    assert finding.message == "zone 'com' must be a domain with at least two labels"


def test_zone_that_is_not_a_domain_name() -> None:
    finding = one(doc("zone: a..b"), 1, "zone", expected=None)
    assert finding.message == "zone 'a..b' is not a valid domain name"


# --------------------------------------------------------------------------- names

LONGEST_LABEL = "a" * 63
# 63+1+63+1+63+1+49 = 241 octets; with ".example.com" exactly 253.
LONGEST_NAME = ".".join(["b" * 63, "c" * 63, "d" * 63, "e" * 49])


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("www", "www"),
        ("'@'", "@"),
        ("WWW.Mail", "www.mail"),  # upper case lowered
        ("bücher", "xn--bcher-kva"),  # IDN to punycode
        ("BÜCHER", "xn--bcher-kva"),
        ("www.example.com.", "www"),  # absolute inside the zone: made relative
        ("WWW.EXAMPLE.COM.", "www"),
        ("example.com.", "@"),
        ("'*'", "*"),
        ("'*.preview'", "*.preview"),
        ("'*.bücher'", "*.xn--bcher-kva"),
        ("_dmarc", "_dmarc"),
        ("_imaps._tcp", "_imaps._tcp"),
        ("my-host", "my-host"),
        ("0day", "0day"),
        (LONGEST_LABEL, LONGEST_LABEL),
        (LONGEST_NAME, LONGEST_NAME),
    ],
)
def test_valid_names_are_normalised(raw: str, normalised: str) -> None:
    zone = valid(zone_doc(f"  - {{name: {raw}, type: A, values: [192.0.2.1]}}"))
    assert [r.name for r in zone.records] == [normalised]


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("a" * 64, "has a label longer than 63 octets"),
        (LONGEST_NAME + "e", "is longer than 253 octets with the zone"),
        ("a..b", "has an empty label ('..')"),
        ("'a!b'", "label 'a!b' may hold only letters, digits, '-' and '_'"),
        ("www/1", "label 'www/1' may hold only letters, digits, '-' and '_'"),
        ("-web", "label '-web' may hold only letters, digits, '-' and '_', and may not start or end with '-'"),
        ("web-", "label 'web-' may hold only letters, digits, '-' and '_', and may not start or end with '-'"),
        ("'preview.*'", "'*' is allowed only as the leftmost label"),
        ("'*.*'", "'*' is allowed only as the leftmost label"),
        ("'a*b'", "'*' must be a whole label, not part of 'a*b'"),
        ("'*web'", "'*' must be a whole label, not part of '*web'"),
        ("www.example.org.", "absolute name 'www.example.org.' is not inside zone example.com."),
        ("com.", "absolute name 'com.' is not inside zone example.com."),
        ("'my host'", "contains white space"),
        ("☃", "is not a valid DNS name"),
    ],
)
def test_invalid_names(raw: str, fragment: str) -> None:
    text = zone_doc("  - type: A", f"    name: {raw}", "    values: [192.0.2.1]")
    one(text, 4, "names", fragment)


def test_bad_name_does_not_hide_bad_values_of_the_same_entry() -> None:
    _, findings = check(zone_doc("  - name: a..b", "    type: A", "    values: [192.0.2.999]"))
    assert [(f.line, f.rule) for f in findings] == [(3, "names"), (5, "values")]


# --------------------------------------------------------------------------- types

GOOD_VALUES: dict[str, tuple[str, str, str]] = {
    # type: (name, value as written, canonical value)
    "A": ("www", "192.0.2.1", "192.0.2.1"),
    "AAAA": ("www", "2001:DB8:0:0::1", "2001:db8::1"),
    "ALIAS": ("@", "cdn.example.net.", "cdn.example.net."),
    "CAA": ("@", '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'),
    "CDS": ("@", "12345 13 2 " + "ab" * 32, "12345 13 2 " + "ab" * 32),
    "CNAME": ("www", "web", "web.example.com."),
    "DNAME": ("old", "new.example.net.", "new.example.net."),
    "DS": ("lab", "12345 13 2 " + "cd" * 32, "12345 13 2 " + "cd" * 32),
    "HTTPS": ("@", "1 . alpn=h2", '1 . alpn="h2"'),
    "LOC": ("hq", "60 9 0.000 N 24 39 0.000 E 10.00m 20m 2000m 20m",
            "60 9 0.000 N 24 39 0.000 E 10.00m 20.00m 2000.00m 20.00m"),
    "MX": ("@", "10 mail", "10 mail.example.com."),
    "NAPTR": ("sip", '100 10 "S" "SIP+D2U" "" _SIP._UDP.example.com.', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'),
    "NS": ("lab", "ns1.example.net.", "ns1.example.net."),
    "PTR": ("ptr", "host.example.net.", "host.example.net."),
    "RP": ("@", "admin.example.com. .", "admin.example.com. ."),
    "SPF": ("@", "v=spf1 -all", '"v=spf1 -all"'),
    "SRV": ("_sip._tcp", "0 5 5060 sip", "0 5 5060 sip.example.com."),
    "SSHFP": ("host", "1 1 " + "0" * 40, "1 1 " + "0" * 40),
    "SVCB": ("_dns", "1 dns.example.net. alpn=dot", '1 dns.example.net. alpn="dot"'),
    "TLSA": ("_443._tcp", "3 1 1 " + "1f" * 32, "3 1 1 " + "1f" * 32),
    "TXT": ("@", 'say "hi"', '"say \\"hi\\""'),
}


@pytest.mark.parametrize("rtype", sorted(GOOD_VALUES))
def test_gandi_types_accepted_with_canonical_values(rtype: str) -> None:
    name, written, canonical = GOOD_VALUES[rtype]
    zone = valid(zone_doc(f"  - name: '{name}'", f"    type: {rtype.lower()}", "    values:", f"      - '{written}'"))
    (record,) = zone.records
    assert (record.name, record.type, record.values, record.value_lines) == (name, rtype, (canonical,), (6,))


def test_good_value_table_covers_the_common_gandi_types() -> None:
    assert set(GOOD_VALUES) <= GANDI_TYPES
    missing = GANDI_TYPES - set(GOOD_VALUES) - {"SOA", "KEY", "OPENPGPKEY", "WKS"}
    assert missing == set()


@pytest.mark.parametrize("rtype", ["HINFO", "ANY", "AXFR", "SPF2", "TYPE99", "A6"])
def test_types_gandi_does_not_accept_are_rejected_by_name(rtype: str) -> None:
    text = zone_doc("  - name: www", f"    type: {rtype}", "    values: [x]")
    finding = one(text, 4, "types")
    assert finding.message == f"type {rtype!r} is not a type Gandi LiveDNS accepts"


# --------------------------------------------------------------------------- TTL


@pytest.mark.parametrize("value", [300, 3600, 2592000])
def test_zone_default_ttl_in_bounds(value: int) -> None:
    zone = valid(zone_doc(A, header=(f"ttl: {value}",)))
    assert zone.ttl == value
    assert [r.ttl for r in zone.records] == [value]
    assert zone.records[0].ttl_line == 0


@pytest.mark.parametrize("value", [299, 2592001, 0, -1])
def test_zone_default_ttl_out_of_bounds(value: int) -> None:
    finding = one(doc("zone: example.com", "records: []", f"ttl: {value}"), 3, "ttl")
    assert finding.message == f"zone ttl {value} is outside Gandi's bounds 300..2592000"


@pytest.mark.parametrize("value", [300, 2592000])
def test_record_ttl_in_bounds_overrides_zone_default(value: int) -> None:
    text = zone_doc("  - name: www", "    type: A", f"    ttl: {value}", "    values: [192.0.2.1]", header=("ttl: 3600",))
    (record,) = valid(text).records
    assert (record.ttl, record.ttl_line) == (value, 6)


@pytest.mark.parametrize("value", [299, 2592001])
def test_record_ttl_out_of_bounds(value: int) -> None:
    text = zone_doc(A, "  - name: mail", "    type: A", f"    ttl: {value}", "    values: [192.0.2.2]")
    finding = one(text, 6, "ttl")
    assert finding.message == f"ttl {value} of mail A is outside Gandi's bounds 300..2592000"


def test_inherited_out_of_range_ttl_is_reported_once_at_the_zone_line() -> None:
    text = zone_doc(
        A,
        "  - {name: mail, type: A, values: [192.0.2.2]}",
        "  - {name: '@', type: MX, values: ['10 mail']}",
        "  - {name: ok, type: A, ttl: 600, values: [192.0.2.3]}",
        header=("ttl: 299",),
    )
    finding = one(text, 2, "ttl")
    assert finding.message == "zone ttl 299 is outside Gandi's bounds 300..2592000"


# --------------------------------------------------------------------------- duplicates


def test_distinct_name_type_pairs_and_values_are_fine() -> None:
    text = zone_doc(
        "  - {name: www, type: A, values: [192.0.2.1, 192.0.2.2]}",
        "  - {name: www, type: AAAA, values: ['2001:db8::1']}",
        "  - {name: mail, type: A, values: [192.0.2.1]}",
    )
    assert [r.key for r in valid(text).records] == [("www", "A"), ("www", "AAAA"), ("mail", "A")]


def test_name_type_declared_twice_names_the_first_line() -> None:
    text = zone_doc(A, "  - {name: mail, type: A, values: [192.0.2.9]}", "  - {name: www, type: A, values: [192.0.2.2]}")
    finding = one(text, 5, "duplicates")
    assert finding.message == "www A is declared twice (first at line 3); put all values in one entry"


def test_name_type_duplicate_is_found_after_name_normalisation() -> None:
    text = zone_doc(A, "  - {name: WWW.example.com., type: a, values: [192.0.2.2]}")
    one(text, 4, "duplicates", "www A is declared twice (first at line 3)")


def test_duplicate_value_after_canonicalisation() -> None:
    text = zone_doc("  - name: www", "    type: AAAA", "    values:", "      - 2001:DB8::1", "      - 2001:db8::1")
    finding = one(text, 7, "duplicates")
    assert finding.message == "www AAAA: value '2001:db8::1' appears twice"


def test_duplicate_host_value_relative_and_absolute() -> None:
    text = zone_doc("  - name: '@'", "    type: MX", "    values:", "      - 10 mail", "      - 10 mail.example.com.")
    one(text, 7, "duplicates", "@ MX: value '10 mail.example.com.' appears twice")


def test_duplicate_host_value_differing_only_in_case() -> None:
    text = zone_doc("  - name: '@'", "    type: MX", "    values:", "      - 10 mail.example.net.", "      - 10 MAIL.example.net.")
    one(text, 7, "duplicates", "appears twice")


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("rtype", "value", "fragment"),
    [
        ("A", "192.0.2", "A value '192.0.2' is not an IPv4 address"),
        ("A", "192.0.2.256", "A value '192.0.2.256' is not an IPv4 address"),
        ("A", "2001:db8::1", "A value '2001:db8::1' is not an IPv4 address"),
        ("AAAA", "192.0.2.1", "AAAA value '192.0.2.1' is not an IPv6 address"),
        ("AAAA", "2001:db8::g", "AAAA value '2001:db8::g' is not an IPv6 address"),
        ("MX", "mail.example.com.", "MX value 'mail.example.com.' is not 'preference host'"),
        ("MX", "10", "MX value '10' is not 'preference host'"),
        ("SRV", "0 5 sip.example.com.", "SRV value '0 5 sip.example.com.' is not 'priority weight port target'"),
        ("SRV", "0 5 70000 sip.example.com.", "70000 is not an unsigned 16-bit integer"),
        ("CAA", 'issue "letsencrypt.org"', "CAA value 'issue \"letsencrypt.org\"' is not 'flags tag \"value\"'"),
        ("CAA", '256 issue "letsencrypt.org"', "256 is not an unsigned 8-bit integer"),
        ("CNAME", "two words", "CNAME value 'two words' is not a host name"),
        ("NS", "ns1..example.net.", "NS value 'ns1..example.net.' is not a host name"),
        ("TXT", "caf\u00e9", "TXT value holds characters Gandi does not accept ('\u00e9'): printable ASCII only"),
        ("TXT", "tab\there", "TXT value holds characters Gandi does not accept ('\\t'): printable ASCII only"),
        ("SSHFP", "1 1 zz", "SSHFP value '1 1 zz' is not 'algorithm fp-type fingerprint'"),
    ],
)
def test_values_that_do_not_parse_as_their_type(rtype: str, value: str, fragment: str) -> None:
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    good = GOOD_VALUES[rtype][1].replace('"', '\\"')
    text = zone_doc("  - name: host", f"    type: {rtype}", "    values:", f'      - "{good}"', f'      - "{quoted}"')
    _, findings = check(text)
    ours = [f for f in findings if f.rule == "values"]
    assert len(ours) == 1, "\n".join(map(str, findings))
    assert (ours[0].path, ours[0].line) == (PATH, 7)
    assert fragment in ours[0].message


def test_txt_at_the_16384_limit_once_quoted() -> None:
    # n bytes -> ceil(n/255) strings -> n + 3*strings - 1 characters once quoted
    fits = "x" * 16193  # 64 strings: 16193 + 191 = 16384
    (record,) = valid(zone_doc("  - name: big", "    type: TXT", f"    values: [{fits}]")).records
    assert len(record.values[0]) == 16384
    assert record.values[0].count('" "') == 63


def test_txt_over_16384_once_quoted() -> None:
    finding = one(zone_doc("  - name: big", "    type: TXT", f"    values: [{'x' * 16194}]"), 5, "values")
    assert finding.message == "TXT value is 16385 characters once quoted; Gandi's limit is 16384"


# --------------------------------------------------------------------------- cname


def test_cname_alone_at_a_non_apex_name() -> None:
    text = zone_doc("  - {name: www, type: CNAME, values: [web]}", "  - {name: web, type: A, values: [192.0.2.1]}")
    assert [r.values for r in valid(text).records] == [("web.example.com.",), ("192.0.2.1",)]


def test_cname_at_the_apex() -> None:
    finding = one(zone_doc(A, "  - {name: '@', type: CNAME, values: [cdn.example.net.]}"), 4, "cname")
    assert finding.message == "CNAME is not allowed at the apex (use ALIAS)"


def test_cname_not_alone_at_its_name() -> None:
    text = zone_doc(
        "  - {name: www, type: TXT, values: [hello]}",
        "  - {name: www, type: CNAME, values: [web]}",
        "  - {name: www, type: A, values: [192.0.2.1]}",
    )
    finding = one(text, 4, "cname")
    assert finding.message == "CNAME at 'www' must be alone at its name, but 'www' also has A, TXT"


def test_cname_rule_module_directly() -> None:
    zone = valid(zone_doc("  - {name: www, type: CNAME, values: [web]}"))
    assert list(cname.check(zone)) == []


@pytest.mark.parametrize("rtype", ["CNAME", "ALIAS"])
def test_single_value_types_with_two_values(rtype: str) -> None:
    name = "'@'" if rtype == "ALIAS" else "www"
    text = zone_doc(f"  - name: {name}", f"    type: {rtype}", "    values:", "      - a.example.net.", "      - b.example.net.")
    finding = one(text, 7, "placement")
    assert finding.message == f"{name.strip(chr(39))} {rtype}: {rtype} takes exactly one value"


# --------------------------------------------------------------------------- placement


def test_alias_at_the_apex() -> None:
    (record,) = valid(zone_doc("  - {name: '@', type: ALIAS, values: [cdn.example.net.]}")).records
    assert (record.name, record.type, record.values) == ("@", "ALIAS", ("cdn.example.net.",))


def test_alias_off_the_apex() -> None:
    finding = one(zone_doc(A, "  - {name: cdn, type: ALIAS, values: [cdn.example.net.]}"), 4, "placement")
    assert finding.message == "cdn ALIAS: ALIAS is only allowed at the apex ('@')"


def test_apex_ns_is_rejected_as_managed_by_gandi() -> None:
    finding = one(zone_doc(A, "  - {name: '@', type: NS, values: [ns1.example.net.]}"), 4, "placement")
    assert finding.message == "apex NS records are managed by Gandi (change nameservers at the registrar instead)"


def test_soa_is_rejected_as_managed_by_gandi() -> None:
    soa = "'ns1.gandi.net. hostmaster.gandi.net. 1 10800 3600 604800 10800'"
    finding = one(zone_doc(A, f"  - {{name: '@', type: SOA, values: [{soa}]}}"), 4, "placement")
    assert finding.message == "SOA is managed by Gandi and cannot be declared"


def test_placement_rule_module_directly() -> None:
    zone = valid(zone_doc("  - {name: lab, type: NS, values: [ns1.example.net.]}"))
    assert list(placement.check(zone)) == []


# --------------------------------------------------------------------------- delegation


def test_delegation_allows_ns_ds_at_the_cut_and_glue_below() -> None:
    text = zone_doc(
        "  - {name: lab, type: NS, values: [ns1.lab.example.com., ns2.example.net.]}",
        f"  - {{name: lab, type: DS, values: ['12345 13 2 {'ab' * 32}']}}",
        "  - {name: ns1.lab, type: A, values: [198.51.100.53]}",
        "  - {name: ns1.lab, type: AAAA, values: ['2001:db8::53']}",
        "  - {name: blab, type: TXT, values: [sibling, not below]}",
        "  - {name: '@', type: TXT, values: [apex]}",
    )
    assert len(valid(text).records) == 6


def test_txt_below_a_delegation() -> None:
    text = zone_doc("  - {name: lab, type: NS, values: [ns1.example.net.]}", "  - {name: x.lab, type: TXT, values: [hi]}")
    finding = one(text, 4, "delegation")
    assert finding.message.startswith("x.lab TXT lies in the delegated sub-zone 'lab' (NS) and would never be served")


def test_non_ns_record_at_the_cut() -> None:
    text = zone_doc("  - {name: lab, type: TXT, values: [hi]}", "  - {name: lab, type: NS, values: [ns1.example.net.]}")
    one(text, 3, "delegation", "lab TXT lies in the delegated sub-zone 'lab' (NS)")


def test_delegation_rule_module_directly() -> None:
    zone = valid(zone_doc(A))
    assert list(delegation.check(zone)) == []


# --------------------------------------------------------------------------- policy


def test_forbid_and_ignore_allow_other_names() -> None:
    text = zone_doc(
        "  - {name: internal, type: A, values: [192.0.2.1]}",
        "  - {name: db.internal.eu, type: A, values: [192.0.2.2]}",
        "  - {name: acme, type: TXT, values: [x]}",
        header=("forbid: ['*.INTERNAL']", "ignore: [_acme-challenge*]"),
    )
    zone = valid(text)
    assert (zone.forbid, zone.ignore) == (("*.internal",), ("_acme-challenge*",))
    assert zone.is_ignored("_acme-challenge.www") and not zone.is_ignored("acme")


def test_forbidden_name() -> None:
    text = zone_doc(A, "  - {name: DB.Internal, type: A, values: [192.0.2.1]}", header=("forbid: ['*.internal']",))
    finding = one(text, 5, "policy")
    assert finding.message == "name 'db.internal' matches a 'forbid' pattern"


def test_declared_name_that_is_ignored() -> None:
    text = zone_doc(A, "  - {name: _acme-challenge.www, type: TXT, values: [token]}", header=("ignore:", "  - _acme-challenge*"))
    finding = one(text, 6, "policy")
    assert finding.message == "name '_acme-challenge.www' matches an 'ignore' pattern: it cannot be both declared and ignored"


def test_policy_and_ttl_rule_modules_directly() -> None:
    zone = valid(zone_doc(A))
    assert list(policy.check(zone)) == []
    assert list(ttl.check(zone)) == []
    assert list(duplicates.check(zone)) == []


def test_every_rule_module_is_registered() -> None:
    assert {rule.__module__ for rule in RULES} == {
        "zonestack.rules." + m
        for m in ("ttl", "placement", "cname", "duplicates", "delegation", "aliases", "targets", "policy")
    }


# --------------------------------------------------------------------------- catalog


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_catalog_loads_distinct_zones(tmp_path: Path) -> None:
    _write(tmp_path / "b.example.yaml", doc("zone: b.example", "records: []"))
    _write(tmp_path / "a.example.yaml", doc("zone: a.example", "records:", A))
    _write(tmp_path / "notes.txt", "not a record file")
    catalog = load_catalog([tmp_path])
    assert catalog.ok and catalog.files == 2
    assert [z.name for z in catalog.zones] == ["a.example", "b.example"]
    assert [p.name for p in record_files([tmp_path])] == ["a.example.yaml", "b.example.yaml"]


def test_zone_declared_in_two_files(tmp_path: Path) -> None:
    first = _write(tmp_path / "a" / "example.com.yaml", doc("zone: example.com"))
    second = _write(tmp_path / "b" / "example.com.yaml", doc("zone: example.com"))
    catalog = load_catalog([first, second])
    assert catalog.files == 2 and [z.path for z in catalog.zones] == [str(first)]
    assert catalog.findings == [Finding(str(second), 1, f"zone example.com is already declared in {first}", "zone")]


def test_idn_zone_declared_in_unicode_and_punycode(tmp_path: Path) -> None:
    _write(tmp_path / "bücher.de.yaml", doc("zone: bücher.de"))
    _write(tmp_path / "xn--bcher-kva.de.yaml", doc("zone: xn--bcher-kva.de"))
    catalog = load_catalog([tmp_path])
    assert [z.name for z in catalog.zones] == ["xn--bcher-kva.de"]
    (finding,) = catalog.findings
    assert (finding.line, finding.rule) == (1, "zone")
    assert "zone xn--bcher-kva.de is already declared in" in finding.message


def test_catalog_keeps_findings_of_bad_files(tmp_path: Path) -> None:
    _write(tmp_path / "example.com.yaml", doc("zone: example.com", "ttl: 5"))
    _write(tmp_path / "example.net.yaml", doc("zone: example.net"))
    catalog = load_catalog([tmp_path])
    assert not catalog.ok and [z.name for z in catalog.zones] == ["example.net"]
    assert catalog.findings == [
        Finding(str(tmp_path / "example.com.yaml"), 2, "zone ttl 5 is outside Gandi's bounds 300..2592000", "ttl")
    ]


# --------------------------------------------------------------------------- all at once

FIVE_PROBLEMS = doc(
    "zone: example.com",  # 1
    "ttl: 10",  # 2: ttl
    "records:",  # 3
    "  - {name: '@', type: CNAME, values: [cdn.example.net.]}",  # 4: cname
    "  - {name: 'a..b', type: A, values: [192.0.2.1]}",  # 5: names
    "  - {name: mail, type: MX, values: ['mail.example.com.']}",  # 6: values
    "  - {name: old, type: HINFO, values: ['PC Linux']}",  # 7: types
    "  - {name: ok, type: A, values: [192.0.2.1]}",  # 8: fine
)


def test_all_errors_of_a_file_at_once_sorted_by_line() -> None:
    _, findings = check(FIVE_PROBLEMS)
    assert [(f.path, f.line, f.rule) for f in findings] == [
        (PATH, 2, "ttl"),
        (PATH, 4, "cname"),
        (PATH, 5, "names"),
        (PATH, 6, "values"),
        (PATH, 7, "types"),
    ]


def test_load_zone_raises_with_every_finding(tmp_path: Path) -> None:
    path = _write(tmp_path / "example.com.yaml", FIVE_PROBLEMS)
    with pytest.raises(ValidationFailed) as caught:
        load_zone(path)
    assert [f.line for f in caught.value.findings] == [2, 4, 5, 6, 7]
    assert str(caught.value).splitlines()[0] == f"{path}:2: zone ttl 10 is outside Gandi's bounds 300..2592000 [ttl]"


def test_load_zone_returns_the_zone_of_a_valid_file(tmp_path: Path) -> None:
    zone = load_zone(_write(tmp_path / "example.com.yaml", zone_doc(A)))
    assert [r.key for r in zone.records] == [("www", "A")]


def test_finding_prints_as_path_line_message_rule() -> None:
    assert str(Finding("records/x.yaml", 7, "bad thing", "values")) == "records/x.yaml:7: bad thing [values]"


def test_header_problem_does_not_hide_record_problems() -> None:
    text = doc(
        "zone: example.com",
        "forbidden: ['*.internal']",  # typo of 'forbid'
        "records:",
        "  - {name: 'a..b', type: A, values: [192.0.2.1]}",
    )
    _, findings = check(text)
    assert [(f.line, f.rule) for f in findings] == [(2, "schema"), (4, "names")]
