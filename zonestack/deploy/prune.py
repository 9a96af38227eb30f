"""Deletions Terraform does not own, done by zonestack itself with compare-and-swap.

Two kinds of live record set are not in state and must go before (or while)
the declared sets are written:

* the snapshot's prunes (:attr:`zonestack.diff.ZoneDiff.prune`): sets in the way
  of a declared set at their name, or undeclared in an ``authoritative`` zone;
  they are in the reviewed plan document and the guard's count, and the deploy
  deletes them after the guard and before ``terraform apply``;
* in a zone the deploy has just created, the default sets Gandi seeded that are
  in the way of declared ones (:func:`zonestack.diff.in_the_way`).

Compare-and-swap: a set is deleted only if, in a listing taken just before
(the check before apply), it still equals what was reviewed (:func:`zonestack.diff.same`);
anything else is left alone and reported. Nothing that is not listed is ever touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from zonestack.diff import Key, RecordLike, as_record_set, same
from zonestack.model import RecordSet


class Deleter(Protocol):
    def delete_rrset(self, fqdn: str, name: str, type: str) -> None: ...  # noqa: A002


@dataclass
class PruneReport:
    """What happened to each listed set."""

    deleted: list[RecordSet] = field(default_factory=list)
    changed: list[RecordSet] = field(default_factory=list)
    gone: list[RecordSet] = field(default_factory=list)

    def lines(self, zone: str) -> list[str]:
        """One line per set left alone (changed since the plan, or already gone)."""
        return ([f"{zone}: left {r.name} {r.type} alone: it changed at Gandi after the plan" for r in self.changed]
                + [f"{zone}: {r.name} {r.type} was already gone" for r in self.gone])


def delete_if_unchanged(client: Deleter, zone: str, listed: Iterable[RecordLike],
                        live: Mapping[Key, RecordLike] | Sequence[RecordLike]) -> PruneReport:
    """Delete each of ``listed`` whose set in ``live`` still equals it; ``live`` is a fresh listing."""
    current = live if isinstance(live, Mapping) else {as_record_set(s).key: s for s in live}
    report = PruneReport()
    for item in listed:
        record = as_record_set(item)
        now = current.get(record.key)
        if now is None:
            report.gone.append(record)
        elif not same(record, now):
            report.changed.append(record)
        else:
            client.delete_rrset(zone, record.name, record.type)
            report.deleted.append(record)
    return report
