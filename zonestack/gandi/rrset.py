"""``LiveRRset``: one record set exactly as Gandi stores it (values verbatim)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zonestack.model import RecordLike

LiveSet = RecordLike
"""The shape code needs from a live record set: ``LiveRRset``, or a test's stand-in."""


@dataclass(frozen=True)
class LiveRRset:
    """Name relative (``@`` apex), type upper-case, values as the API returns them."""

    name: str
    type: str
    ttl: int
    values: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.type)

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> LiveRRset:
        """Build from an API rrset object (``rrset_name``, ``rrset_type``, ...)."""
        return cls(
            name=str(item["rrset_name"]),
            type=str(item["rrset_type"]).upper(),
            ttl=int(item.get("rrset_ttl", 10800)),
            values=tuple(str(v) for v in item.get("rrset_values", ())),
        )
