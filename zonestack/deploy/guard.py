"""Whether a zone's plan may be applied without ``--force``.

octoDNS-like safety: a plan that deletes or rewrites a large share of a
non-trivial zone is more often a broken record file (bad merge, wrong file)
than an intent, and a change to the apex NS record set can take the whole zone
off the air. Both stop the deploy until someone says ``--force``.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonestack.deploy.plan import ZonePlan
from zonestack.gandi_defaults import is_default

#: octoDNS's defaults: updates/deletes over 30 % of a zone with at least 10 records.
DEFAULT_MAX_RATIO = 0.30
DEFAULT_MIN_SIZE = 10


@dataclass(frozen=True)
class GuardPolicy:
    """Thresholds; ``protect_apex_ns=False`` allows apex NS changes without ``--force``."""

    max_ratio: float = DEFAULT_MAX_RATIO
    min_size: int = DEFAULT_MIN_SIZE
    protect_apex_ns: bool = True


@dataclass(frozen=True)
class Verdict:
    """The guard's answer for one zone: refused when ``reasons`` is non-empty."""

    zone: str
    reasons: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.reasons)


def seeded_defaults(plan: ZonePlan) -> int:
    """How many of the plan's changes and destroys (prunes included) replace or delete a record set
    that still holds Gandi's default content (:mod:`zonestack.gandi_defaults`, TTL included): what
    Gandi seeded in a registered domain's zone, not anybody's data."""
    changed = sum(1 for r in plan.records if r.kind in ("update", "delete", "replace") and r.before is not None
                  and is_default(r.name, r.type, r.before.values, r.before.ttl))
    return changed + sum(1 for p in plan.prunes if is_default(p.name, p.type, p.values, p.ttl))


def judge(plan: ZonePlan, policy: GuardPolicy = GuardPolicy()) -> Verdict:
    """Every reason to refuse ``plan`` under ``policy`` (none: safe to apply).

    Gandi's untouched default records, changed or destroyed, count neither as risky nor in the
    zone's size: a migration into a registered domain's zone replaces them by design (they stay in
    the plan).
    """
    reasons: list[str] = []
    defaults = seeded_defaults(plan)
    risky, size = plan.changes + plan.destroys - defaults, plan.size - defaults
    if size >= policy.min_size and size and risky / size > policy.max_ratio:
        reasons.append(
            f"{risky} of {size} record sets would be changed or destroyed "
            f"({risky / size:.0%} > {policy.max_ratio:.0%} of a zone with {policy.min_size}+ record sets"
            + (f"; {defaults} of Gandi's untouched default record sets not counted)" if defaults else ")")
        )
    if policy.protect_apex_ns and plan.apex_ns:
        kinds = ", ".join(sorted({r.kind for r in plan.apex_ns}))
        reasons.append(f"the apex NS record set would be changed ({kinds}): that is the zone's delegation")
    return Verdict(plan.zone, tuple(reasons))
