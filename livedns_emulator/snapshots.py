"""Taking zone snapshots, manual and automatic (§6.8, §11).

With ``automatic_snapshots`` on, every successful change of a zone's records
adds a snapshot flagged ``automatic``; by default it captures the state *before*
the change, since its purpose is to be a rollback point.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from livedns_emulator.model import Snapshot, Zone
from livedns_emulator.rrsets import sorted_rrsets
from livedns_emulator.settings import Settings


def zone_data(zone: Zone) -> list[dict[str, Any]]:
    """The zone's rrsets as snapshot items (API objects without href, §5.2)."""
    return [r.as_api() for r in sorted_rrsets(zone.rrsets.values())]


def take(zone: Zone, *, name: str | None = None, automatic: bool = False,
         data: list[dict[str, Any]] | None = None) -> Snapshot:
    """Append a snapshot; the default name is the date plus an increment (DOC)."""
    zone.snapshot_seq += 1
    now = datetime.now(UTC)
    snapshot = Snapshot(
        id=str(uuid.uuid4()),
        name=name if name is not None else f"{now:%Y-%m-%d}-{zone.snapshot_seq}",
        created_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        automatic=automatic,
        seq=zone.snapshot_seq,
        zone_data=zone_data(zone) if data is None else data,
    )
    zone.snapshots.append(snapshot)
    return snapshot


@contextmanager
def recording(zone: Zone, settings: Settings) -> Iterator[None]:
    """Wrap a record mutation; adds the automatic snapshot if the zone wants one."""
    before = zone_data(zone) if zone.automatic_snapshots else None
    yield
    if before is None:
        return
    take(zone, automatic=True, data=before if settings.snapshot_before_change else None)
    cap = settings.max_automatic_snapshots
    automatic = [s for s in zone.snapshots if s.automatic]
    if cap > 0 and len(automatic) > cap:
        dropped = {s.id for s in automatic[: len(automatic) - cap]}
        zone.snapshots = [s for s in zone.snapshots if s.id not in dropped]
