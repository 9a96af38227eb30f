"""Record files to the zone model, collecting every problem of a file at once.

Order of work: bytes → UTF-8 → YAML nodes with lines → schema (shape) → names and
values normalised with dnspython → ``Zone`` → cross-record rules. Nothing here
prints or exits; problems come back as ``Finding`` objects.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zonestack.findings import Finding, ValidationFailed
from zonestack.inputfile import InputRefused, read_input
from zonestack.model import ADDITIVE, AUTHORITATIVE, GANDI_DEFAULT_TTL, Delegation, RecordSet, Zone, ZoneSettings
from zonestack.names import zone_origin
from zonestack.rule_registry import FILE, YAML
from zonestack.rules import run_rules
from zonestack.rules.record_set import CheckedRecordSet, check_name_type_values
from zonestack.schema import RecordEntry, ZoneHeader
from zonestack.schema_messages import describe
from zonestack.yamlsource import YamlDocument, YamlProblem, decode, parse


def load_zone(path: str | Path) -> Zone:
    """Load and validate one record file; raises ValidationFailed with all errors."""
    zone, findings = check_zone(path)
    if findings or zone is None:
        raise ValidationFailed(findings)
    return zone


def check_zone(path: str | os.PathLike[str]) -> tuple[Zone | None, list[Finding]]:
    """Load one record file: the zone (if it could be built) and its errors (warnings left out)."""
    zone, findings = inspect_zone(path)
    return zone, errors_only(findings)


def inspect_zone(path: str | os.PathLike[str]) -> tuple[Zone | None, list[Finding]]:
    """Load one record file: the zone (if it could be built) and every finding, errors and warnings."""
    shown = str(path)
    try:
        raw = read_input(path)
    except InputRefused as refused:
        return None, [FILE.at(shown, 1, f"cannot read file: {refused}")]
    return inspect_text(raw, shown, expected_zone=_zone_from_filename(Path(path)))


def check_text(raw: bytes, shown: str, expected_zone: str | None = None) -> tuple[Zone | None, list[Finding]]:
    """Validate record-file bytes; ``shown`` is the path used in messages. Errors only."""
    zone, findings = inspect_text(raw, shown, expected_zone)
    return zone, errors_only(findings)


def inspect_text(raw: bytes, shown: str, expected_zone: str | None = None) -> tuple[Zone | None, list[Finding]]:
    """Validate record-file bytes: the zone and every finding (errors and warnings), sorted."""
    try:
        doc = parse(decode(raw))
    except YamlProblem as problem:
        return None, [YAML.at(shown, problem.line, problem.message)]
    builder = _Builder(doc, shown)
    zone = builder.build(expected_zone)
    findings = builder.findings
    if zone is not None:
        findings.extend(run_rules(zone))
    return zone, sorted(set(findings))


def check_data(data: object, shown: str, line: int = 1) -> tuple[Zone | None, list[Finding]]:
    """A record file's content given as Python data (``{"zone": ..., "records": [...]}``), checked as
    :func:`inspect_text` checks a parsed file: schema, names, values, TTL, then the cross-record rules.

    For record files declared in code (the constructs): the data has no lines of its own, so every
    finding is at ``shown:line``. Returns the zone (None when it cannot be built) and every finding,
    errors and warnings, sorted.
    """
    builder = _Builder(YamlDocument(data=data, lines={(): line}, duplicates=[]), shown)
    zone = builder.build(None)
    findings = builder.findings
    if zone is not None:
        findings.extend(run_rules(zone))
    return zone, sorted(set(findings))


def check_entry(zone: str, entry: object, default_ttl: int, shown: str,
                line: int) -> tuple[RecordSet | None, list[Finding]]:
    """One record entry of ``zone`` given as Python data (``{"name", "type", "values", "ttl"?}``),
    checked as a record file's entry is: schema, name, type, values and each type's own rules.

    ``default_ttl`` applies when the entry has no ``ttl``. Returns the record set, located at
    ``line`` (None when it cannot be built), and every finding of the entry (errors and warnings) at
    ``shown:line``. Rules across record sets need a whole ``Zone``: :func:`zonestack.rules.run_rules`.
    """
    builder = _Builder(YamlDocument(data=None, lines={(): line}, duplicates=[]), shown)
    record = builder.record(0, entry, zone, default_ttl)
    return record, sorted(set(builder.findings))


def errors_only(findings: list[Finding]) -> list[Finding]:
    """The findings that make a file invalid (warnings dropped)."""
    return [f for f in findings if f.is_error]


def _salvage_header(data: dict[str, Any]) -> ZoneHeader | None:
    """The usable parts of a header that failed validation, so that record
    entries are still checked (every error of a file is reported at once)."""
    if not isinstance(data.get("zone"), str) or not isinstance(data.get("records", []), list):
        return None

    def strings(key: str) -> list[str]:
        value = data.get(key)
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    ttl = data.get("ttl")
    return ZoneHeader.model_construct(
        zone=data["zone"],
        ttl=ttl if isinstance(ttl, int) and not isinstance(ttl, bool) else None,
        mode=data.get("mode") if data.get("mode") in (ADDITIVE, AUTHORITATIVE) else None,
        ignore=strings("ignore"),
        forbid=strings("forbid"),
        settings=None,
        records=data.get("records", []),
    )


def _zone_from_filename(path: Path) -> str | None:
    name = path.name
    return name[: -len(".yaml")] if name.endswith(".yaml") else None


class _Builder:
    """Turns one parsed document into a Zone, noting every problem met."""

    def __init__(self, doc: YamlDocument, shown: str) -> None:
        self.doc = doc
        self.shown = shown
        self.findings: list[Finding] = [
            Finding(shown, line, f"duplicate key {key!r} (the later one would silently win)", "schema")
            for line, key in doc.duplicates
        ] + [Finding(shown, line, message, "yaml") for line, message in doc.problems]

    def add(self, path: tuple[Any, ...], message: str, rule: str) -> None:
        self.findings.append(Finding(self.shown, self.doc.line_of(path), message, rule))

    def _schema_errors(self, exc: ValidationError, prefix: tuple[Any, ...] = ()) -> None:
        for error in exc.errors(include_url=False):
            loc = prefix + tuple(error["loc"])
            self.add(loc, describe(error, loc), "schema")

    def build(self, expected_zone: str | None) -> Zone | None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.add((), "a record file must be a mapping with 'zone' and 'records'", "schema")
            return None
        header: ZoneHeader | None
        try:
            header = ZoneHeader.model_validate(data)
        except ValidationError as exc:
            self._schema_errors(exc)
            header = _salvage_header(data)
            if header is None:
                return None
        zone_name = self._zone_name(header.zone, expected_zone)
        if zone_name is None:
            return None
        default_ttl = header.ttl if header.ttl is not None else GANDI_DEFAULT_TTL
        records = []
        for index, entry_data in enumerate(header.records):
            record = self.record(index, entry_data, zone_name, default_ttl)
            if record is not None:
                records.append(record)
        lines = {key: self.doc.line_of((key,)) for key in ("zone", "ttl", "mode", "ignore", "forbid", "settings",
                                                           "delegation", "records")}
        settings = ZoneSettings(**header.settings.model_dump()) if header.settings is not None else ZoneSettings()
        return Zone(
            name=zone_name,
            records=tuple(records),
            ttl=default_ttl,
            ignore=tuple(p.lower() for p in header.ignore),
            forbid=tuple(p.lower() for p in header.forbid),
            settings=settings,
            delegation=(Delegation(header.delegation.registrar, header.delegation.dnssec)
                        if header.delegation is not None else None),
            path=self.shown,
            lines=lines,
            mode=header.mode or ADDITIVE,
        )

    def _zone_name(self, raw: str, expected: str | None) -> str | None:
        try:
            zone = zone_origin(raw).to_text(omit_final_dot=True)
        except Exception:  # dnspython raises many types for bad names
            self.add(("zone",), f"zone {raw!r} is not a valid domain name", "zone")
            return None
        if zone.count(".") < 1:
            self.add(("zone",), f"zone {raw!r} must be a domain with at least two labels", "zone")
            return None
        if expected is not None and expected != expected.lower():
            # Stacks, state and clear-defaults find a zone's file as records/<zone>.yaml in lower case.
            self.add(("zone",), f"record file name {expected + '.yaml'!r} has upper case: rename it to "
                     f"{expected.lower() + '.yaml'!r} (zones are found by their lower-case file name)", "zone")
            return zone
        if expected is not None:
            try:
                expected_ascii = zone_origin(expected).to_text(omit_final_dot=True)
            except Exception:  # the file name is not a domain at all
                expected_ascii = None
            if expected_ascii != zone:
                self.add(("zone",), f"zone {raw!r} does not match the file name {expected + '.yaml'!r}", "zone")
        return zone

    def record(self, index: int, entry_data: Any, zone: str, default_ttl: int) -> RecordSet | None:
        """Entry ``index`` of ``records`` as a record set (None when unusable); problems go to findings."""
        base = ("records", index)
        try:
            entry = RecordEntry.model_validate(entry_data)
        except ValidationError as exc:
            self._schema_errors(exc, base)
            self._check_salvaged(base, entry_data, zone)
            return None
        checked = check_name_type_values(zone, entry.name, entry.type, entry.values)
        self._add_problems(base, checked)
        if not checked.usable or checked.name is None:
            return None
        return RecordSet(
            name=checked.name,
            type=checked.type,
            ttl=entry.ttl if entry.ttl is not None else default_ttl,
            values=checked.values,
            line=self.doc.line_of(base),
            value_lines=tuple(self.doc.line_of(base + ("values", i)) for i in checked.indexes),
            ttl_line=self.doc.line_of(base + ("ttl",)) if entry.ttl is not None else 0,
        )

    def _add_problems(self, base: tuple[Any, ...], checked: CheckedRecordSet) -> None:
        for problem in checked.problems:
            self.findings.append(problem.rule.at(self.shown, self.doc.line_of(base + problem.field), problem.message))

    def _check_salvaged(self, base: tuple[Any, ...], data: Any, zone: str) -> None:
        """Check the usable values of an entry the schema refused, so that every
        problem of the entry is reported at once (``values: [null, ""]``)."""
        if not isinstance(data, dict):
            return
        name, rtype, values = data.get("name"), data.get("type"), data.get("values")
        if isinstance(name, str) and isinstance(rtype, str) and isinstance(values, list):
            self._add_problems(base, check_name_type_values(zone, name, rtype, values))
