"""Issue 10: each class of mistake octoDNS/DNSControl catch, refused at its
file:line with the right rule, and close valid variants still accepted."""

from __future__ import annotations

import pytest

from tests.unit.core.validation_helpers import FIRST, PATH, accepted, entry, findings, refused

HEX32 = "0123456789abcdef" * 4  # 32 octets
HEX20 = "0123456789abcdef01234567" + "89abcdef" * 2  # 20 octets


# ------------------------------------------------------------------ 1. host-name fields

@pytest.mark.parametrize(("rtype", "value", "fragment"), [
    ("CNAME", "https://shop.example.net/cart", "is a URL, not a host name: use 'shop.example.net.'"),
    ("CNAME", "cdn.example.net/path", "holds a path"),
    ("CNAME", "1.0/25.2.0.192.in-addr.arpa.", "name the delegated sub-zone with '-' instead "
                                              "('1.0-25.2.0.192.in-addr.arpa.')"),  # RFC 2317, not a path
    ("PTR", "0/26.100.51.198.in-addr.arpa.", "('0-26.100.51.198.in-addr.arpa.')"),
    ("CNAME", "a&b", "label 'a&b'"),
    ("CNAME", "___.", "label '___'"),
    ("CNAME", "192.0.2.7", "is an IP address"),
    ("CNAME", "2001:db8::7", "use an AAAA record"),
    ("ALIAS", "http://example.net", "is a URL"),
    ("DNAME", "new$site.example.net.", "label 'new$site'"),
    ("PTR", "host*.example.net.", "label 'host*'"),
    ("NS", "203.0.113.9.", "is an IP address"),
    ("MX", "10 198.51.100.4.", "MX exchange '198.51.100.4.' is an IP address"),
    ("SRV", "0 5 5060 192.0.2.8.", "SRV target '192.0.2.8.' is an IP address"),
    ("NAPTR", '100 10 "S" "SIP+D2U" "" sip&x.example.net.', "NAPTR replacement"),
    ("SVCB", "1 svc/x.example.net. alpn=h2", "holds a path"),
    ("HTTPS", "1 a_b&.example.net.", "HTTPS target"),
    ("CNAME", "-bad.example.net.", "label '-bad'"),
    ("CNAME", "*.example.net.", "wildcard"),
    ("CNAME", "user@example.net.", "e-mail"),
    ("CNAME", ".", "DNS root"),
])
def test_host_name_fields_refuse_non_host_names(rtype: str, value: str, fragment: str) -> None:
    name = "@" if rtype in ("ALIAS", "NS") else ("_sip._tcp" if rtype == "SRV" else "x")
    if rtype == "NS":
        name = "sub"
    refused(entry(name, rtype, value), FIRST, "target-hostname", fragment)


def test_host_name_problems_of_every_value_at_their_lines() -> None:
    text = [
        "  - name: mx",
        "    type: MX",
        "    values:",
        "      - 10 mail.example.net.",
        "      - 20 198.51.100.4.",
        "      - 30 https://mx.example.net/",
    ]
    found = findings(*text)
    assert [(f.line, f.rule) for f in found] == [(FIRST + 4, "target-hostname"), (FIRST + 5, "target-hostname")]


@pytest.mark.parametrize(("rtype", "value"), [
    ("CNAME", "shop.example.net."),
    ("CNAME", "app"),  # relative, inside the zone
    ("CNAME", "_acme-challenge.example.net."),  # underscore labels are real targets
    ("CNAME", "s1.domainkey.u123.wl.sendgrid.net."),
    ("CNAME", "xn--bcher-kva.example."),
    ("CNAME", "bücher.example."),  # IDN in Unicode becomes punycode
    ("CNAME", "1.2.3.4.in-addr.arpa."),  # digits-only labels inside a longer name
    ("PTR", "host.example.net."),
    ("MX", "0 ."),  # null MX
    ("SRV", "0 0 0 ."),  # service not available
    ("HTTPS", "1 . alpn=h2,h3"),
    ("NAPTR", '100 10 "S" "SIP+D2U" "" _sip._udp.example.net.'),
    ("CNAME", "@"),
])
def test_host_name_fields_accept_host_names(rtype: str, value: str) -> None:
    name = "_sip._tcp" if rtype == "SRV" else "x"
    accepted(entry(name, rtype, value))


# ------------------------------------------------------------------ 2. zone name repeated

def test_owner_name_repeating_the_zone_is_refused_with_the_fix() -> None:
    refused(entry("www.example.test", "A", "192.0.2.1"), FIRST, "name-zone-repeated",
            "www.example.test.example.test.", "write 'www'")
    refused(entry("example.test", "A", "192.0.2.1"), FIRST, "name-zone-repeated", "write '@'")


@pytest.mark.parametrize("name", ["www.example.test.", "www.example", "example", "www.example.testing", "www"])
def test_owner_names_close_to_the_zone_are_accepted(name: str) -> None:
    accepted(entry(name, "A", "192.0.2.1"))


@pytest.mark.parametrize(("rtype", "value", "written"), [
    ("MX", "10 mail.example.test", "mail.example.test"),
    ("CNAME", "example.test", "example.test"),
    ("SRV", "0 5 5060 sip.example.test", "sip.example.test"),
    ("NS", "ns1.example.test", "ns1.example.test"),
])
def test_relative_target_repeating_the_zone_is_refused_with_both_fixes(rtype: str, value: str, written: str) -> None:
    """Was a warning (target-zone-repeated); now an error of the final-dot rule, as DNSControl refuses it."""
    name = {"SRV": "_sip._tcp", "NS": "lab", "MX": "@"}.get(rtype, "x")
    inside = written.removesuffix("example.test").rstrip(".") or "@"
    finding = refused(entry(name, rtype, value), FIRST, "target-final-dot", f"add the final dot: '{written}.'",
                      f"write it relative without the zone: '{inside}'", f"'{written}.example.test.'")
    assert str(finding).startswith(f"{PATH}:{FIRST}: ") and "warning" not in str(finding)


def test_absolute_target_in_the_zone_is_fine() -> None:
    accepted(entry("@", "MX", "10 mail.example.test."), entry("mail", "A", "192.0.2.1"))


# ------------------------------------------------------------------ 3. coexistence

def test_alias_beside_apex_addresses_is_refused() -> None:
    entries = [entry("@", "ALIAS", "lb.example.net."), entry("@", "A", "192.0.2.1"), entry("@", "AAAA", "2001:db8::1")]
    found = findings(*entries)
    assert [(f.line, f.rule) for f in found] == [(FIRST + 1, "alias-apex-addresses"),
                                                (FIRST + 2, "alias-apex-addresses")]
    accepted(entry("@", "ALIAS", "lb.example.net."), entry("@", "MX", "10 mx.example.net."),
             entry("www", "A", "192.0.2.1"))


def test_alias_loops_are_refused_once_at_their_first_line() -> None:
    refused(entry("a", "CNAME", "a"), FIRST, "cname-loop", "a → a")
    refused([entry("a", "CNAME", "b"), entry("b", "CNAME", "a.example.test.")], FIRST, "cname-loop", "a → b → a")
    refused([entry("@", "ALIAS", "www.example.test."), entry("www", "CNAME", "example.test.")], FIRST, "cname-loop")


def test_alias_chains_that_end_are_accepted() -> None:
    accepted(entry("a", "CNAME", "b"), entry("b", "CNAME", "c"), entry("c", "A", "192.0.2.1"),
             entry("d", "CNAME", "a"))


def test_names_below_a_dname_are_refused() -> None:
    refused([entry("old", "DNAME", "new.example.net."), entry("www.old", "A", "192.0.2.1")], FIRST + 1,
            "dname-subtree", "RFC 6672")
    accepted(entry("old", "DNAME", "new.example.net."), entry("older", "A", "192.0.2.1"),
             entry("old", "TXT", "kept at the owner"))


def test_below_a_delegation_only_its_own_glue() -> None:
    cut = entry("lab", "NS", "ns1.lab.example.test.", "ns2.example.net.")
    refused([cut, entry("www.lab", "A", "192.0.2.3")], FIRST + 1, "delegation", "glue")
    refused([cut, entry("ns1.lab", "TXT", "hello")], FIRST + 1, "delegation")
    accepted(cut, entry("ns1.lab", "A", "192.0.2.3"), entry("ns1.lab", "AAAA", "2001:db8::3"),
             entry("lab", "DS", f"12345 13 2 {HEX32}"))
    # sibling glue: a name server below one cut serving another delegation (RFC 9471)
    accepted(cut, entry("ns1.lab", "A", "192.0.2.3"), entry("dev", "NS", "ns1.lab.example.test."))


@pytest.mark.parametrize(("owner", "rtype", "value"), [
    ("@", "MX", "10 mail"),
    ("lab", "NS", "mail.example.test."),
    ("_imap._tcp", "SRV", "0 5 143 mail"),
])
def test_ns_mx_srv_targets_must_not_be_cnames(owner: str, rtype: str, value: str) -> None:
    refused([entry(owner, rtype, value), entry("mail", "CNAME", "host.example.net.")], FIRST, "target-is-cname",
            "not an alias")


def test_targets_with_addresses_or_outside_the_zone_are_fine() -> None:
    accepted(entry("@", "MX", "10 mail", "20 mx.example.net."), entry("mail", "A", "192.0.2.1"),
             entry("www", "CNAME", "mail"))


def test_ds_at_the_apex_is_refused_and_below_is_fine() -> None:
    refused(entry("@", "DS", f"12345 13 2 {HEX32}"), FIRST, "ds-apex", "parent zone")
    accepted(entry("@", "CDS", f"12345 13 2 {HEX32}"))


# ------------------------------------------------------------------ 4. owner-name form

@pytest.mark.parametrize("owner", ["sip._tcp", "_sip", "_sip.tcp", "@", "_._tcp", "www"])
def test_srv_owner_form_is_refused(owner: str) -> None:
    refused(entry(owner, "SRV", "0 5 5060 sip.example.net."), FIRST, "srv-owner", "_service._proto")


@pytest.mark.parametrize("owner", ["_sip._tcp", "_sip._udp.voice", "_xmpp-server._tcp", "_imaps._tcp.mail"])
def test_srv_owner_forms_accepted(owner: str) -> None:
    accepted(entry(owner, "SRV", "0 5 5060 sip.example.net."))


@pytest.mark.parametrize("owner", ["https._tcp", "_443", "_443.tcp", "_https._tcp", "_70000._tcp", "@"])
def test_tlsa_owner_form_is_refused(owner: str) -> None:
    refused(entry(owner, "TLSA", f"3 1 1 {HEX32}"), FIRST, "tlsa-owner", "_port._proto")


@pytest.mark.parametrize("owner", ["_443._tcp", "_25._tcp.mail", "_853._udp"])
def test_tlsa_owner_forms_accepted(owner: str) -> None:
    accepted(entry(owner, "TLSA", f"3 1 1 {HEX32}"))


# ------------------------------------------------------------------ 5. ranges and registries

@pytest.mark.parametrize(("value", "fragment"), [
    (f"4 1 1 {HEX32}", "usage 4"),
    (f"3 2 1 {HEX32}", "selector 2"),
    (f"3 1 3 {HEX32}", "matching type 3"),
])
def test_tlsa_fields_from_the_registry(value: str, fragment: str) -> None:
    refused(entry("_443._tcp", "TLSA", value), FIRST, "tlsa-fields", fragment)


@pytest.mark.parametrize("value", ["3 1 1 abcd", f"3 1 2 {HEX32}"])
def test_tlsa_digest_length_refused_by_the_parser(value: str) -> None:
    refused(entry("_443._tcp", "TLSA", value), FIRST, "values", "length")


def test_tlsa_every_bad_field_reported() -> None:
    found = findings(entry("_443._tcp", "TLSA", "4 2 3 abcd"))
    assert sorted(f.message.split(" is ")[0] for f in found) == ["TLSA matching type 3", "TLSA selector 2",
                                                                 "TLSA usage 4"]


@pytest.mark.parametrize("value", [f"0 0 0 {HEX32}", f"3 1 1 {HEX32}", f"2 0 2 {HEX32 * 2}"])
def test_tlsa_valid(value: str) -> None:
    accepted(entry("_443._tcp", "TLSA", value))


@pytest.mark.parametrize(("value", "fragment"), [
    (f"5 2 {HEX32}", "algorithm 5"),
    (f"0 2 {HEX32}", "algorithm 0"),
    (f"4 3 {HEX32}", "fingerprint type 3"),
])
def test_sshfp_fields_from_the_registry(value: str, fragment: str) -> None:
    refused(entry("host", "SSHFP", value), FIRST, "sshfp-fields", fragment)


@pytest.mark.parametrize("value", [f"4 2 {HEX20}", f"4 1 {HEX32}"])
def test_sshfp_fingerprint_length_refused_by_the_parser(value: str) -> None:
    refused(entry("host", "SSHFP", value), FIRST, "values", "length")


@pytest.mark.parametrize("value", [f"1 1 {HEX20}", f"3 2 {HEX32}", f"4 2 {HEX32}", f"6 2 {HEX32}", f"2 1 {HEX20}"])
def test_sshfp_valid_including_ed448(value: str) -> None:
    accepted(entry("host", "SSHFP", value))


@pytest.mark.parametrize(("value", "rule", "fragment"), [
    ('0 isue "letsencrypt.org"', "caa-tag", "'isue'"),
    ('0 policy "x"', "caa-tag", "reserved"),
    ('1 issue "letsencrypt.org"', "caa-flags", "flags 1"),
    ('129 issue "letsencrypt.org"', "caa-flags", "flags 129"),
    ('0 issue "https://letsencrypt.org"', "caa-value", "bare domain"),
    ('0 iodef "security@example.test"', "caa-value", "mailto:"),
])
def test_caa_tag_flags_value(value: str, rule: str, fragment: str) -> None:
    refused(entry("@", "CAA", value), FIRST, rule, fragment)


@pytest.mark.parametrize("value", [
    '0 issue "letsencrypt.org"', '128 issue "letsencrypt.org"', '0 issuewild ";"', '0 issue ""',
    '0 issue "letsencrypt.org; validationmethods=dns-01"', '0 iodef "mailto:security@example.test"',
    '0 iodef "https://iodef.example.test/"', '0 issuemail "authority.example"', '0 issuevmc "digicert.com"',
    '0 contactemail "dns@example.test"', '0 contactphone "+1 (555) 010-0000"', '0 ISSUE "letsencrypt.org"',
])
def test_caa_valid(value: str) -> None:
    accepted(entry("@", "CAA", value))


@pytest.mark.parametrize(("value", "fragment"), [
    ('100 10 "SU" "SIP+D2U" "" _sip._udp.example.net.', "mutually exclusive"),
    ('100 10 "U" "E2U+sip" "" _sip._udp.example.net.', "'U' makes a URI"),
    ('100 10 "S" "SIP+D2U" "!^.*$!sip:x@example.net!" _sip._udp.example.net.', "both a regexp and a replacement"),
    ('100 10 "S!" "SIP+D2U" "" _sip._udp.example.net.', "letters or digits"),
    ('100 10 "A" "" "" .', "need a replacement"),
])
def test_naptr_flags(value: str, fragment: str) -> None:
    found = findings(entry("@", "NAPTR", value))
    assert found and all((f.line, f.rule) == (FIRST, "naptr-flags") for f in found), found
    assert any(fragment in f.message for f in found), found


@pytest.mark.parametrize("value", [
    '100 10 "S" "SIP+D2U" "" _sip._udp.example.net.',
    '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .',
    '100 10 "" "" "" _next.example.net.',
    '100 10 "P" "x-app" "" app.example.net.',
])
def test_naptr_valid(value: str) -> None:
    accepted(entry("@", "NAPTR", value))


@pytest.mark.parametrize(("value", "fragment"), [
    ("52 22 23.000 N 4 53 32.000 E -200000.00m", "altitude -200000.00"),
    ("52 22 23.000 N 4 53 32.000 E 42849673m", "altitude 42849673.00"),
    ("52 22 23.000 N 4 53 32.000 E 10m 90000001m", "size 90000001.00"),
    ("52 22 23.000 N 4 53 32.000 E 10m 1m 90000001m", "horizontal precision"),
])
def test_loc_ranges(value: str, fragment: str) -> None:
    refused(entry("@", "LOC", value), FIRST, "loc-range", fragment)


@pytest.mark.parametrize("value", ["52 22 23.000 N 4 53 32.000 E -100000m", "52 22 23 N 4 53 32 E 42849672.95m "
                                   "90000000m 90000000m 90000000m", "0 0 0 N 0 0 0 E 0m"])
def test_loc_valid(value: str) -> None:
    accepted(entry("@", "LOC", value))


def test_svcb_alpn_ascii_only() -> None:
    refused(entry("@", "HTTPS", "1 . alpn=h2,é"), FIRST, "svcb-alpn", "'é'")
    refused(entry("_svc", "SVCB", "1 svc.example.net. alpn=h2,h\\0013"), FIRST, "svcb-alpn")
    accepted(entry("@", "HTTPS", "1 . alpn=h2,h3,http/1.1 port=443"), entry("_svc", "SVCB", "0 svc.example.net."))


def test_null_mx_alone_and_preference_zero() -> None:
    refused(entry("@", "MX", "0 .", "10 mail.example.net."), FIRST, "null-mx", "only MX")
    refused(entry("@", "MX", "10 ."), FIRST, "null-mx", "preference 0")
    accepted(entry("@", "MX", "0 ."))
    accepted(entry("@", "MX", "0 mail.example.net.", "10 backup.example.net."))


# ------------------------------------------------------------------ 6. every error at once

def test_null_and_empty_values_both_reported() -> None:
    text = ["  - name: x", "    type: TXT", "    values: [null, '']"]
    found = findings(*text)
    assert sorted((f.line, f.rule) for f in found) == [(FIRST + 2, "schema"), (FIRST + 2, "values")], found
    assert any("TXT value is empty" in f.message for f in found)


def test_spf_type_problems_name_spf() -> None:
    found = findings(entry("@", "SPF", "", "v=spf1 -all\u00e9"))
    messages = [f.message for f in found if f.rule == "values"]
    assert len(messages) == 2 and all(m.startswith("SPF value") for m in messages), found


def test_every_value_of_every_entry_reported_in_one_run() -> None:
    entries = [
        "  - name: a", "    type: A", "    values: [192.0.2.1, 300.1.2.3, not-an-ip]",
        "  - name: b", "    type: MX", "    values: ['10 https://mx/', '5 .', 'x y z']",
        "  - name: c", "    type: CNAME", "    extra: key", "    values: ['a&b']",
    ]
    found = findings(*entries)
    rules = sorted((f.line, f.rule) for f in found)
    assert rules == [
        (FIRST + 2, "values"), (FIRST + 2, "values"),
        (FIRST + 5, "null-mx"), (FIRST + 5, "null-mx"), (FIRST + 5, "target-hostname"), (FIRST + 5, "values"),
        (FIRST + 8, "schema"), (FIRST + 9, "target-hostname"),
    ], "\n".join(map(str, found))


def test_check_entry_is_the_entry_point_for_python_declarations() -> None:
    from zonestack.loader import check_entry

    entry = {"name": "sip._tcp", "type": "SRV", "values": ["0 5 5060 192.0.2.8."]}
    _, found = check_entry("example.test", entry, 300, "stack.py", 12)
    assert [(f.path, f.line, f.rule) for f in found] == [("stack.py", 12, "srv-owner"),
                                                         ("stack.py", 12, "target-hostname")]
    entry = {"name": "_sip._tcp", "type": "SRV", "values": ["0 5 5060 sip.example.net."], "ttl": 600}
    record, found = check_entry("example.test", entry, 300, "stack.py", 12)
    assert found == [] and record is not None
    assert (record.name, record.ttl, record.values, record.line) == ("_sip._tcp", 600, ("0 5 5060 sip.example.net.",), 12)
    _, found = check_entry("example.test", {"name": "www", "type": "A", "values": "192.0.2.1"}, 300, "stack.py", 3)
    assert [(f.line, f.rule) for f in found] == [(3, "schema")]


# ------------------------------------------------------------------ 7. already-quoted TXT

@pytest.mark.parametrize(("value", "plain"), [
    ('"v=spf1 -all"', "v=spf1 -all"),
    ('"v=DKIM1; k=rsa; p=MIIB" "IjANBg"', "v=DKIM1; k=rsa; p=MIIBIjANBg"),
])
def test_already_quoted_txt_is_refused_with_the_plain_text(value: str, plain: str) -> None:
    refused(entry("@", "TXT", value), FIRST, "txt-quoted", f"'{plain}'")


@pytest.mark.parametrize(("value", "at"), [
    ('v=DKIM1; k=rsa; p=MIIBQI9" "ulUBAQAB', 26),  # a Route 53 / BIND split value, outer quotes dropped
    ('v=spf1 include:_spf.example.net "  " ~all', 33),
])
def test_a_string_joint_left_inside_plain_text_is_refused(value: str, at: int) -> None:
    """``…QI9" "ulUB…``: the quotes and space would be published inside the text, breaking the key."""
    refused(entry("x", "TXT", value), FIRST, "txt-quoted", "holds a string joint", f"at character {at}")


@pytest.mark.parametrize("value", [
    'say "hello" to everyone', '"', 'https://example.test/path?q="x"', "v=spf1 -all",
    'google-site-verification=abc"def',
])
def test_text_with_inner_quotes_is_fine(value: str) -> None:
    accepted(entry("x", "TXT", value))


# ------------------------------------------------------------------ warnings: SPF, DMARC, DKIM, SRV '.'

def _warning(entries: list[str] | str, rule: str, *fragments: str, line: int = FIRST) -> None:
    refused(entries, line, rule, *fragments, severity="warning")


def test_spf_lookups_over_ten_warn() -> None:
    eleven = "v=spf1 " + " ".join(f"include:_spf{i}.example.net" for i in range(10)) + " mx -all"
    _warning(entry("@", "TXT", eleven), "spf-lookups", "11 DNS lookups")
    accepted(entry("@", "TXT", "v=spf1 " + " ".join(f"include:_spf{i}.example.net" for i in range(9)) +
                   " mx ip4:192.0.2.0/24 ip6:2001:db8::/32 -all"))


@pytest.mark.parametrize(("values", "fragment"), [
    (["v=spf1 mx -all", "v=spf1 a -all"], "2 SPF policies"),
    (["spf1 v=spf1 mx -all"], "does not start with"),
    (["v=spf1 mx -all a"], "never evaluated"),
    (["v=spf1 mx inclde:x.example -all"], "not a known mechanism"),
    (["v=spf1 ip4:192.0.2.300 -all"], "not an IP4"),
])
def test_spf_syntax_warnings(values: list[str], fragment: str) -> None:
    found = findings(entry("@", "TXT", *values))
    assert [(f.rule, f.severity) for f in found] == [("spf-syntax", "warning")], found
    assert fragment in found[0].message


def test_spf_type_is_obsolete_warning() -> None:
    _warning(entry("@", "SPF", "v=spf1 -all"), "spf-type", "TXT")


def test_dmarc() -> None:
    _warning(entry("_dmarc", "TXT", "p=reject; v=DMARC1"), "dmarc-syntax", "v=DMARC1")
    _warning(entry("_dmarc", "TXT", "v=DMARC1; rua=mailto:d@example.test; p=reject"), "dmarc-syntax", "p=none")
    accepted(entry("_dmarc", "TXT", "v=DMARC1; p=reject; rua=mailto:dmarc@example.test"))
    accepted(entry("_dmarc.shop", "TXT", "v=DMARC1;p=none"))


def test_dkim() -> None:
    _warning(entry("s1._domainkey", "TXT", "v=DKIM1; k=rsa; p=not base64!"), "dkim-syntax", "base64")
    _warning(entry("s1._domainkey", "TXT", "k=rsa; v=DKIM1; p=AAAA"), "dkim-syntax", "first tag")
    _warning(entry("s1._domainkey", "TXT", "v=DKIM1; k=rsa"), "dkim-syntax", "no p=")
    accepted(entry("s1._domainkey", "TXT", "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"))
    accepted(entry("old._domainkey", "TXT", "v=DKIM1; p="))  # revoked key


def test_srv_null_target_with_port_warns() -> None:
    _warning(entry("_sip._tcp", "SRV", "0 0 5060 ."), "srv-null-target", "port 0")
    _warning(entry("_sip._tcp", "SRV", "0 0 0 .", "10 5 5060 sip.example.net."), "srv-null-target", "other targets")


# ------------------------------------------------------------------ close variants stay valid

def test_url_shaped_txt_and_dmarc_and_long_names_are_fine() -> None:
    label = "a" * 63
    # 253 octets in all with the zone: three labels of 63, one that fills the rest
    name = ".".join([label, label, label, "b" * (253 - 3 * 64 - len(".example.test"))])
    assert len(f"{name}.example.test") == 253
    accepted(entry("x", "TXT", "https://shop.example.net/cart?item=1&b=2"),
             entry("_dmarc", "TXT", "v=DMARC1; p=none"),
             entry(name, "A", "192.0.2.1"))


# ------------------------------------------------------------------ the README's rule table

def test_readme_rule_table_lists_every_rule_with_severity_and_example() -> None:
    from pathlib import Path

    from zonestack.rule_registry import REGISTRY, rule_table

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rule-table:start -->\n", 1)[1].split("<!-- rule-table:end -->", 1)[0]
    assert table == rule_table(), "README rule table is stale: paste zonestack.rule_registry.rule_table()"
    for rule in REGISTRY.values():
        assert f"| `{rule.id}` | {rule.severity} |" in table
        assert rule.example.strip() and rule.checks.strip()


@pytest.mark.parametrize("module", ["zonestack.rdtypes", "zonestack.rdtypes.txt", "zonestack.rules.record_set",
                                    "zonestack.rule_registry", "zonestack.rules", "zonestack.names"])
def test_each_validation_module_imports_first_without_a_cycle(module: str) -> None:
    """Constructs may import the per-record-set entry point before anything else."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", f"import {module}; import zonestack.rules.record_set"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_warnings_do_not_make_a_file_invalid_for_other_commands(tmp_path) -> None:
    """synth, export, import and deploy read zones with check_zone/load_catalog: errors only."""
    from zonestack.catalog import load_catalog
    from zonestack.loader import check_zone, load_zone

    path = tmp_path / "example.test.yaml"
    path.write_text("zone: example.test\nrecords:\n" + entry("@", "TXT", "v=spf1 mx -all", "v=spf1 a -all") + "\n")
    zone, errors = check_zone(path)
    assert errors == [] and zone is not None and len(zone.records[0].values) == 2
    assert load_zone(path) == zone
    catalog = load_catalog([path])
    assert catalog.ok and catalog.zones == [zone]
    assert [(w.line, w.rule, w.severity) for w in catalog.warnings] == [(3, "spf-syntax", "warning")]
