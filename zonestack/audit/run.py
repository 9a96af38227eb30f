"""Audit zones against the live API: exactly one listing call per zone.

The listing is the only API read, so an audit costs one (paginated) logical
request per zone however many record sets it holds, and it never writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from zonestack.audit.compare import LiveSet, ZoneAudit, audit_zone
from zonestack.gandi import GandiError
from zonestack.model import Zone
from zonestack.settings import STATE_DIR, state_file
from zonestack.tfstate import StateError, ZoneState, read_local_state
from zonestack.zoneset import zone_error


class Lister(Protocol):
    def list_rrsets(self, fqdn: str) -> Sequence[LiveSet]: ...


StateReader = Callable[[str], ZoneState]


def local_state_reader(state_dir: Path = STATE_DIR) -> StateReader:
    """Reads ``<state_dir>/<zone>/terraform.tfstate`` (the local backend) with the one state parser."""
    return lambda zone: read_local_state(state_file(zone, state_dir))


def audit_zones(zones: Sequence[Zone], client: Lister, state_dir: Path = STATE_DIR,
                read_state: StateReader | None = None) -> list[ZoneAudit]:
    """One ``ZoneAudit`` per zone; API or state problems land in ``error``.

    ``read_state`` defaults to the local backend's files under ``state_dir``.
    """
    reader = read_state or local_state_reader(state_dir)
    audits: list[ZoneAudit] = []
    for zone in zones:
        try:
            state = reader(zone.name)
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
