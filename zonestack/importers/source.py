"""What an importer reads: record sets tied to where they came from.

Values are in the model's canonical form (what Gandi stores: TXT quoted and
split, host names absolute), so the same writer and round-trip check serve
every source. ``where`` is how messages point back at the source: ``FILE:LINE``
for a zone file, ``name TYPE`` for a live zone. ``flags`` carry what the source
said about a set beyond DNS data (e.g. ``cf-proxied`` from a Cloudflare export);
``comments`` what its author wrote beside a value (kept as YAML comments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from zonestack.rule_registry import ZONE_FILE, Rule

#: Flag for a record set Cloudflare served through its proxy (``; cf_tags=cf-proxied:true``).
PROXIED = "cf-proxied"


@dataclass(frozen=True)
class SourceRecord:
    """One record set as found in the source."""

    name: str
    type: str
    ttl: int
    values: tuple[str, ...]
    where: str
    flags: frozenset[str] = field(default_factory=frozenset)
    #: The source's own comments on values, as ``(canonical value, comment)`` (a zone file's ``; …``).
    comments: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.type)

    def renamed(self, name: str) -> SourceRecord:
        return replace(self, name=name)


class ImportProblem(Exception):
    """Input that cannot be imported; ``str()`` is one line, ``FILE:LINE: message [rule]``.

    Like a validation finding, it ends in its rule's tag: ``rule`` (default ``zone-file``)
    unless the message already names a more precise one (``[types]``, ``[values]``).
    """

    def __init__(self, message: str, rule: Rule = ZONE_FILE) -> None:
        text = " ".join(message.split())
        if not _TAGGED.search(text):
            text = f"{text} [{rule.id}]"
        super().__init__(text)
        #: Every problem found (one line each); more than one when the reader went on after the first.
        self.lines: tuple[str, ...] = (text,)

    @classmethod
    def several(cls, problems: list[ImportProblem]) -> ImportProblem:
        """One exception for ``problems`` (at least one): ``str()`` is the first, ``lines`` all of them."""
        first = problems[0]
        first.lines = tuple(line for problem in problems for line in problem.lines)
        return first


_TAGGED = re.compile(r" \[[a-z0-9-]+\]$")
