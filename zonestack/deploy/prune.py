"""Delete exactly the record sets a reviewed plan's ``terraform_data.prune`` lists.

Run at apply time by the resource's local-exec (``zonestack prune-sets``, see
``constructs_lib/prune.py``). The plan was reviewed against one listing of the
zone; between plan and apply someone may have changed a listed set or added
one. So the zone is listed once more and a listed set is deleted only if its
live TTL and values still equal the listed ones; anything else is left alone
and reported. Nothing that is not listed is ever touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from zonestack.deploy.reconcile import PruneSet
from zonestack.gandi.rrset import LiveSet


class PruneClient(Protocol):
    def list_rrsets(self, fqdn: str) -> Sequence[LiveSet]: ...

    def delete_rrset(self, fqdn: str, name: str, type: str) -> None: ...  # noqa: A002


@dataclass
class PruneReport:
    """What happened to each listed set."""

    deleted: list[PruneSet] = field(default_factory=list)
    changed: list[PruneSet] = field(default_factory=list)
    gone: list[PruneSet] = field(default_factory=list)


def prune_sets(client: PruneClient, zone: str, listed: Sequence[PruneSet]) -> PruneReport:
    """Delete each of ``listed`` whose live TTL and values still equal the listed ones (one listing call)."""
    report = PruneReport()
    if not listed:
        return report
    live = {(s.name.lower(), s.type.upper()): s for s in client.list_rrsets(zone)}
    for item in listed:
        current = live.get(item.key)
        if current is None:
            report.gone.append(item)
        elif int(current.ttl) != item.ttl or sorted(current.values) != sorted(item.values):
            report.changed.append(item)
        else:
            client.delete_rrset(zone, item.name, item.type)
            report.deleted.append(item)
    return report
