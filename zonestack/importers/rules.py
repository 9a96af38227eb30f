"""Import rules: keep, rename or drop records while importing a foreign zone.

A rules file is YAML with one key, ``rules``: a list tried top to bottom, the
first match wins, and a record no rule matches is kept::

    rules:
      - match: {name: "_domainconnect", type: CNAME}   # Cloudflare/GoDaddy helper
        action: drop
      - match: {name: "old-*"}                         # old-shop → new-shop
        action: rename
        to: "new-{1}"
      - match: {type: SPF}
        action: drop
      - match: {name: "@", type: CNAME}                # flattened apex CNAME → ALIAS
        action: keep
        to_type: ALIAS

``match.name`` is a case-insensitive glob on the relative name (``@`` is the
apex; ``*`` and ``?`` as in shell globs), ``match.type`` a record type; either
may be left out, not both. ``rename`` needs ``to``: ``{0}`` is the whole old
name and ``{1}``, ``{2}``, … the text each ``*``/``?`` of the glob matched.
``to_type`` (with ``keep`` or ``rename``) changes the record's type, keeping its
values: the new type must be one Gandi accepts, and validation then checks
that the values fit it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from zonestack.importers.source import ImportProblem, SourceRecord
from zonestack.inputfile import InputRefused, read_input
from zonestack.rrtypes import GANDI_TYPES
from zonestack.rule_registry import IMPORT_RULES
from zonestack.yamlsource import YamlProblem, decode, parse

ACTIONS = ("keep", "rename", "drop")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Match(_Strict):
    name: str | None = None
    type: str | None = None

    @model_validator(mode="after")
    def _something(self) -> Match:
        if self.name is None and self.type is None:
            raise ValueError("match needs 'name', 'type' or both")
        return self


class Rule(_Strict):
    match: Match
    action: Literal["keep", "rename", "drop"]
    to: str | None = None
    to_type: str | None = None

    @model_validator(mode="after")
    def _target(self) -> Rule:
        if self.action == "rename" and not self.to:
            raise ValueError("action 'rename' needs 'to' (e.g. to: \"new-{1}\")")
        if self.action != "rename" and self.to is not None:
            raise ValueError(f"'to' only makes sense with action 'rename', not {self.action!r}")
        if self.to_type is not None:
            if self.action == "drop":
                raise ValueError("'to_type' only makes sense with action 'keep' or 'rename'")
            if self.to_type.upper() not in GANDI_TYPES:
                raise ValueError(f"to_type {self.to_type!r} is not a type Gandi LiveDNS accepts")
        return self


class RulesFile(_Strict):
    rules: list[Rule]


@dataclass(frozen=True)
class CompiledRule:
    """One rule, its glob compiled to a regex with one group per wildcard."""

    pattern: re.Pattern[str] | None
    type: str | None
    action: str
    to: str | None
    line: int
    to_type: str | None = None
    source: str = "rules"  # the rules file, as messages name it

    def apply(self, record: SourceRecord) -> tuple[str, SourceRecord] | None:
        """``(action, record as the rule leaves it)`` if this rule matches ``record``, else None."""
        if self.type is not None and record.type != self.type:
            return None
        groups: tuple[str, ...] = ()
        if self.pattern is not None:
            found = self.pattern.fullmatch(record.name)
            if found is None:
                return None
            groups = found.groups()
        if self.to_type is not None:
            record = replace(record, type=self.to_type)
        if self.action != "rename" or self.to is None:
            return (self.action, record)
        if record.name == "@":
            raise ImportProblem(f"{self.source}:{self.line}: the rule renames the apex '@' ({record.where}): the "
                                "zone's own name cannot be renamed; narrow the match", IMPORT_RULES)
        try:
            return ("rename", record.renamed(fill(self.to, (record.name, *groups)).lower()))
        except ValueError as exc:
            raise ImportProblem(f"{self.source}:{self.line}: cannot build the new name from {self.to!r} "
                                f"for {record.name!r} ({exc})", IMPORT_RULES) from None


_FIELD = re.compile(r"\{(\d+)\}|\{|\}")


def fill(template: str, values: tuple[str, ...]) -> str:
    """``template`` with ``{0}`` (the name) and ``{1}``, ``{2}``, … (what each wildcard matched) filled in.

    Only numbered fields: not ``str.format``, whose ``{0.attr}`` and ``{0[key]}`` reach into
    Python objects. Raises ValueError for a number with no wildcard or any other brace.
    """
    def field(match: re.Match[str]) -> str:
        if match.group(1) is None:
            raise ValueError("only {0} (the name) and {1}, {2}, … (each wildcard) may stand in braces")
        index = int(match.group(1))
        if index >= len(values):
            raise ValueError(f"{{{index}}}: the match has {len(values) - 1} wildcard(s)")
        return values[index]
    return _FIELD.sub(field, template)


def glob_regex(glob: str) -> re.Pattern[str]:
    """Shell glob → regex capturing each ``*`` and ``?`` (no character classes)."""
    parts = ["(.*)" if c == "*" else "(.)" if c == "?" else re.escape(c) for c in glob.lower()]
    return re.compile("".join(parts))


def load_rules(path: str | Path) -> list[CompiledRule]:
    """Read and check a rules file; problems raise ImportProblem as ``FILE:LINE: message``."""
    shown = str(path)
    try:
        doc = parse(decode(read_input(path)))
    except InputRefused as refused:
        raise ImportProblem(f"{shown}:1: cannot read rules file: {refused}", IMPORT_RULES) from None
    except YamlProblem as problem:
        raise ImportProblem(f"{shown}:{problem.line}: {problem.message}", IMPORT_RULES) from None
    try:
        parsed = RulesFile.model_validate(doc.data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        where = ".".join(str(p) for p in loc) or "file"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ImportProblem(f"{shown}:{doc.line_of(loc)}: {where}: {message}", IMPORT_RULES) from None
    return [
        CompiledRule(
            pattern=glob_regex(rule.match.name) if rule.match.name is not None else None,
            type=rule.match.type.upper() if rule.match.type else None,
            action=rule.action,
            to=rule.to,
            line=doc.line_of(("rules", index)),
            to_type=rule.to_type.upper() if rule.to_type else None,
            source=shown,
        )
        for index, rule in enumerate(parsed.rules)
    ]


@dataclass(frozen=True)
class Decision:
    """What the rules did with one source record set: ``action`` (keep, rename, drop), the set as
    found and as the rules leave it (``after`` is ``before`` for a drop)."""

    action: str
    before: SourceRecord
    after: SourceRecord

    @property
    def line(self) -> str:
        """One inventory line: ``keep www A (FILE:12)``, ``rename old-x A -> legacy-x A (FILE:13)``,
        ``retype cdn CNAME -> cdn DNAME (FILE:14)`` (a keep that changed the type), ``drop … (FILE:15)``."""
        before = f"{self.before.name} {self.before.type}"
        if self.action == "drop" or self.after.key == self.before.key:
            return f"{self.action} {before} ({self.before.where})"
        verb = "retype" if self.action == "keep" else self.action
        return f"{verb} {before} -> {self.after.name} {self.after.type} ({self.before.where})"


@dataclass(frozen=True)
class Classified:
    """Records after the rules, the counts per action for the inventory, each
    record whose type a rule changed (as ``(before, after)``), and every decision
    in source order (the inventory lists them all)."""

    records: list[SourceRecord]
    counts: dict[str, int]
    dropped: list[SourceRecord]
    retyped: list[tuple[SourceRecord, SourceRecord]] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def classify(records: Iterable[SourceRecord], rules: list[CompiledRule]) -> Classified:
    """Apply the first matching rule to each record (default: keep)."""
    kept: list[SourceRecord] = []
    dropped: list[SourceRecord] = []
    retyped: list[tuple[SourceRecord, SourceRecord]] = []
    decisions: list[Decision] = []
    counts = dict.fromkeys(ACTIONS, 0)
    for record in records:
        action, result = next((hit for rule in rules if (hit := rule.apply(record))), ("keep", record))
        counts[action] += 1
        decisions.append(Decision(action, record, result))
        if action == "drop":
            dropped.append(record)
            continue
        if result.type != record.type:
            retyped.append((record, result))
        kept.append(result)
    return Classified(kept, counts, dropped, retyped, decisions)
