"""Carry out a cleanup plan against the API, one record set at a time.

Each record set is read again right before it is written, and only the values
the plan named are removed: a token a bot added meanwhile is written back. A set
left with no values is deleted, never written back empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from zonestack.acme.orphans import Cleanup, LiveSet, remaining_after


class Writer(Protocol):
    def get_rrset(self, fqdn: str, name: str, type: str) -> LiveSet | None: ...  # noqa: A002
    def put_rrset(self, fqdn: str, name: str, type: str, values: Sequence[str], ttl: int) -> None: ...  # noqa: A002
    def delete_rrset(self, fqdn: str, name: str, type: str) -> None: ...  # noqa: A002


def apply_cleanup(client: Writer, zone: str, plan: Sequence[Cleanup]) -> int:
    """Remove every planned orphan value; returns how many values were removed."""
    removed = 0
    for item in plan:
        if item.action not in ("put", "delete"):
            continue
        current = client.get_rrset(zone, item.name, "TXT")
        if current is None:
            continue
        rest = remaining_after(tuple(current.values), item.orphans)
        if rest and len(rest) == len(current.values):
            continue
        if rest:
            client.put_rrset(zone, item.name, "TXT", rest, current.ttl)
        else:  # nothing left, or an empty set to begin with: never leave an empty set behind
            client.delete_rrset(zone, item.name, "TXT")
        removed += len(current.values) - len(rest)
    return removed
