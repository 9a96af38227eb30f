"""The one adapter between the constructs and the core's validation.

A record set added in code is checked by the very code that checks a record file, through the
core's public entry points: :func:`zonestack.loader.check_entry` (schema, name, type, values, TTL
and each type's own rules, as for an entry of a record file) and :func:`zonestack.rules.run_rules`
(every cross-record rule) on a zone made of the new record set and the already declared record
sets it can interact with. So it gets the same rules and the same messages, and each finding is
mapped back to the place where the record set concerned was declared. When the core's validation
changes, only this module follows.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from zonestack.findings import ERROR, Finding, ValidationFailed
from zonestack.loader import check_data, check_entry, check_zone
from zonestack.model import RecordSet, Zone
from zonestack.rdata import canonical_value
from zonestack.rdtypes import check_value
from zonestack.rrtypes import GANDI_TYPES
from zonestack.rules import run_rules


@dataclass(frozen=True)
class Origin:
    """Where a record set was declared: a file and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def _at(record: RecordSet, line: int) -> RecordSet:
    """``record`` with every line it carries set to ``line`` (one line per declaration)."""
    return replace(record, line=line, value_lines=(line,) * len(record.values),
                   ttl_line=line if record.ttl_line else 0)


def check_entry_with_neighbours(
    zone: Zone, entry: dict[str, object], neighbours: Sequence[tuple[RecordSet, Origin]], origin: Origin
) -> tuple[RecordSet | None, list[Finding]]:
    """Validate one record-file ``entry`` (``name``, ``type``, ``values``, ``ttl``) for ``zone``, alone
    and with the record sets it may conflict with.

    ``neighbours`` are the already valid record sets the entry may conflict with (same name,
    ancestors, descendants), each with where it was declared. Returns the entry as a canonical
    ``RecordSet`` located at ``origin`` (``None`` if it has errors) and the errors, each located
    at ``origin`` (the caller's ``file.py:line``); an error raised on a neighbour because of the
    entry is located at ``origin`` too and names the neighbour's own place. Warnings (rule
    severity "warning") do not block a record set and are not returned.
    """
    record, own = check_entry(zone.name, entry, zone.ttl, origin.path, origin.line)
    errors = sorted({f for f in own if f.is_error})
    if record is not None:
        errors += _cross_record_errors(zone, record, neighbours, origin)
    if errors:
        return None, sorted(set(errors))
    assert record is not None  # no errors: the entry was usable
    return _at(record, origin.line), []


def _cross_record_errors(zone: Zone, record: RecordSet, neighbours: Sequence[tuple[RecordSet, Origin]],
                         origin: Origin) -> list[Finding]:
    """The cross-record rules' errors on ``record`` and ``neighbours``: neighbour ``i`` on line
    ``i + 2``, the entry after them, so each finding's line says whose it is."""
    places = {index + 2: place for index, (_, place) in enumerate(neighbours)}
    own_line = len(neighbours) + 2
    together = [_at(other, line) for line, (other, _) in zip(places, neighbours, strict=True)]
    raw = _rule_errors(zone, [*together, _at(record, own_line)])
    alone = {(f.message, f.rule) for f in _rule_errors(zone, [_at(record, own_line)])} if neighbours else set()
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
    return findings


def _rule_errors(zone: Zone, records: list[RecordSet]) -> list[Finding]:
    """Errors of every cross-record rule on ``zone``'s header with exactly ``records``."""
    scratch = replace(zone, records=tuple(records), by_key={}, lines={})
    return [f for f in run_rules(scratch) if f.is_error]


def load_record_file(path: str | os.PathLike[str]) -> Zone:
    """The validated zone of a record file; raises ValidationFailed with every finding."""
    zone, findings = check_zone(path)
    if findings or zone is None:
        raise ValidationFailed(findings)
    return zone


def check_zone_header(header: dict[str, object], origin: Origin) -> Zone:
    """An empty zone from record-file header keys (``zone``, ``ttl``, ``ignore``,
    ``forbid``) given in code; raises ValidationFailed located at ``origin``."""
    zone, found = check_data({**header, "records": []}, origin.path)
    findings = [f for f in found if f.is_error]
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
