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

``match.name`` is a case-insensitive glob on the relative name (``@`` is the
apex; ``*`` and ``?`` as in shell globs), ``match.type`` a record type; either
may be left out, not both. ``rename`` needs ``to``: ``{0}`` is the whole old
name and ``{1}``, ``{2}``, … the text each ``*``/``?`` of the glob matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from zonestack.importers.source import ImportProblem, SourceRecord
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

    @model_validator(mode="after")
    def _target(self) -> Rule:
        if self.action == "rename" and not self.to:
            raise ValueError("action 'rename' needs 'to' (e.g. to: \"new-{1}\")")
        if self.action != "rename" and self.to is not None:
            raise ValueError(f"'to' only makes sense with action 'rename', not {self.action!r}")
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

    def apply(self, record: SourceRecord) -> tuple[str, str] | None:
        """``(action, new name)`` if this rule matches ``record``, else None."""
        if self.type is not None and record.type != self.type:
            return None
        groups: tuple[str, ...] = ()
        if self.pattern is not None:
            found = self.pattern.fullmatch(record.name)
            if found is None:
                return None
            groups = found.groups()
        if self.action != "rename" or self.to is None:
            return (self.action, record.name)
        try:
            return ("rename", self.to.format(record.name, *groups).lower())
        except (IndexError, KeyError, ValueError) as exc:
            raise ImportProblem(f"rule at line {self.line}: cannot build the new name from {self.to!r} "
                                f"for {record.name!r} ({exc})") from None


def glob_regex(glob: str) -> re.Pattern[str]:
    """Shell glob → regex capturing each ``*`` and ``?`` (no character classes)."""
    parts = ["(.*)" if c == "*" else "(.)" if c == "?" else re.escape(c) for c in glob.lower()]
    return re.compile("".join(parts))


def load_rules(path: str | Path) -> list[CompiledRule]:
    """Read and check a rules file; problems raise ImportProblem as ``FILE:LINE: message``."""
    shown = str(path)
    try:
        doc = parse(decode(Path(path).read_bytes()))
    except OSError as exc:
        raise ImportProblem(f"{shown}:1: cannot read rules file: {exc.strerror or exc}") from None
    except YamlProblem as problem:
        raise ImportProblem(f"{shown}:{problem.line}: {problem.message}") from None
    try:
        parsed = RulesFile.model_validate(doc.data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        where = ".".join(str(p) for p in loc) or "file"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ImportProblem(f"{shown}:{doc.line_of(loc)}: {where}: {message}") from None
    return [
        CompiledRule(
            pattern=glob_regex(rule.match.name) if rule.match.name is not None else None,
            type=rule.match.type.upper() if rule.match.type else None,
            action=rule.action,
            to=rule.to,
            line=doc.line_of(("rules", index)),
        )
        for index, rule in enumerate(parsed.rules)
    ]


@dataclass(frozen=True)
class Classified:
    """Records after the rules, and the counts per action for the inventory."""

    records: list[SourceRecord]
    counts: dict[str, int]
    dropped: list[SourceRecord]


def classify(records: Iterable[SourceRecord], rules: list[CompiledRule]) -> Classified:
    """Apply the first matching rule to each record (default: keep)."""
    kept: list[SourceRecord] = []
    dropped: list[SourceRecord] = []
    counts = dict.fromkeys(ACTIONS, 0)
    for record in records:
        action, name = next((hit for rule in rules if (hit := rule.apply(record))), ("keep", record.name))
        counts[action] += 1
        if action == "drop":
            dropped.append(record)
        else:
            kept.append(record.renamed(name) if name != record.name else record)
    return Classified(kept, counts, dropped)
