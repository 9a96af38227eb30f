"""The zone model: frozen value objects, normalised once, shared by every layer.

Names are relative (``@`` for the apex), lower-case ASCII (punycode); values are
in the canonical form Gandi stores and returns (see ``rdata``). Line numbers are
kept so later rules and tools can point at the file.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

#: Gandi's TTL bounds and its own default for a record set (docs/gandi-livedns.md §5).
TTL_MIN = 300
TTL_MAX = 2_592_000
GANDI_DEFAULT_TTL = 10_800

#: Ownership modes of a zone (README, "Record files"): ``additive`` leaves live record sets it
#: does not declare alone; ``authoritative`` deletes those that are neither declared nor ignored.
ADDITIVE = "additive"
AUTHORITATIVE = "authoritative"


class RecordLike(Protocol):
    """Anything with a record set's shape: the model's ``RecordSet``, a listing's ``LiveRRset``, a test's
    stand-in. Read-only members (properties), so frozen dataclasses satisfy it."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def ttl(self) -> int: ...
    @property
    def values(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class RecordSet:
    """All values of one (name, type) in a zone: Gandi's unit of storage."""

    name: str
    type: str
    ttl: int
    values: tuple[str, ...]
    line: int = 0
    value_lines: tuple[int, ...] = ()
    ttl_line: int = 0  # 0 when the TTL is inherited from the zone default

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.type)


@dataclass(frozen=True)
class ZoneSettings:
    """Settings of the zone object itself at Gandi (docs/gandi-livedns.md §2).

    ``None`` means "not declared": Gandi's default for a new zone and the
    provider's default (go-gandi 2.3.0 ``gandi_livedns_domain``) are both true.
    """

    automatic_snapshots: bool | None = None


@dataclass(frozen=True)
class Delegation:
    """``delegation:`` in a record file: the domain's nameservers at its registrar are managed as
    code too, in a stack of their own (``delegation-<zone>``) that ``zonestack cutover`` plans and
    applies. ``registrar``: ``gandi`` only (the provider's ``gandi_nameservers``, for a domain
    registered at Gandi). ``dnssec``: the zone is signed by LiveDNS and its DS published at the
    registry (``gandi_dnssec_key`` from ``imports/<zone>.dnssec.json``, see ``zonestack dnssec``)."""

    registrar: str
    dnssec: bool = False


@dataclass(frozen=True)
class Zone:
    """One record file: a zone, its record sets and its name policies."""

    name: str
    records: tuple[RecordSet, ...]
    ttl: int = GANDI_DEFAULT_TTL
    ignore: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    settings: ZoneSettings = ZoneSettings()
    delegation: Delegation | None = None
    path: str = ""
    mode: str = ADDITIVE
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    by_key: dict[tuple[str, str], RecordSet] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_key:
            object.__setattr__(self, "by_key", {r.key: r for r in self.records})

    @property
    def authoritative(self) -> bool:
        """True if deploy deletes live record sets that are neither declared nor ignored."""
        return self.mode == AUTHORITATIVE

    def is_ignored(self, name: str) -> bool:
        """True if ``name`` is managed outside this stack (an ``ignore`` glob)."""
        return matches_any(name, self.ignore)


def matches_any(name: str, patterns: tuple[str, ...]) -> bool:
    """Case-insensitive glob match of a relative record name against patterns."""
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, p.lower()) for p in patterns)
