"""Cheap plans: refresh only what changed at Gandi, proven with the run's one listing.

A plain ``terraform plan`` refreshes every resource: one GET per record set
(provider v2.3.0), 1,001 requests for a 1,000-set zone, over Gandi's 1,000/min on
its own. The run's snapshot already holds the zone's listing and its state, and
the provider stores in state exactly what the API returns, so the one diff's
``drift`` (state vs live, :func:`zonestack.diff.diff`) says which resources moved:

* none → plan with ``-refresh=false``;
* some → refresh exactly those (``terraform apply -refresh-only -target=…``: it only
  rewrites state to what Gandi holds), then plan with ``-refresh=false``;
* the zone is not at Gandi but state holds resources (deleted behind our back) →
  a normal, fully refreshing plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonestack.deploy.snapshot import ZoneSnapshot
from zonestack.resource_ids import DOMAIN_RESOURCE_ID, DOMAIN_RESOURCE_TYPE

NO_REFRESH = "-refresh=false"


@dataclass(frozen=True)
class RefreshPlan:
    """``targets`` to refresh first (with one reason each), then the plan's ``args``."""

    targets: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    args: tuple[str, ...] = (NO_REFRESH,)


def refresh_plan(snapshot: ZoneSnapshot) -> RefreshPlan:
    """What to refresh before planning ``snapshot``'s zone, and the plan arguments."""
    if snapshot.state.empty:
        return RefreshPlan()
    if snapshot.live is None:
        return RefreshPlan(args=())
    found = snapshot.diff
    targets = [d.state.address for d in found.drift]
    reasons = [f"{d.state.name} {d.state.type}: {d.why}" for d in found.drift]
    if found.snapshots_drift:
        targets.append(snapshot.state.domain_address or f"{DOMAIN_RESOURCE_TYPE}.{DOMAIN_RESOURCE_ID}")
        reasons.append("zone: automatic_snapshots changed at Gandi")
    return RefreshPlan(tuple(targets), tuple(reasons))
