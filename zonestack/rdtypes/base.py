"""What per-type checks receive and return.

A value check sees one declared value, already parsed by dnspython (``rdata``),
and returns problems; a record-set check sees the whole set (owner name and all
values). Neither knows files or lines: the caller places each problem at the
value's line (``index``) or the record entry's line (``index is None``).
These are named tuples: validation builds one per value of a zone, and tuples
are several times cheaper to build than frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import dns.rdata

from zonestack.rule_registry import Rule


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule broken by one value (``index``) or by the record set as a whole (None).

    A dataclass, not a NamedTuple: a tuple's own ``index`` method would hide the field."""

    rule: Rule
    message: str
    index: int | None = None


class Value(NamedTuple):
    """One declared value: as written, canonical (Gandi-stored) text, parsed rdata (None for TXT/SPF)."""

    rtype: str
    raw: str
    wire: str
    rdata: dns.rdata.Rdata | None
    zone: str


class RecordSetView(NamedTuple):
    """A record set as set-level checks see it: relative owner name, type, values in order.

    Its values carry ``raw`` and ``wire`` text only (``rdata`` is None).
    """

    name: str
    rtype: str
    values: tuple[Value, ...]
    zone: str


ValueCheck = Callable[[Value], Iterable[Problem]]
SetCheck = Callable[[RecordSetView], Iterable[Problem]]
