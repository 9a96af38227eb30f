"""Never replace a record set whose create succeeded: untaint it before planning.

go-gandi creates a record set with ``POST`` and then reads it back with
``GET``; when only the read fails (429 rate limit, 502 from a gateway) the
provider returns an error after setting the ID, and Terraform keeps the
resource as *tainted*. The next plan would then destroy and re-create a record
set that is live and correct — an outage window. So every tainted record
instance in the run's snapshot whose live set equals the declaration (or what
the failed create wrote, i.e. the state's own attributes) is untainted, and the
plan shows no change (or a plain in-place update). A set that is not live stays
tainted: the plan creates it again.
"""

from __future__ import annotations

from zonestack.deploy.snapshot import ZoneSnapshot
from zonestack.diff import same
from zonestack.tfstate import StateRecord


def safe_to_untaint(item: StateRecord, snapshot: ZoneSnapshot) -> bool:
    """Whether the live set equals the declaration or the tainted state's own attributes."""
    live = {r.key: r for r in snapshot.live or ()}.get(item.key)
    if live is None:
        return False
    return same(live, snapshot.declared.by_key.get(item.key)) or same(live, item.record)


def to_untaint(snapshot: ZoneSnapshot) -> list[str]:
    """Addresses of the tainted record instances that are live as intended (no API call)."""
    return [item.address for item in snapshot.state.tainted if safe_to_untaint(item, snapshot)]
