"""BIND master files (exports from Cloudflare, Route 53, GoDaddy, Gandi, ``dig AXFR``) → record sets.

dnspython is the parser: its tokenizer splits the file into fields (quotes,
parentheses, comments, escapes), ``dns.ttl``/``dns.rdataclass``/``dns.rdatatype``
read the fields of an entry and ``dns.rdata.from_text`` its data; ``$GENERATE``
is expanded by dnspython's own reader. This module walks the file one entry at
a time (RFC 1035 §5.1: ``$ORIGIN``, ``$TTL``, ``$INCLUDE``, blank owner = the
previous one), so every record keeps the line it starts on, and it reads what
real exports write instead of refusing it:

* no ``$ORIGIN`` and the zone's own name without the final dot (Cloudflare's SOA
  owner ``example.com``; GoDaddy's ``EXAMPLE.COM.``): a name ending in the zone's
  name is read as absolute, with a note;
* GoDaddy's ``_sip._tls.@`` owner: the ``@`` label stands for the origin;
* ``ALIAS`` (Gandi's and others' exports) is read like a CNAME target;
* cli53's ``AWS ALIAS <type> <target> <zone-id> <health>`` (Route 53 alias)
  becomes ``ALIAS`` at the apex and ``CNAME`` elsewhere, with a note;
* Cloudflare's ``; cf_tags=cf-proxied:true`` marks the set ``PROXIED``; the comment
  before ``cf_tags=`` (Cloudflare's record comment), or any record's ``;`` comment,
  is kept beside its value in the record file.

A target without the final dot is relative to the origin as RFC 1035 says
(GoDaddy's older exports write ``aspmx.l.google.com``): a note names every such
target with more than one label. Anything else wrong is ``FILE:LINE: message``
(``ImportProblem``). What a file may expand to is bounded (``Limits``): bytes
read including ``$INCLUDE``d files, records including ``$GENERATE``, include depth;
where an ``$INCLUDE`` may read is ``includes.IncludePolicy`` (the zone file's
folder and ``--include-dir`` folders, regular files only).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import dns.exception
import dns.grange
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
import dns.ttl
import dns.zone
import dns.zonefile

from zonestack.importers.includes import IncludePolicy, open_regular
from zonestack.importers.source import PROXIED, ImportProblem, SourceRecord
from zonestack.inputfile import InputRefused, InputTooLarge, read_input
from zonestack.names import APEX, zone_origin
from zonestack.rdata import ValueProblem, canonical_value
from zonestack.rrtypes import FORMAT_HINT, PARSE_AS, TEXT_TYPES
from zonestack.rule_registry import TYPES, VALUES


@dataclass(frozen=True)
class Limits:
    """What one import may read: far above any real zone, far below what hurts."""

    max_bytes: int = 16 * 1024 * 1024  # the file and every file it includes
    max_records: int = 50_000  # resource records in all, $GENERATE expansions included
    max_include_depth: int = 4


DEFAULT_LIMITS = Limits()

_CLASSES = frozenset({"IN", "CH", "CHAOS", "HS", "HESIOD", "NONE", "ANY", "AWS"})
_PROXIED = re.compile(r"\bcf-proxied:true\b")
_ROUTING = re.compile(r"^\s*AWS\b.*\brouting=\"?([A-Za-z]+)")  # cli53: ; AWS routing="WEIGHTED" weight=70 ...
#: Types whose targets are never kept (dropped later), so their odd names deserve no note.
_QUIET = frozenset({"SOA"})


@dataclass(frozen=True)
class ZoneFileRead:
    """Record sets in first-seen order, and what was noticed reading them."""

    records: list[SourceRecord]
    notes: list[str]


@dataclass
class _Set:
    line_where: str
    ttl: int
    values: list[tuple[str, str]] = field(default_factory=list)  # (file-form value, where)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)  # one per value ("" when none)


@dataclass
class _State:
    """Per-file reading state (RFC 1035 §5.1)."""

    origin: dns.name.Name
    origin_set: bool  # a $ORIGIN line (or an $INCLUDE origin) named it
    default_ttl: int | None = None  # $TTL
    last_ttl: int | None = None
    last_name: dns.name.Name | None = None


class _Reader:
    def __init__(self, zone: str, limits: Limits, includes: IncludePolicy) -> None:
        self.zone = zone
        self.includes = includes
        self.apex = zone_origin(zone)
        self.limits = limits
        self.sets: dict[tuple[str, str], _Set] = {}
        self.notes: list[str] = []
        self.noted: set[str] = set()
        self.bytes = 0
        self.count = 0
        #: Line N of the text read → the line of the source to name in messages; the same line for a
        #: zone file, the JSON line of the value for text another importer made (``route53``).
        self.source_lines: list[int] | None = None

    def source_line(self, line: int) -> int:
        """The source's line for line ``line`` of the text being read."""
        lines = self.source_lines
        return lines[min(line, len(lines)) - 1] if lines else line

    # -- files ----------------------------------------------------------------

    def read_file(self, path: Path, shown: str, state: _State, depth: int, where: str) -> None:
        self.read_text(self._file_text(path, shown, where, included=depth > 0), path, shown, state, depth)

    def read_text(self, text: str, path: Path, shown: str, state: _State, depth: int) -> None:
        """Read the entries of ``text`` (the file ``path``, ``shown`` in messages)."""
        tok = dns.tokenizer.Tokenizer(text if text.endswith("\n") else text + "\n", shown)
        while True:
            line = self.source_line(tok.line_number)
            try:
                if not self._entry(tok, path, shown, state, depth):
                    return
            except ImportProblem:
                raise
            except dns.exception.UnexpectedEnd:
                raise ImportProblem(f"{shown}:{line}: the entry is cut short "
                                    "(an unclosed quote or parenthesis?)") from None
            except Exception as exc:  # dnspython raises many types; any of them is this entry's fault
                raise ImportProblem(f"{shown}:{line}: {_detail(exc, shown)}") from None

    def _file_text(self, path: Path, shown: str, where: str, included: bool) -> str:
        """The file's text, bounded; an included file is opened only if still a regular file."""
        budget = self.limits.max_bytes - self.bytes
        too_large = ImportProblem(f"{where}: {shown} is too large: an import reads at most "
                                  f"{self.limits.max_bytes:,} bytes in all (zone files and $INCLUDEs)")
        try:
            if included:
                with os.fdopen(open_regular(path, where), "rb") as handle:
                    raw = handle.read(budget + 1)
            else:
                raw = read_input(path, budget)
        except OSError as exc:
            raise ImportProblem(f"{where}: cannot read zone file {shown}: {exc.strerror or exc}") from None
        except InputTooLarge:
            raise too_large from None
        except InputRefused as refused:
            raise ImportProblem(f"{where}: cannot read zone file {shown}: {refused}") from None
        if len(raw) > budget:
            raise too_large
        self.bytes += len(raw)
        try:
            return raw.decode("utf-8-sig")  # a BOM from a Windows editor is not data
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ImportProblem(f"{shown}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None

    # -- entries --------------------------------------------------------------

    def _entry(self, tok: dns.tokenizer.Tokenizer, path: Path, shown: str, state: _State, depth: int) -> bool:
        """Read one entry; False at the end of the file."""
        line = self.source_line(tok.line_number)
        where = f"{shown}:{line}"
        token = tok.get(want_leading=True, want_comment=True)
        if token.is_eof():
            return False
        if token.is_eol() or token.is_comment():
            return True
        if token.is_whitespace():
            token = tok.get(want_comment=True)
            if token.is_eof():
                return False
            if token.is_eol() or token.is_comment():
                return True
            tok.unget(token)
            if state.last_name is None:
                raise ImportProblem(f"{where}: the line starts with white space (the previous owner) "
                                    "but no owner name came before it")
            owner = state.last_name
        elif token.is_identifier() and token.value.startswith("$"):
            self._directive(token.value.upper(), tok, path, where, state, depth)
            return True
        else:
            owner = self._owner(token.value, state, where)
            state.last_name = owner
        self._record(tok, owner, where, state)
        return True

    def _directive(self, name: str, tok: dns.tokenizer.Tokenizer, path: Path, where: str, state: _State,
                   depth: int) -> None:
        if name == "$ORIGIN":
            origin = dns.name.from_text(tok.get_string(), origin=state.origin)
            tok.get_eol()
            state.origin, state.origin_set = origin, True
        elif name == "$TTL":
            state.default_ttl = _ttl(tok.get_string(), where)
            tok.get_eol()
        elif name == "$INCLUDE":
            self._include(tok, path, where, state, depth)
        elif name == "$GENERATE":
            self._generate(tok, where, state)
        else:
            raise ImportProblem(f"{where}: unknown directive {name} (known: $ORIGIN, $TTL, $INCLUDE, $GENERATE)")

    def _include(self, tok: dns.tokenizer.Tokenizer, path: Path, where: str, state: _State, depth: int) -> None:
        target = tok.get_string()
        rest = [t.value for t in _rest(tok)]
        if len(rest) > 1:
            raise ImportProblem(f"{where}: $INCLUDE takes a file name and an optional origin")
        if depth + 1 > self.limits.max_include_depth:
            raise ImportProblem(f"{where}: $INCLUDE nested more than {self.limits.max_include_depth} deep "
                                "(an include loop?)")
        origin = dns.name.from_text(rest[0], origin=state.origin) if rest else state.origin
        included = self.includes.resolve(target, path, where)
        inner = _State(origin, origin_set=state.origin_set or bool(rest), default_ttl=state.default_ttl,
                       last_ttl=state.last_ttl)
        self.read_file(included, str(included), inner, depth + 1, where)

    def _generate(self, tok: dns.tokenizer.Tokenizer, where: str, state: _State) -> None:
        fields = [f'"{t.value}"' if t.is_quoted_string() else t.value for t in _rest(tok)]
        if not fields:
            raise ImportProblem(f"{where}: $GENERATE needs a range, an owner, a type and data")
        try:
            start, stop, step = dns.grange.from_text(fields[0])
        except Exception:  # dnspython raises several types for a bad range
            raise ImportProblem(f"{where}: $GENERATE range {fields[0]!r} is not START-STOP[/STEP]") from None
        count = len(range(start, stop + 1, step))
        if self.count + count > self.limits.max_records:
            raise ImportProblem(f"{where}: $GENERATE {fields[0]} would make {count:,} records; an import reads "
                                f"at most {self.limits.max_records:,} records in all")
        # A zone rooted at '.' keeps every generated name (the reader skips names outside its
        # origin; ours are checked below) and finds nodes by dict, so expanding is linear
        # (dnspython's RRSetsReaderManager scans every set per added record).
        generated = dns.zone.Zone(dns.name.root, relativize=False)
        text = f"$ORIGIN {state.origin.to_text()}\n$GENERATE {' '.join(fields)}\n"
        with generated.writer(True) as txn:
            reader = dns.zonefile.Reader(dns.tokenizer.Tokenizer(text, where), dns.rdataclass.IN, txn,
                                         allow_directives={"$ORIGIN", "$GENERATE"},
                                         default_ttl=_implicit_ttl(state))
            try:
                reader.read()
            except Exception as exc:  # dnspython raises many types for a bad $GENERATE
                raise ImportProblem(f"{where}: $GENERATE: {_detail(exc, where)}") from None
        for owner, rdataset in generated.iterate_rdatasets():
            self._check_in_zone(owner, where)
            rtype = dns.rdatatype.to_text(rdataset.rdtype)
            for rdata in rdataset:
                value = self._value(rdata, self._relative(owner), rtype, state, where)
                self._add(owner, rtype, rdataset.ttl, value, "", where)

    def _record(self, tok: dns.tokenizer.Tokenizer, owner: dns.name.Name, where: str, state: _State) -> None:
        ttl: int | None = None
        rdclass: str | None = None
        token = tok.get()
        for _ in range(2):  # [TTL] [class] in either order (RFC 1035 §5.1)
            if not token.is_identifier():
                break
            if ttl is None and token.value[:1].isdigit():
                ttl = _ttl(token.value, where)
            elif rdclass is None and (token.value.upper() in _CLASSES or token.value.upper().startswith("CLASS")):
                rdclass = token.value.upper()
            else:
                break
            token = tok.get()
        if not token.is_identifier():
            raise ImportProblem(f"{where}: a record type is missing")
        if ttl is not None:
            state.last_ttl = ttl
        else:
            ttl = _implicit_ttl(state)
            if ttl is None:
                raise ImportProblem(f"{where}: the record has no TTL and no $TTL line comes before it")
        rtype = token.value.upper()
        if rdclass == "AWS":
            self._route53_alias(tok, owner, rtype, ttl, where, state)
            return
        if rdclass not in (None, "IN"):
            raise ImportProblem(f"{where}: class {rdclass}: only Internet (IN) records can be imported")
        try:
            rdtype = dns.rdatatype.from_text(PARSE_AS.get(rtype, rtype))
        except dns.rdatatype.UnknownRdatatype:
            raise ImportProblem(f"{where}: unknown record type {token.value!r} [{TYPES.id}]") from None
        name = rtype if rtype in PARSE_AS else dns.rdatatype.to_text(rdtype)
        if name in TEXT_TYPES:
            value, comment = self._txt(tok, where)
            self._add(owner, name, ttl, value, comment, where)
            return
        try:
            rdata = dns.rdata.from_text(dns.rdataclass.IN, rdtype, tok, origin=None, relativize=False)
        except dns.exception.UnexpectedEnd:
            raise
        except Exception as exc:  # dnspython raises many types for bad rdata
            hint = FORMAT_HINT.get(name)
            raise ImportProblem(f"{where}: malformed {name} record ({_detail(exc, '')})"
                                + (f"; expected {hint}" if hint else "") + f" [{VALUES.id}]") from None
        value = self._value(rdata, self._relative(owner), name, state, where)
        self._add(owner, name, ttl, value, rdata.rdcomment or "", where)

    def _route53_alias(self, tok: dns.tokenizer.Tokenizer, owner: dns.name.Name, rtype: str, ttl: int,
                       where: str, state: _State) -> None:
        tokens, comment = _rest_and_comment(tok)
        fields = [t.value for t in tokens]
        if rtype != "ALIAS" or len(fields) < 2:
            raise ImportProblem(f"{where}: Route 53 extension 'AWS {rtype}' is not supported "
                                "(only cli53's 'AWS ALIAS <type> <target> <zone-id> <health>')")
        target = self._absolute(dns.name.from_text(fields[1], origin=None), state, where)
        apex = owner == self.apex
        kind = "ALIAS" if apex else "CNAME"
        relative = self._relative(owner)
        why = ("Gandi's ALIAS at the apex" if apex
               else "Gandi has no alias below the apex; a CNAME resolves the same")
        self.notes.append(f"{where}: Route 53 alias {relative} {fields[0]} → {target.to_text()} becomes "
                          f"{relative} {kind} ({why})")
        self._add(owner, kind, ttl, target.to_text(), comment, where)

    # -- names ----------------------------------------------------------------

    def _owner(self, text: str, state: _State, where: str) -> dns.name.Name:
        _refuse_octal_escape(text, where)
        name = dns.name.from_text(text, origin=None)
        if not name.is_absolute() and name.labels and name.labels[-1] == b"@":
            self._note_once("godaddy-at", f"{where}: owner {text!r}: a trailing '@' label is read as the origin "
                                          "(GoDaddy writes names this way)")
            name = dns.name.Name(name.labels[:-1])
        absolute = self._absolute(name, state, where)
        self._check_in_zone(absolute, where)
        return absolute

    def _absolute(self, name: dns.name.Name, state: _State, where: str) -> dns.name.Name:
        """A name made absolute; see the module docstring for the zone-name rule."""
        if name.is_absolute():
            return name
        if not state.origin_set and name.labels:
            as_written = dns.name.Name((*name.labels, b""))
            if as_written.is_subdomain(self.apex):
                self._note_once("bare-zone-name", f"{where}: {name.to_text()!r} has no final dot and the file no "
                                                  f"$ORIGIN: names ending in {self.zone} are read as absolute "
                                                  "(Cloudflare writes its SOA owner this way)")
                return as_written
        return name.derelativize(state.origin)

    def _check_in_zone(self, name: dns.name.Name, where: str) -> None:
        if not name.is_subdomain(self.apex):
            raise ImportProblem(f"{where}: owner {name.to_text()} is not in zone {self.zone}. (is --zone right?)")

    def _relative(self, name: dns.name.Name) -> str:
        relative = name.relativize(self.apex)
        return APEX if relative == dns.name.empty else relative.to_text().lower()

    def _note_once(self, key: str, note: str) -> None:
        if key not in self.noted:
            self.noted.add(key)
            self.notes.append(note)

    # -- record sets ----------------------------------------------------------

    def _txt(self, tok: dns.tokenizer.Tokenizer, where: str) -> tuple[str, str]:
        """A TXT/SPF entry's strings joined, and its comment.

        Read with dnspython's tokenizer as its TXT parser does, but a string
        longer than 255 octets (Gandi stores and exports one as given,
        docs/gandi-livedns.md §7) is accepted: the record file splits it anyway.
        """
        strings: list[bytes] = []
        comment = ""
        while True:
            token = tok.get(want_comment=True)
            if token.is_comment():
                comment = token.value
                continue
            if token.is_eol_or_eof():
                break
            if not (token.is_quoted_string() or token.is_identifier()):
                raise ImportProblem(f"{where}: malformed TXT record (unexpected {token.value!r})")
            strings.append(token.unescape_to_bytes().value)
        if not strings:
            raise ImportProblem(f"{where}: malformed TXT record (no strings)")
        if any(len(s) > 255 for s in strings):
            self._note_once("long-txt", f"{where}: a TXT string longer than 255 octets: the record file "
                                        "splits it at 255 (RFC 1035 §3.3)")
        joined = b"".join(strings)
        try:  # non-ASCII is refused later; a message should name 'é', not its two UTF-8 octets
            return joined.decode("utf-8"), comment
        except UnicodeDecodeError:
            return joined.decode("latin-1"), comment

    def _add(self, owner: dns.name.Name, rtype: str, ttl: int, value: str, comment: str, where: str) -> None:
        self.count += 1
        if self.count > self.limits.max_records:
            raise ImportProblem(f"{where}: more than {self.limits.max_records:,} records: "
                                "an import reads at most that many in all")
        name = self._relative(owner)
        entry = self.sets.get((name, rtype))
        if entry is None:
            entry = self.sets[(name, rtype)] = _Set(where, ttl)
        elif ttl != entry.ttl:
            entry.ttl = min(ttl, entry.ttl)
            self._note_once(f"ttl {name} {rtype}", f"{where}: {name} {rtype}: TTLs differ within the record set "
                                                   f"(from {entry.line_where}): the lowest is used (RFC 2181 §5.2)")
        entry.values.append((value, where))
        entry.comments.append(_own_comment(comment))
        if _PROXIED.search(comment):
            entry.flags.add(PROXIED)
        routing = _ROUTING.search(comment)
        if routing:
            self._note_once(f"routing {name} {rtype}", f"{where}: {name} {rtype}: Route 53 routing policy "
                                                       f"{routing.group(1)} has no equivalent at Gandi: the values "
                                                       "of every routed record are merged into one record set")

    def _value(self, rdata: dns.rdata.Rdata, name: str, rtype: str, state: _State, where: str) -> str:
        """``rdata`` as text with every host name absolute (noting multi-label relative targets)."""
        changes = {}
        for slot in rdata.__slots__:
            target = getattr(rdata, slot, None)
            if not isinstance(target, dns.name.Name) or target.is_absolute():
                continue
            resolved = self._absolute(target, state, where)
            quiet = rtype in _QUIET or (rtype == "NS" and name == APEX)
            if len(target.labels) > 1 and not quiet and resolved.labels[len(target.labels):] == state.origin.labels:
                self.notes.append(f"{where}: {name} {rtype}: target {target.to_text()!r} has no final dot: read "
                                  f"relative to the origin as {resolved.to_text()} (RFC 1035); add the final dot "
                                  "in the file if it is meant absolute")
            changes[slot] = resolved
        return (rdata.replace(**changes) if changes else rdata).to_text()

    def result(self) -> ZoneFileRead:
        records = []
        problems: list[ImportProblem] = []  # every bad value, not only the first
        for (name, rtype), entry in self.sets.items():
            values: list[str] = []
            comments: dict[str, str] = {}
            for (value, where), comment in zip(entry.values, entry.comments, strict=True):
                try:
                    values.append(canonical_value(rtype, value, self.zone))
                except ValueProblem as problem:
                    problems.append(ImportProblem(f"{where}: {name} {rtype}: {problem} [{VALUES.id}]"))
                    continue
                if comment:
                    comments.setdefault(values[-1], comment)
            records.append(SourceRecord(name, rtype, entry.ttl, tuple(dict.fromkeys(values)), entry.line_where,
                                        frozenset(entry.flags), tuple(comments.items())))
        if problems:
            raise ImportProblem.several(problems)
        return ZoneFileRead(records, self.notes)


def read_zone(path: str | Path, zone: str, limits: Limits = DEFAULT_LIMITS,
              include_dirs: tuple[Path, ...] = ()) -> ZoneFileRead:
    """Every record set in the file (first-seen order) and notes; raises ImportProblem.

    ``zone`` is the zone the file describes: the origin until a ``$ORIGIN`` line,
    and every owner must lie in it. ``$INCLUDE`` reads only inside the file's
    folder and ``include_dirs`` (``includes.IncludePolicy``).
    """
    reader = _Reader(zone, limits, IncludePolicy.for_zone_file(Path(path), include_dirs))
    shown = str(path)
    reader.read_file(Path(path), shown, _State(zone_origin(zone), origin_set=False), 0, f"{shown}:1")
    return reader.result()


def read_zone_text(text: str, shown: str, zone: str, source_lines: list[int],
                   limits: Limits = DEFAULT_LIMITS) -> ZoneFileRead:
    """``read_zone`` for master-file text made by another importer (``route53``): ``shown`` names its
    source in messages, at ``source_lines[N - 1]`` for line N of the text; an ``$INCLUDE`` is refused
    (the text has no folder of its own)."""
    reader = _Reader(zone, limits, IncludePolicy(()))
    reader.source_lines = source_lines
    reader.read_text(text, Path(shown), shown, _State(zone_origin(zone), origin_set=False), 0)
    return reader.result()


def read_zone_file(path: str | Path, zone: str, limits: Limits = DEFAULT_LIMITS) -> list[SourceRecord]:
    """The record sets of ``read_zone`` without its notes."""
    return read_zone(path, zone, limits).records


def _own_comment(comment: str) -> str:
    """The author's words in a record's ``;`` comment, one line: Cloudflare writes
    ``; <comment> cf_tags=<tags>`` (its import/export documentation), whose tags are
    read as flags; cli53's ``; AWS routing=…`` is a note, not a comment."""
    text = comment.split("cf_tags=", 1)[0] if "cf_tags=" in comment else comment
    if _ROUTING.search(text):
        return ""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _rest(tok: dns.tokenizer.Tokenizer) -> list[dns.tokenizer.Token]:
    """The remaining tokens of the entry (its end of line consumed)."""
    return _rest_and_comment(tok)[0]


def _rest_and_comment(tok: dns.tokenizer.Tokenizer) -> tuple[list[dns.tokenizer.Token], str]:
    """The remaining tokens of the entry and its ``;`` comment ("" when none; end of line consumed)."""
    tokens: list[dns.tokenizer.Token] = []
    comment = ""
    while True:
        token = tok.get(want_comment=True)
        if token.is_eol_or_eof():
            return tokens, comment
        if token.is_comment():
            comment = token.value
        else:
            tokens.append(token)


def _ttl(text: str, where: str) -> int:
    try:
        return int(dns.ttl.from_text(text))
    except dns.ttl.BadTTL as exc:
        raise ImportProblem(f"{where}: TTL {text!r} is not a TTL ({_detail(exc, '')})") from None


def _implicit_ttl(state: _State) -> int | None:
    """$TTL if given, else the last stated TTL (RFC 2308 §4, RFC 1035 §5.1)."""
    return state.default_ttl if state.default_ttl is not None else state.last_ttl


def _detail(exc: BaseException, shown: str) -> str:
    """An exception's message without the ``file:line:`` prefix dnspython adds itself."""
    message = str(exc).strip()
    if shown and message.startswith(f"{shown}:"):
        message = message[len(shown) + 1:].split(":", 1)[-1].strip()
    return message.rstrip(".") or type(exc).__name__


_PLAIN_ESCAPE = re.compile(r"\\(\d{3})")


def _refuse_octal_escape(text: str, where: str) -> None:
    """Refuse ``\\DDD`` standing for a letter, digit or ``-``: a character that never needs escaping.

    In a zone file ``\\DDD`` is decimal (RFC 1035 §5.1), so ``\\052`` is ``4``; Route 53 writes
    octal escapes (``\\052`` is ``*``, its API docs on domain name format), and a file converted
    from its JSON carries them over. Read as written, ``*.apps`` would become ``4.apps``.
    """
    for match in _PLAIN_ESCAPE.finditer(text):
        digits = match.group(1)
        char = chr(int(digits))
        if not (char.isascii() and (char.isalnum() or char == "-")):
            continue
        message = (f"{where}: owner '{text}': \\{digits} is decimal in a zone file (RFC 1035 §5.1), the character "
                   f"{char!r}, which never needs escaping")
        if set(digits) <= set("01234567"):
            message += f"; Route 53 writes octal escapes: if this came from Route 53, write {chr(int(digits, 8))!r}"
        raise ImportProblem(message)
