"""Route 53's own export: the JSON of ``aws route53 list-resource-record-sets``.

The listing is ``{"ResourceRecordSets": [{"Name", "Type", "TTL", "ResourceRecords":
[{"Value"}]}, ...]}`` (the ``ListResourceRecordSets`` API; the CLI joins its pages), or the
list alone (``--query ResourceRecordSets``).
Each value is already in master-file form, so this module writes one master-file
line per value and hands the text to the BIND reader, which does the rest as for
any zone file (TXT strings, canonical forms, apex SOA/NS, notes). Each line is
placed at the JSON line of its ``Value``, so every message points into the JSON.

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
from zonestack.yamlsource import YamlProblem, decode, parse

ALIAS_TTL = 300
"""Seconds, for an alias record (Route 53 stores no TTL for it: it answers with the target's)."""

#: Route 53's routing-policy keys, by the policy's name in its documentation.
ROUTING = (("Weight", "WEIGHTED"), ("Region", "LATENCY"), ("Failover", "FAILOVER"),
           ("GeoLocation", "GEOLOCATION"), ("GeoProximityLocation", "GEOPROXIMITY"),
           ("CidrRoutingConfig", "IP-BASED"), ("MultiValueAnswer", "MULTIVALUE"))

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
                            "`aws route53 list-resource-record-sets --hosted-zone-id ID` prints it")
    if isinstance(data, dict) and data.get("IsTruncated") is True:
        raise ImportProblem(f"{shown}:{doc.line_of(('IsTruncated',))}: the listing is one page of several "
                            "(IsTruncated): list it with the AWS CLI, which joins every page")
    lines: dict[int, str] = {1: f"$ORIGIN {zone}."}
    notes: list[str] = []
    for index, item in enumerate(items):
        for line, text in _entries(item, (*root, index), doc.line_of, shown, notes):
            lines[line] = text
    text = "\n".join(lines.get(n, "") for n in range(1, max(lines) + 1)) + "\n"
    read = read_zone_text(text, shown, zone, limits)
    return ZoneFileRead(read.records, notes + read.notes)


def _entries(item: Any, at: tuple[Any, ...], line_of: Any, shown: str,
             notes: list[str]) -> list[tuple[int, str]]:
    """``(JSON line, master-file line)`` for each value of one record set."""
    where = f"{shown}:{line_of(at)}"
    if not isinstance(item, dict) or not isinstance(item.get("Name"), str) or not isinstance(item.get("Type"), str):
        raise ImportProblem(f"{where}: a record set needs a \"Name\" and a \"Type\" (strings)")
    owner = _field(decimal_escapes(item["Name"]), where)
    owner = owner if owner.endswith(".") else owner + "."  # Route 53 names are absolute
    rtype = _field(item["Type"].upper(), where)
    comment = _routing(item)
    alias = item.get("AliasTarget")
    if alias is not None:
        target = alias.get("DNSName") if isinstance(alias, dict) else None
        if not isinstance(target, str):
            raise ImportProblem(f"{where}: {item['Name']} {rtype}: an AliasTarget needs a \"DNSName\"")
        notes.append(f"{where}: {item['Name']} {rtype}: a Route 53 alias has no TTL of its own; {ALIAS_TTL} s "
                     "is used")
        zone_id = alias.get("HostedZoneId", "-")
        return [(line_of(at), f"{owner} {ALIAS_TTL} AWS ALIAS {rtype} {_field(decimal_escapes(target), where)} "
                              f"{_field(str(zone_id), where)} {bool(alias.get('EvaluateTargetHealth'))}{comment}")]
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
        value = _absolute_target(rtype, _field(decimal_escapes(value), f"{shown}:{line}"))
        out.append((line, f"{owner} {ttl} IN {rtype} {value}{comment}"))
    return out


def _absolute_target(rtype: str, value: str) -> str:
    """``value`` with the final dot on its name field, if its type has one (Route 53's names are absolute)."""
    field = FIELD.get(rtype)
    words = value.split(" ")
    if field is None or not words:
        return value
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


def _field(text: str, where: str) -> str:
    """``text`` if it fits on one master-file line as data: no line break or other control character."""
    if any(not ch.isprintable() for ch in text):
        raise ImportProblem(f"{where}: {text!r} holds a line break or another control character")
    return text
