"""Record values in the exact form Gandi stores and returns them (``zonestack.rdata``)."""

from __future__ import annotations

import pytest

from zonestack.rdata import CHUNK, MAX_VALUE_LENGTH, ValueProblem, canonical_value, text_to_wire, wire_to_text

ZONE = "example.com"


def _strings(wire: str) -> list[str]:
    """The quoted strings of a TXT wire value without escapes (test inputs hold none)."""
    assert wire.startswith('"') and wire.endswith('"')
    return wire[1:-1].split('" "')


# --------------------------------------------------------------------------- TXT quoting


def test_plain_text_is_quoted() -> None:
    assert text_to_wire("v=spf1 include:_mailcust.gandi.net -all") == '"v=spf1 include:_mailcust.gandi.net -all"'


def test_semicolons_and_spaces_stay_inside_one_string() -> None:
    assert text_to_wire("v=DMARC1; p=none") == '"v=DMARC1; p=none"'


def test_double_quote_is_escaped() -> None:
    assert text_to_wire('say "hi"') == '"say \\"hi\\""'


def test_backslash_is_escaped() -> None:
    assert text_to_wire("a\\b") == '"a\\\\b"'


def test_escapes_round_trip() -> None:
    text = 'quote " backslash \\ both \\" end'
    assert wire_to_text(text_to_wire(text)) == text


@pytest.mark.parametrize(
    ("size", "lengths"),
    [
        (1, [1]),
        (254, [254]),
        (255, [255]),
        (256, [255, 1]),
        (510, [255, 255]),
        (511, [255, 255, 1]),
    ],
)
def test_splitting_at_exactly_255_bytes(size: int, lengths: list[int]) -> None:
    text = "".join(chr(ord("a") + i % 26) for i in range(size))
    wire = text_to_wire(text)
    strings = _strings(wire)
    assert [len(s) for s in strings] == lengths
    assert "".join(strings) == text
    assert len(wire) == size + 3 * len(lengths) - 1  # quotes plus one space between strings


@pytest.mark.parametrize("size", [254, 255, 256, 511])
def test_wire_to_text_round_trip(size: int) -> None:
    text = ("0123456789abcdef" * 40)[:size]
    assert wire_to_text(text_to_wire(text)) == text


def test_split_counts_bytes_not_escaped_characters() -> None:
    text = '"' * 256  # 256 bytes, each shown as \" (2 characters)
    wire = text_to_wire(text)
    assert wire == '"' + '\\"' * 255 + '" "' + '\\"' + '"'
    assert wire_to_text(wire) == text


def test_chunk_constants() -> None:
    assert (CHUNK, MAX_VALUE_LENGTH) == (255, 16384)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "TXT value is empty"),
        ("caf\u00e9", "TXT value holds characters Gandi does not accept ('\u00e9'): printable ASCII only"),
        ("a\nb", "TXT value holds characters Gandi does not accept ('\\n'): printable ASCII only"),
        ("\x7f", "TXT value holds characters Gandi does not accept ('\\x7f'): printable ASCII only"),
    ],
)
def test_text_gandi_would_reject(text: str, message: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        text_to_wire(text)
    assert str(caught.value) == message


def test_wire_to_text_joins_strings() -> None:
    assert wire_to_text('"v=DKIM1; p=abc" "def"') == "v=DKIM1; p=abcdef"


def test_wire_to_text_keeps_unquoted_values() -> None:
    assert wire_to_text("written by another tool") == "written by another tool"


def test_wire_to_text_unescapes() -> None:
    assert wire_to_text('"a\\"b\\\\c"') == 'a"b\\c'


# --------------------------------------------------------------------------- canonical values


@pytest.mark.parametrize(
    ("rtype", "value", "canonical"),
    [
        ("TXT", "hello", '"hello"'),
        ("SPF", "v=spf1 -all", '"v=spf1 -all"'),
        ("CNAME", "www", "www.example.com."),
        ("CNAME", "@", "example.com."),
        ("CNAME", "cdn.example.net.", "cdn.example.net."),
        ("ALIAS", "cdn", "cdn.example.com."),
        ("NS", "ns1.lab", "ns1.lab.example.com."),
        ("MX", "10 mail", "10 mail.example.com."),
        ("MX", "10 mail.example.net.", "10 mail.example.net."),
        ("SRV", "0 5 5060 sip", "0 5 5060 sip.example.com."),
        ("AAAA", "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("AAAA", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("AAAA", "::FFFF:192.0.2.1", "::ffff:192.0.2.1"),
        ("A", "192.0.2.1", "192.0.2.1"),
        ("A", " 192.0.2.1 ", "192.0.2.1"),
        ("CAA", '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'),
        ("CAA", "0 issue letsencrypt.org", '0 issue "letsencrypt.org"'),
        ("CAA", '128 iodef "mailto:security@example.com"', '128 iodef "mailto:security@example.com"'),
    ],
)
def test_canonical_values(rtype: str, value: str, canonical: str) -> None:
    assert canonical_value(rtype, value, ZONE) == canonical


def test_relative_host_in_idn_zone_is_made_absolute_in_punycode() -> None:
    assert canonical_value("CNAME", "www", "bücher.de") == "www.xn--bcher-kva.de."


def test_canonical_value_error_names_type_and_expected_form() -> None:
    with pytest.raises(ValueProblem) as caught:
        canonical_value("CAA", "issue letsencrypt.org", ZONE)
    assert str(caught.value).startswith(
        "CAA value 'issue letsencrypt.org' is not 'flags tag \"value\"' (e.g. '0 issue \"letsencrypt.org\"') ("
    )


def test_canonical_value_error_for_type_without_hint() -> None:
    with pytest.raises(ValueProblem) as caught:
        canonical_value("LOC", "somewhere", ZONE)
    assert str(caught.value).startswith("LOC value 'somewhere' is not LOC presentation format (")


def test_canonical_txt_over_limit() -> None:
    with pytest.raises(ValueProblem) as caught:
        canonical_value("TXT", "y" * 16384, ZONE)
    assert str(caught.value) == "TXT value is 16578 characters once quoted; Gandi's limit is 16384"
