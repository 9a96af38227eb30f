"""Record values: parsed with dnspython, written back exactly as Gandi stores them.

Gandi stores rdata strings verbatim, except that it wraps an unquoted TXT value
in double quotes (docs/gandi-livedns.md §6-7). Sending values already in canonical
presentation form (absolute host names, compressed IPv6, TXT quoted and split
into 255-byte strings) means what Terraform sends is what a refresh reads back,
so there is no perpetual diff (provider issues #40/#41).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT

from zonestack.names import zone_origin
from zonestack.rrtypes import FORMAT_HINT, PARSE_AS, TEXT_TYPES

#: DNS character-strings hold at most 255 octets.
CHUNK = 255
#: Gandi's limit on one value string (docs/gandi-livedns.md §6).
MAX_VALUE_LENGTH = 16384


class ValueProblem(ValueError):
    """A value that does not parse as its type's presentation format."""


def text_to_wire(text: str, rtype: str = "TXT") -> str:
    """Plain text to Gandi's stored TXT form: escaped, quoted, 255-byte strings.

    Gandi accepts printable ASCII only; anything else is rejected here rather
    than by the API at deploy time. ``rtype`` (TXT or SPF) names the type in
    messages.
    """
    if not text:
        raise ValueProblem(f"{rtype} value is empty")
    bad = sorted({c for c in text if not (" " <= c <= "~")})
    if bad:
        shown = ", ".join(repr(c) for c in bad[:3])
        raise ValueProblem(f"{rtype} value holds characters Gandi does not accept ({shown}): printable ASCII only")
    raw = text.encode("ascii")
    chunks = [raw[i : i + CHUNK] for i in range(0, len(raw), CHUNK)]
    rdata = dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, chunks)
    return rdata.to_text()


def wire_to_text(value: str) -> str:
    """Gandi's stored TXT form back to plain text (quoted strings joined).

    An unquoted value (written by another tool) is taken as one plain string.
    """
    stripped = value.strip()
    if not (len(stripped) >= 2 and stripped.startswith('"') and stripped.endswith('"')):
        return value
    try:
        rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.TXT, stripped)
    except dns.exception.DNSException:
        return stripped[1:-1]
    assert isinstance(rdata, dns.rdtypes.ANY.TXT.TXT)  # from_text(IN, TXT, ...) builds nothing else
    return b"".join(rdata.strings).decode("ascii", errors="backslashreplace")


@lru_cache(maxsize=65536)
def canonical_value(rtype: str, value: str, zone: str) -> str:
    """One declared value in canonical, Gandi-stored form; raises ValueProblem."""
    return parse_value(rtype, value, zone)[0]


def parse_value(rtype: str, value: str, zone: str) -> tuple[str, dns.rdata.Rdata | None]:
    """One declared value: its canonical (Gandi-stored) text and the parsed rdata.

    The rdata is None for TXT/SPF (plain text, no rdata needed) and for the
    fast path of a canonical IPv4 address. Raises ValueProblem naming ``rtype``.
    Not cached: callers cache what they keep (``canonical_value``,
    ``rdtypes.check_value``), so parsed rdata objects do not pile up in memory.
    """
    rdata: dns.rdata.Rdata | None = None
    if rtype in TEXT_TYPES:
        wire = text_to_wire(value, rtype)
    elif rtype == "A" and _is_ipv4(value):
        wire = value  # already canonical dotted quad: dnspython would return it unchanged
    else:
        parse_type = dns.rdatatype.from_text(PARSE_AS.get(rtype, rtype))
        try:
            rdata = dns.rdata.from_text(
                dns.rdataclass.IN, parse_type, value, origin=zone_origin(zone), relativize=False
            )
        except (dns.exception.DNSException, ValueError, UnicodeError) as exc:
            expected = FORMAT_HINT.get(rtype, f"{rtype} presentation format")
            raise ValueProblem(f"{rtype} value {value!r} is not {expected} ({_reason(exc)})") from None
        # Only text with upper case can hold a name that needs lowering.
        if value != value.lower():
            rdata = _lower_names(rdata)
        wire = rdata.to_text()
    if len(wire) > MAX_VALUE_LENGTH:
        raise ValueProblem(f"{rtype} value is {len(wire)} characters once quoted; Gandi's limit is {MAX_VALUE_LENGTH}")
    return wire, rdata


def _lower_names(rdata: dns.rdata.Rdata) -> dns.rdata.Rdata:
    """Host names in rdata lower-cased: DNS compares them without case, so
    ``MAIL.example.net.`` and ``mail.example.net.`` are one value."""
    changes = {
        slot: getattr(rdata, slot).canonicalize()
        for slot in rdata.__slots__
        if isinstance(getattr(rdata, slot, None), dns.name.Name)
    }
    return rdata.replace(**changes) if changes else rdata


def _is_ipv4(value: str) -> bool:
    try:
        return str(ipaddress.IPv4Address(value)) == value
    except ValueError:
        return False


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.rstrip(".")
