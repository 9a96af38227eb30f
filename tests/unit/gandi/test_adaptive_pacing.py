"""The pacer finds Gandi's budget by itself (issue 23): decrease to what it measured, increase slowly."""

from __future__ import annotations

from zonestack.deploy.session import QUEUED_WAIT
from zonestack.gandi.pacing import INCREASE_EVERY, MIN_PER_MINUTE, Pacer, lowest_pace
from zonestack.gandi.proxy import HOLD


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def pacer(per_minute: int = 900) -> tuple[Pacer, Clock]:
    clock = Clock()
    return Pacer(per_minute, adaptive=True, clock=clock, sleep=clock.sleep), clock


def test_a_refusal_lowers_the_rate_to_the_measured_budget() -> None:
    p, clock = pacer()
    for _ in range(100):  # Gandi let 100 through in this minute, then refused
        p.wait()
    assert p.refused() is True
    assert p.per_minute == 90 and p.refusals == 1 and p.decreases == 1
    # 429s answering requests sent before the decrease do not lower it again
    assert p.refused() is False and p.per_minute == 90 and p.refusals == 2


def test_the_next_decrease_needs_a_success_at_the_new_rate() -> None:
    p, clock = pacer()
    for _ in range(100):
        p.wait()
    p.refused()
    clock.now += 61  # the window has passed
    for _ in range(40):
        p.wait()
        p.succeeded()
    assert p.refused() is True and p.per_minute == 36  # what went through at 90/min in the last minute × 0.9


def test_the_rate_rises_slowly_without_refusals_and_never_above_the_ceiling() -> None:
    p, clock = pacer(100)
    for _ in range(50):
        p.wait()
    p.refused()
    assert p.per_minute == 45
    rates = []
    for _ in range(20):
        clock.now += INCREASE_EVERY
        p.succeeded()
        rates.append(p.per_minute)
    assert rates[:3] == [50, 55, 60] and max(rates) == 100 and rates[-1] == 100


def test_never_below_the_floor_and_a_fixed_pacer_never_adapts() -> None:
    p, clock = pacer()
    p.wait()
    p.refused()
    assert p.per_minute == MIN_PER_MINUTE
    fixed = Pacer(900)
    for _ in range(100):
        fixed.reserve()
    assert fixed.refused() is False and fixed.per_minute == 900 and fixed.refusals == 1


def test_a_lower_rate_spaces_requests_accordingly() -> None:
    p, clock = pacer(600)
    for _ in range(60):
        p.wait()
    p.refused()  # 54/min
    start = clock.now
    for _ in range(54):
        p.wait()
    assert 55 <= clock.now - start <= 66  # about a minute for the measured budget (GCRA with a small burst)


def test_the_deploys_pace_never_drops_below_what_the_provider_can_wait_for() -> None:
    """One 429 early in a small run (bench type_switch #36: 5 requests sent, then a refusal) used to
    drop the proxy's pace to 6/min: the next provider request had no slot within the proxy's hold and
    the plan failed on zonestack's own 429. With the floor a request booked right after another still
    starts in time."""
    clock = Clock()
    floor = lowest_pace(QUEUED_WAIT)
    p = Pacer(900, adaptive=True, floor=floor, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        p.wait()
    assert p.refused() is True and p.per_minute == floor
    p.reserve()
    assert p.reserve() < HOLD  # the proxy turns a request away only past its hold
    assert Pacer(floor - 1).interval > QUEUED_WAIT  # the floor is the slowest such pace, not an arbitrary one
