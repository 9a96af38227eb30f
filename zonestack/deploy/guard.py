"""Whether a zone's plan may be applied without ``--force``.

octoDNS-like safety: a plan that deletes or rewrites a large share of a
non-trivial zone is more often a broken record file (bad merge, wrong file)
than an intent, and a change to the apex NS record set can take the whole zone
off the air. Both stop the deploy until someone says ``--force``.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonestack.deploy.plan import ZonePlan

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


def judge(plan: ZonePlan, policy: GuardPolicy = GuardPolicy()) -> Verdict:
    """Every reason to refuse ``plan`` under ``policy`` (none: safe to apply)."""
    reasons: list[str] = []
    risky = plan.changes + plan.destroys
    if plan.size >= policy.min_size and plan.size and risky / plan.size > policy.max_ratio:
        reasons.append(
            f"{risky} of {plan.size} record sets would be changed or destroyed "
            f"({risky / plan.size:.0%} > {policy.max_ratio:.0%} of a zone with {policy.min_size}+ record sets)"
        )
    if policy.protect_apex_ns and plan.apex_ns:
        kinds = ", ".join(sorted({r.kind for r in plan.apex_ns}))
        reasons.append(f"the apex NS record set would be changed ({kinds}): that is the zone's delegation")
    return Verdict(plan.zone, tuple(reasons))
