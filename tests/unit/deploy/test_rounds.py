"""Plan again and re-apply after Gandi's refusals or the provider's give-ups, never after other failures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from zonestack.deploy.guard import Verdict
from zonestack.deploy.rounds import MAX_ROUNDS, apply_paced
from zonestack.deploy.terraform import StepError


@dataclass
class FakePacer:
    refusals: int = 0
    per_minute: int = 900

    def paused_for(self) -> float:
        return 3.0


@dataclass
class FakeProxy:
    pacer: FakePacer = field(default_factory=FakePacer)
    abandoned: int = 0


@dataclass
class Item:
    zone: str = "example.org"
    plan: Any = None
    snapshot: Any = None

    def __post_init__(self) -> None:
        self.snapshot = type("S", (), {"declared": "declared-zone"})()


class FakeDeployment:
    """Fails its first applies the way ``script`` says, then applies."""

    def __init__(self, proxy: FakeProxy, script: list[str]) -> None:
        self.proxy, self.script, self.env = proxy, list(script), {"TF_CLI_ARGS_apply": "-lock=true -parallelism=10"}
        self.plans = 0
        self.applies = 0

    def apply(self, item: Item) -> bool:
        self.applies += 1
        event = self.script.pop(0) if self.script else "ok"
        if event == "429":
            self.proxy.pacer.refusals += 3
            self.proxy.pacer.per_minute = 45
        elif event == "gave-up":
            self.proxy.abandoned += 2
        elif event == "other":
            pass
        else:
            return True
        raise StepError(f"{item.zone}: apply failed")

    def plan(self, declared: object) -> Item:
        assert declared == "declared-zone"
        self.plans += 1
        return Item()


def ok(plan: object) -> Verdict:
    return Verdict("example.org")


def test_refusals_then_give_ups_are_planned_again_with_fewer_lanes() -> None:
    proxy = FakeProxy()
    deployment = FakeDeployment(proxy, ["429", "gave-up"])
    lines: list[str] = []
    slept: list[float] = []
    assert apply_paced(deployment, Item(), proxy, ok, lines.append, slept.append) is True  # type: ignore[arg-type]
    assert (deployment.applies, deployment.plans) == (3, 2)
    assert "Gandi refused 3 request(s)" in lines[0] and "pacing at 45/min" in lines[0] and "round 2 of" in lines[0]
    assert "the provider gave up waiting for 2 answer(s)" in lines[1]
    assert deployment.env["TF_CLI_ARGS_apply"].startswith("-lock=true -parallelism=")
    assert deployment.env["TF_CLI_ARGS_apply"].count("-parallelism=") == 1
    assert int(deployment.env["TF_CLI_ARGS_apply"].rsplit("=", 1)[1]) <= 5  # halved after the give-ups
    assert slept == [3.0, 3.0]


def test_other_failures_are_raised_at_once_and_rounds_are_bounded() -> None:
    proxy = FakeProxy()
    with pytest.raises(StepError):
        apply_paced(FakeDeployment(proxy, ["other"]), Item(), proxy, ok, print, lambda s: None)  # type: ignore[arg-type]
    endless = FakeDeployment(proxy, ["429"] * (MAX_ROUNDS + 2))
    with pytest.raises(StepError):
        apply_paced(endless, Item(), proxy, ok, lambda line: None, lambda s: None)  # type: ignore[arg-type]
    assert endless.applies == MAX_ROUNDS


def test_a_new_plan_the_guard_refuses_stops() -> None:
    proxy = FakeProxy()
    refuse = lambda plan: Verdict("example.org", ("too big",))  # noqa: E731
    with pytest.raises(StepError, match="the new plan is refused: too big"):
        apply_paced(FakeDeployment(proxy, ["429"]), Item(), proxy, refuse, lambda line: None,  # type: ignore[arg-type]
                    lambda s: None)
