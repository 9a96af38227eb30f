"""BIND master files (e.g. a Cloudflare export) → ``SourceRecord`` list, with lines.

dnspython does the parsing (``$ORIGIN``/``$TTL``, relative names, comments such
as Cloudflare's ``; cf_tags=...``, parentheses, multi-string TXT); we add the
line each record set starts on, so later problems can name it. Any syntax
problem — unknown type, a file cut off mid-record — becomes ``FILE:LINE: message``.
"""

from __future__ import annotations

from pathlib import Path

import dns.exception
import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
import dns.zone
import dns.zonefile

from zonestack.importers.source import ImportProblem, SourceRecord
from zonestack.names import APEX, zone_origin
from zonestack.rdata import ValueProblem, text_to_wire
from zonestack.rrtypes import TEXT_TYPES


#: dnspython messages that say little on their own; we add what they usually mean.
_VAGUE = frozenset({"expecting an identifier", "unexpected end of input", "text input is malformed",
                    "syntax error"})


class _LineReader(dns.zonefile.Reader):
    """dnspython's reader, remembering the line each record line starts on."""

    start_line = 0
    in_record = False

    def _rr_line(self) -> None:
        self.start_line = self.tok.line_number
        self.in_record = True
        super()._rr_line()
        self.in_record = False


def _value(rdata: dns.rdata.Rdata, rtype: str, origin: dns.name.Name, where: str) -> str:
    """The canonical (Gandi-stored) form of one parsed value."""
    if rtype in TEXT_TYPES:
        raw = b"".join(rdata.strings)  # type: ignore[attr-defined]
        try:
            return text_to_wire(raw.decode("latin-1"))
        except ValueProblem as problem:
            raise ImportProblem(f"{where}: {problem}") from None
    return rdata.to_text(origin=origin, relativize=False)


def read_zone_file(path: str | Path, zone: str) -> list[SourceRecord]:
    """Every record set in the file, first-seen order; raises ImportProblem."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportProblem(f"{shown}:1: cannot read zone file: {getattr(exc, 'strerror', None) or exc}") from None
    origin = zone_origin(zone)
    parsed = dns.zone.Zone(origin, relativize=True)
    first_line: dict[tuple[str, str], int] = {}
    tok = dns.tokenizer.Tokenizer(text, shown)
    reader: _LineReader | None = None
    try:
        with parsed.writer(True) as txn:
            reader = _LineReader(tok, dns.rdataclass.IN, txn, allow_include=False)
            add = txn.add

            def noting_add(name: dns.name.Name, ttl: int, rdata: dns.rdata.Rdata) -> None:
                key = (name.to_text(), dns.rdatatype.to_text(rdata.rdtype))
                first_line.setdefault(key, reader.start_line or tok.line_number)
                add(name, ttl, rdata)

            txn.add = noting_add  # type: ignore[method-assign]
            reader.read()
    except dns.exception.DNSException as exc:
        line = reader.start_line if reader is not None and reader.in_record else tok.line_number
        detail = _detail(str(exc), shown)
        if reader is not None and reader.in_record and detail.lower().rstrip(".") in _VAGUE:
            detail = f"incomplete or malformed record ({detail.rstrip('.')}); is the file cut short?"
        raise ImportProblem(f"{shown}:{line}: {detail}") from None
    records = []
    for (name_text, rtype), line in sorted(first_line.items(), key=lambda item: item[1]):
        rdataset = parsed.get_rdataset(name_text, rtype)
        if rdataset is None:
            continue
        where = f"{shown}:{line}"
        name = APEX if name_text == "@" else name_text.lower()
        values = tuple(dict.fromkeys(_value(rd, rtype, origin, where) for rd in rdataset))
        records.append(SourceRecord(name, rtype, int(rdataset.ttl), values, where))
    return records


def _detail(message: str, shown: str) -> str:
    """dnspython's message without the ``file:line:`` prefix it adds itself."""
    if message.startswith(f"{shown}:"):
        message = message[len(shown) + 1:].split(":", 1)[-1]
    return message.strip() or "syntax error"
