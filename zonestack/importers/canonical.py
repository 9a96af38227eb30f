"""Stored values → the canonical form a record file declares, and why they differed.

Gandi stores values verbatim (docs/gandi-livedns.md §6-7): other tools leave
TXT split elsewhere than at 255 octets or a long string unsplit, targets
relative (``10 mail``, ``www``) or in upper case, a value twice. Each means the
same record set as its canonical form (``rdata.canonical_value``), so an import
adopts it, declares the canonical form and says what differed; the first deploy
then rewrites the set in place. A value whose meaning would change is refused.
"""

from __future__ import annotations

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer

from zonestack.importers.source import SourceRecord
from zonestack.names import zone_origin
from zonestack.rdata import CHUNK, ValueProblem, canonical_value, wire_to_text
from zonestack.rrtypes import PARSE_AS, TEXT_TYPES


def file_form(rtype: str, value: str) -> str:
    """A stored value as a record file writes it (TXT as plain text)."""
    if rtype not in TEXT_TYPES:
        return value
    strings = _strings(value)
    return wire_to_text(value) if strings is None else b"".join(strings).decode("latin-1")


def canonical_record(record: SourceRecord, zone: str) -> SourceRecord:
    """``record`` with canonical values, first occurrence kept; raises ValueProblem."""
    values = tuple(dict.fromkeys(canonical_value(record.type, file_form(record.type, v), zone)
                                 for v in record.values))
    return record if values == record.values else SourceRecord(
        record.name, record.type, record.ttl, values, record.where, record.flags)


def differences(stored: SourceRecord, canonical: SourceRecord, zone: str) -> list[str]:
    """Why ``stored`` is not written as ``canonical`` (empty when it is); raises
    ValueProblem if the two would not mean the same record set."""
    if stored.values == canonical.values:
        return []
    reasons: list[str] = []
    if len(set(stored.values)) < len(stored.values):
        reasons.append("a value stored more than once")
    for value in dict.fromkeys(stored.values):
        reason = _why(stored.type, value, zone)
        if reason and reason not in reasons:
            reasons.append(reason)
    if _meaning(stored, zone) != _meaning(canonical, zone):
        raise ValueProblem(f"{stored.name} {stored.type}: values {list(stored.values)} would not mean the same "
                           f"once written as {list(canonical.values)}")
    return reasons or ["another presentation of the same data"]


def _why(rtype: str, value: str, zone: str) -> str | None:
    canonical = canonical_value(rtype, file_form(rtype, value), zone)
    if canonical == value:
        return None
    if rtype in TEXT_TYPES:
        strings = _strings(value)
        if strings is None:
            return "TXT stored without quotes"
        if len(strings) == 1:
            return f"a TXT string longer than {CHUNK} octets stored unsplit"
        return f"TXT stored as {len(strings)} strings split elsewhere than at {CHUNK} octets"
    relative = _relative_names(rtype, value)
    if relative:
        shown = relative[0]
        return (f"target {shown!r} stored without a final dot (Gandi reads it relative to the zone: "
                f"{shown}.{zone}.)" if shown != "@" else f"target '@' (the apex, {zone}.)")
    if value.lower() == canonical.lower() and value != canonical:
        return "host names in upper case"
    return "another presentation of the same data"


def _strings(value: str) -> list[bytes] | None:
    """The character-strings of a quoted TXT value, read with dnspython's tokenizer
    but without its 255-octet limit (Gandi stores a longer string as given, §5.7);
    None if the value is not quoted presentation format."""
    stripped = value.strip()
    if not (len(stripped) >= 2 and stripped.startswith('"') and stripped.endswith('"')):
        return None
    tok = dns.tokenizer.Tokenizer(stripped)
    strings = []
    try:
        while not (token := tok.get()).is_eol_or_eof():
            if not token.is_quoted_string():
                return None
            strings.append(token.unescape_to_bytes().value)
    except dns.exception.DNSException:
        return None
    return strings


def _relative_names(rtype: str, value: str) -> list[str]:
    """Host names in ``value`` written without the final dot."""
    try:
        rdata = dns.rdata.from_text(dns.rdataclass.IN, PARSE_AS.get(rtype, rtype), value, origin=None)
    except Exception:  # dnspython raises many types; the value is checked elsewhere
        return []
    names = [getattr(rdata, slot) for slot in rdata.__slots__]
    return [n.to_text() for n in names if isinstance(n, dns.name.Name) and not n.is_absolute()]


def _meaning(record: SourceRecord, zone: str) -> frozenset[object]:
    """What a set means over DNS: TXT strings joined, other values as wire-format rdata
    (names relative to the zone, compared without case)."""
    if record.type in TEXT_TYPES:
        return frozenset(file_form(record.type, v) for v in record.values)
    origin = zone_origin(zone)
    parse_type = PARSE_AS.get(record.type, record.type)
    meanings = set()
    for value in record.values:
        try:
            rdata = dns.rdata.from_text(dns.rdataclass.IN, parse_type, value, origin=origin, relativize=False)
        except Exception as exc:  # dnspython raises many types for bad values
            raise ValueProblem(f"{record.name} {record.type}: value {value!r} does not parse ({exc})") from None
        meanings.add(rdata.to_digestable(origin))
    return frozenset(meanings)
