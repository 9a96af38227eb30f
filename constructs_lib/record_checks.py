"""The one adapter between the constructs and the core's validation.

A record set added in code is checked by the very code that checks a record
file (``zonestack.loader``'s builder after YAML parsing: schema, names, types,
values, TTL; then every cross-record rule of ``zonestack.rules``), so it gets
the same rules and the same messages. :func:`check_record_set` puts the new entry and the record
sets it can interact with into a small in-memory record file, one entry per
line, runs the loader's checks and the rules on it, and maps each finding's
line back to the entry it concerns. When the core's validation changes, only
this module follows.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from zonestack.findings import ERROR, Finding, ValidationFailed
from zonestack.loader import _Builder as _FileBuilder  # the record file's own checks, after parsing
from zonestack.loader import check_zone
from zonestack.model import RecordSet, Zone
from zonestack.rdata import canonical_value, wire_to_text
from zonestack.rdtypes import check_value
from zonestack.rrtypes import GANDI_TYPES, TEXT_TYPES
from zonestack.rules import run_rules
from zonestack.yamlsource import YamlDocument


@dataclass(frozen=True)
class Origin:
    """Where a record set was declared: a file and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def _as_written(record: RecordSet) -> dict[str, object]:
    """A validated record set back in record-file form (TXT as plain text)."""
    values = [wire_to_text(v) for v in record.values] if record.type in TEXT_TYPES else list(record.values)
    return {"name": record.name, "type": record.type, "ttl": record.ttl, "values": values}


def check_record_set(
    zone: Zone, entry: dict[str, object], neighbours: Sequence[tuple[RecordSet, Origin]], origin: Origin
) -> tuple[RecordSet | None, list[Finding]]:
    """Validate one record-file ``entry`` (``name``, ``type``, ``values``, ``ttl``) for ``zone``.

    ``neighbours`` are the already valid record sets the entry may conflict
    with (same name, ancestors, descendants), each with where it was declared.
    Returns the entry as a canonical ``RecordSet`` (``None`` if it has
    findings) and the findings, each located at ``origin`` (the caller's
    ``file.py:line``); a finding raised on a neighbour because of the entry is
    located at ``origin`` too and names the neighbour's own place.
    """
    checked, raw, places, own_line = _run(zone, entry, neighbours, origin)
    if not raw and checked is not None:
        return next(r for r in checked.records if r.line == own_line), []
    alone = {(f.message, f.rule) for f in _run(zone, entry, (), origin)[1]} if neighbours else set()
    involved = ", ".join(sorted({str(place) for _, place in neighbours}))
    findings = []
    for finding in raw:
        other = places.get(finding.line)
        if other is not None:
            message = f"{finding.message} (the record set at {other})"
        elif neighbours and (finding.message, finding.rule) not in alone:
            message = f"{finding.message} (with the record sets at {involved})"
        else:
            message = finding.message
        findings.append(Finding(origin.path, origin.line, message, finding.rule))
    return None, sorted(set(findings))


def _run(
    zone: Zone, entry: dict[str, object], neighbours: Sequence[tuple[RecordSet, Origin]], origin: Origin
) -> tuple[Zone | None, list[Finding], dict[int, Origin], int]:
    """The loader on an in-memory record file: header on line 1, then ``neighbours``
    and ``entry`` one per line. Same steps as ``loader.check_text`` after YAML
    parsing (the data is Python already, so YAML's own coercions do not apply)."""
    records: list[object] = [_as_written(record) for record, _ in neighbours]
    records.append(entry)
    places = {index + 2: place for index, (_, place) in enumerate(neighbours)}
    own_line = len(records) + 1
    lines: dict[tuple[object, ...], int] = {(): 1, ("records",): 1}
    lines.update({("records", index): index + 2 for index in range(len(records))})
    data = {"zone": zone.name, "ttl": zone.ttl, "mode": zone.mode, "ignore": list(zone.ignore),
            "forbid": list(zone.forbid), "records": records}
    builder = _FileBuilder(YamlDocument(data=data, lines=lines, duplicates=[]), origin.path)
    checked = builder.build(None)
    findings = builder.findings
    if checked is not None:
        findings.extend(run_rules(checked))
    # Warnings (rule severity "warning") do not block a record set; only errors are reported here.
    return checked, sorted({f for f in findings if f.is_error}), places, own_line


def load_record_file(path: str | os.PathLike[str]) -> Zone:
    """The validated zone of a record file; raises ValidationFailed with every finding."""
    zone, findings = check_zone(path)
    if findings or zone is None:
        raise ValidationFailed(findings)
    return zone


def check_zone_header(header: dict[str, object], origin: Origin) -> Zone:
    """An empty zone from record-file header keys (``zone``, ``ttl``, ``ignore``,
    ``forbid``) given in code; raises ValidationFailed located at ``origin``."""
    data = {**header, "records": []}
    builder = _FileBuilder(YamlDocument(data=data, lines={(): 1}, duplicates=[]), origin.path)
    zone = builder.build(None)
    findings = [f for f in builder.findings + (run_rules(zone) if zone is not None else []) if f.is_error]
    if findings or zone is None:
        raise ValidationFailed(sorted({Finding(origin.path, origin.line, f.message, f.rule) for f in findings}))
    return zone


def stand_in_value(rtype: str, pieces: Sequence[tuple[bool, str]], zone: str, index: int) -> str:
    """A literal value for validating a value that holds tokens (``pieces`` as from
    ``cdk.token_fragments``): each token replaced by the first stand-in with which
    the value passes its type's value checks (else the first with which it parses)
    as ``rtype``, so its literal parts are still checked: ``10 ${host}`` (MX) takes
    a host name, not the IPv4 stand-in that parses but is no exchange.

    Stand-ins are numbered by ``index`` (values of one set stay distinct). When
    none fits, the last stand-in is used and the loader reports why the literal
    parts cannot form a valid value whatever the token holds.
    """
    candidates = (f"192.0.2.{index % 250 + 1}", f"2001:db8::{index + 1:x}", str(index + 1),
                  f"t{index}.example.", f"t{index}")
    texts = ["".join(candidate if is_token else part for is_token, part in pieces) for candidate in candidates]
    for text in texts:
        checked = check_value(rtype, text, zone) if rtype in GANDI_TYPES else None
        if checked is not None and checked.wire is not None and not any(
                p.rule.severity == ERROR for p in checked.problems):
            return text
    for text in texts:
        try:
            canonical_value(rtype, text, zone)
        except Exception:  # noqa: BLE001 - any failure means "does not fit"
            continue
        return text
    return texts[-1]
