"""What an importer reads: record sets tied to where they came from.

Values are in the model's canonical form (what Gandi stores: TXT quoted and
split, host names absolute), so the same writer and round-trip check serve
every source. ``where`` is how messages point back at the source: ``FILE:LINE``
for a zone file, ``name TYPE`` for a live zone. ``flags`` carry what the source
said about a set beyond DNS data (e.g. ``cf-proxied`` from a Cloudflare export);
``comments`` what its author wrote beside a value (kept as YAML comments).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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
    """Input that cannot be imported; ``str()`` is one line, ideally ``FILE:LINE: message``."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
