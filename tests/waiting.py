"""Waiting on a condition in tests, with a generous bound: never a fixed sleep.

A test that sleeps a fixed time and then looks fails on a busy machine (CI runs
on the developer's shared 2-core machine); one that polls a condition until a
generous deadline passes as soon as the condition holds and fails only if it
never does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

GENEROUS = 60.0
"""Seconds a condition may take on a loaded machine before the test fails."""


def wait_until(predicate: Callable[[], T], timeout: float = GENEROUS, *, what: str, every: float = 0.02) -> T:
    """Poll ``predicate`` until it returns a true value (returned); AssertionError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:g}s for {what}")
        time.sleep(every)
