"""Route 53's own export: the JSON of ``aws route53 list-resource-record-sets``.

The listing is ``{"ResourceRecordSets": [{"Name", "Type", "TTL", "ResourceRecords":
[{"Value"}]}, ...]}`` (the ``ListResourceRecordSets`` API; the CLI joins its pages), or the
list alone (``--query ResourceRecordSets``).
Each value is already in master-file form, so this module writes one master-file
line per value and hands the text to the BIND reader, which does the rest as for
any zone file (TXT strings, canonical forms, apex SOA/NS, notes). The reader names
each line by the JSON line of its ``Value``, so every message points into the JSON
(however the JSON is laid out: compact, one line, several values on a line).

What is Route 53's own, per its API reference and developer guide:

* **every name is absolute**: Route 53 treats ``mail.example.com`` and
  ``mail.example.com.`` alike (its developer guide, "DNS domain name format"), and
  lists a value as it was entered, often without the final dot; each name field of
  a value (``hostname.FIELD``: CNAME target, MX exchange, SRV target, …) gets it,
  where a master file would read the name relative to the zone;
* **octal escapes**: names and TXT values write a character as ``\\ooo`` in octal
  (``\\052`` is ``*``; ``ex\\344mple``), where a master file's ``\\DDD`` is decimal
  (RFC 1035 §5.1): each is rewritten as the decimal escape of the same byte;
* **alias records** (``AliasTarget``, no ``TTL``): at the apex an ``ALIAS``, below it
  a ``CNAME`` (Gandi has no alias below the apex), with a note; the TTL is
  ``ALIAS_TTL`` since Route 53 answers with the target's;
* **routing policies** (``SetIdentifier`` with ``Weight``, ``Region``, ``Failover``,
  ``GeoLocation``, …): Gandi has none, so the values of every routed set are
  merged into one record set, with a note (as for cli53's export);
* a listing cut short (``"IsTruncated": true``, one page of the API) is refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from zonestack.importers.bindfile import DEFAULT_LIMITS, Limits, ZoneFileRead, read_zone_text
from zonestack.importers.source import ImportProblem
from zonestack.inputfile import InputRefused, InputTooLarge, read_input
from zonestack.rdtypes.hostname import FIELD
from zonestack.rrtypes import TEXT_TYPES
from zonestack.yamlsource import YamlProblem, decode, parse

ALIAS_TTL = 300
"""Seconds, for an alias record (Route 53 stores no TTL for it: it answers with the target's)."""

#: Route 53's routing-policy keys, by the policy's name in its documentation.
ROUTING = (("Weight", "WEIGHTED"), ("Region", "LATENCY"), ("Failover", "FAILOVER"),
           ("GeoLocation", "GEOLOCATION"), ("GeoProximityLocation", "GEOPROXIMITY"),
           ("CidrRoutingConfig", "IP-BASED"), ("MultiValueAnswer", "MULTIVALUE"))

_QUOTED = re.compile(r'("(?:[^"\\]|\\.)*")')
_OCTAL = re.compile(r"\\(?:([0-7]{3})|(.))", re.DOTALL)
_SETS = "ResourceRecordSets"


def decimal_escapes(text: str) -> str:
    """``text`` with each Route 53 octal escape ``\\ooo`` as the master file's decimal ``\\DDD``."""
    def swap(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)  # \\" \\\\ and the like: the same in both
        return f"\\{int(match.group(1), 8):03d}"
    return _OCTAL.sub(swap, text)


def read_route53(path: str | Path, zone: str, limits: Limits = DEFAULT_LIMITS) -> ZoneFileRead:
    """Every record set of the listing in ``path`` and notes; raises ImportProblem (``FILE:LINE: … [rule]``)."""
    shown = str(path)
    try:
        raw = read_input(path, limits.max_bytes)
        doc = parse(decode(raw))
    except InputTooLarge:
        raise ImportProblem(f"{shown}:1: {shown} is too large: an import reads at most {limits.max_bytes:,} "
                            "bytes") from None
    except InputRefused as refused:
        raise ImportProblem(f"{shown}:1: cannot read the listing {shown}: {refused}") from None
    except YamlProblem as problem:
        raise ImportProblem(f"{shown}:{problem.line}: not JSON as `aws route53 list-resource-record-sets` "
                            f"prints it ({problem.message})") from None
    data = doc.data
    root: tuple[str, ...]
    if isinstance(data, list):  # `--query ResourceRecordSets` prints the list alone
        items, root = data, ()
    elif isinstance(data, dict) and isinstance(data.get(_SETS), list):
        items, root = data[_SETS], (_SETS,)
    else:
        raise ImportProblem(f"{shown}:1: not a Route 53 listing: expected {{\"{_SETS}\": [...]}}, as "
                            "`aws route53 list-resource-record-sets --hosted-zone-id ID --output json` prints it")
    for key in ("IsTruncated", "NextToken"):  # one API page (--no-paginate), or cut by --max-items
        if isinstance(data, dict) and data.get(key) not in (None, False):
            raise ImportProblem(f"{shown}:{doc.line_of((key,))}: the listing is cut short ({key}): list it with "
                                "the AWS CLI without --max-items or --no-paginate, so it joins every page")
    texts, source_lines = [f"$ORIGIN {zone}."], [1]
    notes: list[str] = []
    for index, item in enumerate(items):
        for line, text in _entries(item, (*root, index), doc.line_of, shown, notes):
            texts.append(text)
            source_lines.append(line)
    read = read_zone_text("\n".join(texts) + "\n", shown, zone, source_lines, limits)
    return ZoneFileRead(read.records, notes + read.notes)


def _entries(item: Any, at: tuple[Any, ...], line_of: Any, shown: str,
             notes: list[str]) -> list[tuple[int, str]]:
    """``(JSON line, master-file line)`` for each value of one record set."""
    where = f"{shown}:{line_of(at)}"
    if not isinstance(item, dict) or not isinstance(item.get("Name"), str) or not isinstance(item.get("Type"), str):
        raise ImportProblem(f"{where}: a record set needs a \"Name\" and a \"Type\" (strings)")
    owner = _word(decimal_escapes(item["Name"]), "Name", where)
    owner = owner if owner.endswith(".") else owner + "."  # Route 53 names are absolute
    rtype = _word(item["Type"].upper(), "Type", where)
    comment = _routing(item)
    if "HealthCheckId" in item:
        notes.append(f"{where}: {item['Name']} {rtype}: Route 53 health check {item['HealthCheckId']} has no "
                     "equivalent at Gandi: the values are served whether healthy or not")
    alias = item.get("AliasTarget")
    if alias is not None:
        target = alias.get("DNSName") if isinstance(alias, dict) else None
        if not isinstance(target, str):
            raise ImportProblem(f"{where}: {item['Name']} {rtype}: an AliasTarget needs a \"DNSName\"")
        notes.append(f"{where}: {item['Name']} {rtype}: a Route 53 alias has no TTL of its own; {ALIAS_TTL} s "
                     "is used")
        zone_id = _word(str(alias.get("HostedZoneId", "-")), "HostedZoneId", where)
        target = _word(decimal_escapes(target), "DNSName", where)
        return [(line_of(at), f"{owner} {ALIAS_TTL} AWS ALIAS {rtype} {target} {zone_id} "
                              f"{bool(alias.get('EvaluateTargetHealth'))}{comment}")]
    ttl = item.get("TTL")
    records = item.get("ResourceRecords")
    if not (isinstance(ttl, int) and not isinstance(ttl, bool)) or not isinstance(records, list) or not records:
        raise ImportProblem(f"{where}: {item['Name']} {rtype}: a record set needs a \"TTL\" (a number) and "
                            "\"ResourceRecords\" (a list of {\"Value\": …}), or an \"AliasTarget\"")
    out = []
    for number, record in enumerate(records):
        value = record.get("Value") if isinstance(record, dict) else None
        line = line_of((*at, "ResourceRecords", number, "Value"))
        if not isinstance(value, str):
            raise ImportProblem(f"{shown}:{line}: {item['Name']} {rtype}: each record is {{\"Value\": \"…\"}}")
        value = _absolute_target(rtype, _data(decimal_escapes(value), rtype, f"{shown}:{line}", notes))
        out.append((line, f"{owner} {ttl} IN {rtype} {value}{comment}"))
    return out


def _absolute_target(rtype: str, value: str) -> str:
    """``value`` with the final dot on its name field, if its type has one (Route 53's names are absolute)."""
    field = FIELD.get(rtype)
    if field is None:
        return value
    words = value.split(" ")
    position = field[1]
    if -len(words) <= position < len(words) and not words[position].endswith("."):
        words[position] += "."
    return " ".join(words)


def _routing(item: dict[str, Any]) -> str:
    """cli53's comment for a routed set (``; AWS routing="WEIGHTED"``), which the reader turns into a note."""
    if "SetIdentifier" not in item:
        return ""
    policy = next((name for key, name in ROUTING if key in item), "SIMPLE")
    return f' ; AWS routing="{policy}"'


def _word(text: str, what: str, where: str) -> str:
    """``text`` if it is one master-file word: no white space or control character, nothing a master
    file reads as syntax (``;`` a comment, ``(`` ``)`` a line group, ``"`` a string).

    Route 53 escapes all of these in names (a space is ``\\040``); here they come from a hand-made
    or damaged file, and spliced into the line they would change what it says.
    """
    if not text or any(ch.isspace() or not ch.isprintable() or ch in ';()"' for ch in text):
        raise ImportProblem(f"{where}: {what} {text!r} is not one name: it holds white space or one of ; ( ) \"")
    return text


def _data(value: str, rtype: str, where: str, notes: list[str]) -> str:
    """A value as one master-file line's data, read as Route 53 reads it.

    Outside quoted strings a master file reads ``;`` as a comment and ``(`` ``)`` as a line group,
    so a value holding them there would be cut or joined with the next: refused. A TXT/SPF value
    Route 53 lists without quotes is one string (its guide: a value is quoted strings): quoted
    whole, with a note.
    """
    if any(not ch.isprintable() for ch in value):
        raise ImportProblem(f"{where}: {value!r} holds a line break or another control character")
    if rtype in TEXT_TYPES and not value.lstrip().startswith('"'):
        notes.append(f"{where}: {rtype} value without quotes: read as one string")
        return '"' + value.replace('"', '\\"') + '"'  # its escapes (\\DDD) stay escapes
    outside = "".join(part for index, part in enumerate(_QUOTED.split(value)) if index % 2 == 0)
    if any(ch in outside for ch in ";()"):
        raise ImportProblem(f"{where}: {rtype} value {value!r} holds ; ( or ) outside quotes, which a master file "
                            "reads as a comment or a line group")
    return value
