"""One record set as declared (name, type, values) → normalised values and every problem.

This is the per-record-set half of validation, usable without a file: the
loader calls it for each entry (a record file's, or one declared in Python through
``zonestack.loader.check_entry``, which adds the schema and the TTL). Cross-record
rules (CNAME alone, loops, delegations, ...) need the whole zone: ``zonestack.rules.run_rules(zone)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from zonestack.names import NameProblem, normalise_name
from zonestack.rdtypes import SET_CHECKS, RecordSetView, Value, check_set, check_value
from zonestack.rrtypes import GANDI_TYPES
from zonestack.rule_registry import REGISTRY, TYPES, Rule

#: Where a problem lies in a record entry: ``()`` the entry, ``("name",)``, ``("type",)``, ``("values", i)``.
Field = tuple[Any, ...]


class EntryProblem(NamedTuple):
    """A rule broken by one part of a record entry."""

    field: Field
    rule: Rule
    message: str


class CheckedRecordSet:
    """The normalised record set (``name`` None if the name is bad) and its problems.

    ``values`` are canonical (Gandi-stored) and ``indexes`` says which declared
    value each came from, for line numbers; values that failed are left out.
    """

    __slots__ = ("name", "type", "values", "indexes", "problems")

    def __init__(self, name: str | None, rtype: str) -> None:
        self.name = name
        self.type = rtype
        self.values: tuple[str, ...] = ()
        self.indexes: tuple[int, ...] = ()
        self.problems: list[EntryProblem] = []

    @property
    def usable(self) -> bool:
        """True when a ``RecordSet`` can be built (name and at least one value)."""
        return self.name is not None and bool(self.values) and self.type in GANDI_TYPES


def check_name_type_values(zone: str, name: str, rtype: str, values: Sequence[Any]) -> CheckedRecordSet:
    """Normalise and check one record set of ``zone`` (ASCII zone name, no final dot).

    ``values`` items that are not strings are skipped (the schema reports them);
    every other value is parsed and checked, so all problems come back at once.
    Rules: names, name-zone-repeated, types, values and each type's own
    (``zonestack.rdtypes``).
    """
    written, rtype = rtype, rtype.strip().upper()
    result = CheckedRecordSet(None, rtype)
    try:
        result.name = normalise_name(name, zone)
    except NameProblem as problem:
        result.problems.append(EntryProblem(("name",), REGISTRY[problem.rule], str(problem)))
    if rtype not in GANDI_TYPES:
        result.problems.append(EntryProblem(("type",), TYPES, f"type {written!r} is not a type Gandi LiveDNS accepts"))
        return result
    raws, indexes, wires = [], [], []
    for index, raw in enumerate(values):
        if not isinstance(raw, str):
            continue
        wire, problems = check_value(rtype, raw, zone)
        if problems:
            result.problems.extend(EntryProblem(("values", index), p.rule, p.message) for p in problems)
        if wire is not None:
            raws.append(raw)
            indexes.append(index)
            wires.append(wire)
    result.values, result.indexes = tuple(wires), tuple(indexes)
    if result.name is not None and wires and rtype in SET_CHECKS:
        checked = tuple(Value(rtype, r, w, None, zone) for r, w in zip(raws, wires, strict=True))
        for found in check_set(RecordSetView(result.name, rtype, checked, zone)):
            where: Field = () if found.index is None else ("values", indexes[found.index])
            result.problems.append(EntryProblem(where, found.rule, found.message))
    return result
