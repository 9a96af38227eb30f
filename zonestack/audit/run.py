"""Audit zones against the live API: exactly one listing call per zone.

The listing is the only API read, so an audit costs one (paginated) logical
request per zone however many record sets it holds, and it never writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from zonestack.audit.compare import LiveSet, ZoneAudit, audit_zone
from zonestack.audit.state import DEFAULT_STATE_DIR, StateError, StateRecord, read_local_state
from zonestack.gandi import GandiError
from zonestack.model import Zone
from zonestack.zoneset import zone_error


class Lister(Protocol):
    def list_rrsets(self, fqdn: str) -> Sequence[LiveSet]: ...


StateReader = Callable[[str], list[StateRecord]]


def audit_zones(zones: Sequence[Zone], client: Lister, state_dir: Path = DEFAULT_STATE_DIR,
                read_state: StateReader | None = None) -> list[ZoneAudit]:
    """One ``ZoneAudit`` per zone; API or state problems land in ``error``.

    ``read_state`` defaults to the local backend's files under ``state_dir``.
    """
    audits: list[ZoneAudit] = []
    for zone in zones:
        try:
            state = read_state(zone.name) if read_state else read_local_state(zone.name, state_dir)
            live = client.list_rrsets(zone.name)
        except GandiError as exc:
            audits.append(ZoneAudit(zone.name, error=zone_error(zone.name, exc).removeprefix(f"{zone.name}: ")))
            continue
        except StateError as exc:
            audits.append(ZoneAudit(zone.name, error=str(exc)))
            continue
        audits.append(audit_zone(zone, live, state))
    return audits


def exit_code(audits: Sequence[ZoneAudit]) -> int:
    """1 on any error, else 2 on any drift, else 0."""
    if any(a.error for a in audits):
        return 1
    return 2 if any(a.drift for a in audits) else 0
