"""Applying a zone when Gandi's budget is shared or the machine is busy: plan again, then apply.

go-gandi gives every request 5 s in all and never retries a 429, so when Gandi refuses
requests mid-apply (its budget of about 1,000/min per IP is shared with Caddy, certbot, a
teammate's deploy), Terraform fails the resources those requests were for. The pacer has
by then lowered its rate to the budget it measured (:class:`~zonestack.gandi.pacing.Pacer`).
:func:`apply_paced` then waits out Gandi's pause, lowers Terraform's ``-parallelism`` to the
new rate, plans the zone again from a new snapshot (what landed is adopted, nothing is
created twice) and applies that plan, judged by the same guard — a bounded number of times.
The same holds when the provider gave up waiting for answers (go-gandi's fixed 5 s deadline,
passed on a loaded machine: the write may have landed): the next round adopts what landed and
runs with half the ``-parallelism``, so fewer requests wait at once. Only failures during which
Gandi refused requests or the provider gave up are retried; any other failure is raised.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Protocol

from zonestack.deploy.engine import Deployment, ReviewedPlan
from zonestack.deploy.guard import Verdict
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.session import lanes
from zonestack.deploy.snapshot import SnapshotError
from zonestack.deploy.terraform import StepError

MAX_ROUNDS = 5
"""Applies per zone at most (the first and four more), each after a new plan."""
LONGEST_PAUSE = 90.0
"""Seconds waited at most for Gandi's pause before planning again."""


class Paced(Protocol):
    refusals: int
    per_minute: int

    def paused_for(self) -> float: ...


class Proxy(Protocol):
    abandoned: int

    @property
    def pacer(self) -> Paced: ...


def apply_paced(deployment: Deployment, reviewed: ReviewedPlan, proxy: Proxy | None,
                judge: Callable[[ZonePlan], Verdict], notify: Callable[[str], None],
                sleep: Callable[[float], None] = time.sleep) -> bool:
    """Apply ``reviewed``; True when Terraform applied (in any round). Raises StepError."""
    item = reviewed
    most = 10
    for round_ in range(1, MAX_ROUNDS + 1):
        refused_before = proxy.pacer.refusals if proxy is not None else 0
        gave_up_before = proxy.abandoned if proxy is not None else 0
        try:
            return deployment.apply(item) or round_ > 1
        except StepError:
            if proxy is None or round_ == MAX_ROUNDS:
                raise
            refused, gave_up = proxy.pacer.refusals - refused_before, proxy.abandoned - gave_up_before
            if not refused and not gave_up:
                raise
        pacer = proxy.pacer
        why = [f"Gandi refused {refused} request(s) (its budget is shared)"] if refused else []
        if gave_up:
            most = max(1, most // 2)
            why.append(f"the provider gave up waiting for {gave_up} answer(s) (a busy machine)")
        notify(f"{item.zone}: during the apply {' and '.join(why)}; pacing at {pacer.per_minute}/min, "
               f"planning again (round {round_ + 1} of {MAX_ROUNDS})")
        _follow(deployment, pacer.per_minute, most)
        sleep(min(LONGEST_PAUSE, pacer.paused_for()))
        try:
            item = deployment.plan(item.snapshot.declared)
        except SnapshotError as exc:
            raise StepError(str(exc)) from None
        verdict = judge(item.plan)
        if verdict.refused:
            raise StepError(f"{item.zone}: the new plan is refused: {'; '.join(verdict.reasons)}")
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _follow(deployment: Deployment, per_minute: int, most: int) -> None:
    """Terraform's ``-parallelism`` follows the pace and the machine (``TF_CLI_ARGS_plan/apply``)."""
    for name in ("TF_CLI_ARGS_plan", "TF_CLI_ARGS_apply"):
        current = re.sub(r"\s*-parallelism=\d+", "", deployment.env.get(name, "")).strip()
        deployment.env[name] = " ".join(filter(None, (current, lanes(per_minute, most))))
