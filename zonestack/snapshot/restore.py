"""What restoring a snapshot changes: pure diff of the snapshot's record sets vs live.

A restore makes the live zone equal the snapshot: record sets that differ (or
are gone) are PUT back whole, record sets the snapshot lacks are deleted.
The SOA is Gandi's and is never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from zonestack.gandi.rrset import LiveSet as RRset
from zonestack.names import APEX

SKIP = frozenset({(APEX, "SOA")})



@dataclass(frozen=True)
class Step:
    """``put`` (with the snapshot's ttl/values) or ``delete`` of one record set."""

    action: str
    name: str
    type: str
    ttl: int = 0
    values: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"action": self.action, "name": self.name, "type": self.type}
        if self.action == "put":
            data.update(ttl=self.ttl, values=list(self.values))
        return data

    def __str__(self) -> str:
        if self.action == "delete":
            return f"delete {self.name} {self.type}"
        return f"put {self.name} {self.type} ttl={self.ttl} " + " ".join(self.values)


def restore_steps(snapshot: Iterable[RRset], live: Iterable[RRset]) -> list[Step]:
    """PUTs for record sets to bring back, then DELETEs for extra ones; sorted for review."""
    want = {(s.name, s.type.upper()): s for s in snapshot if (s.name, s.type.upper()) not in SKIP}
    have = {(s.name, s.type.upper()): s for s in live if (s.name, s.type.upper()) not in SKIP}
    steps: list[Step] = []
    for key in sorted(want):
        target, current = want[key], have.get(key)
        if current is None or current.ttl != target.ttl or list(current.values) != list(target.values):
            steps.append(Step("put", key[0], key[1], target.ttl, tuple(target.values)))
    steps.extend(Step("delete", *key) for key in sorted(set(have) - set(want)))
    return steps


class Writer(Protocol):
    def put_rrset(self, fqdn: str, name: str, type: str, values: Sequence[str], ttl: int) -> None: ...  # noqa: A002
    def delete_rrset(self, fqdn: str, name: str, type: str) -> None: ...  # noqa: A002


def apply_steps(client: Writer, zone: str, steps: Sequence[Step]) -> None:
    """Carry out ``steps`` in order (PUTs first, so the zone never goes empty)."""
    for step in steps:
        if step.action == "put":
            client.put_rrset(zone, step.name, step.type, step.values, step.ttl)
        else:
            client.delete_rrset(zone, step.name, step.type)
