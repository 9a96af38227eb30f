"""Pacing and retry rules shared by the API client and the pacing proxy.

Gandi allows 1,000 requests per minute per source IP (docs/gandi-livedns.md §8, api.gandi.net/docs/reference)
and answers 429 beyond it; go-gandi v0.7.0 and octoDNS never retry. Every request zonestack or
Terraform's provider sends goes through a :class:`Pacer` (a GCRA token bucket: at most
``per_minute`` requests in any 60-second window, small bursts allowed) and is retried on
429/502/503 after the server's ``Retry-After``, a bounded number of times with bounded waits.

``ZONESTACK_RATE_LIMIT`` (requests per minute, default 900: safely under Gandi's 1,000) sets the pace.
"""

from __future__ import annotations

import email.utils
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from zonestack.gandi.errors import GandiError

RATE_ENV = "ZONESTACK_RATE_LIMIT"
DEFAULT_PER_MINUTE = 900
"""Requests per minute: 10 % under Gandi's documented 1,000 so other tools sharing the IP still fit."""
RETRY_STATUSES = frozenset({429, 502, 503})
MAX_ATTEMPTS = 8
"""Tries per request (1 + 7 retries)."""
LOST_ANSWER_TRIES = 3
"""Tries of an idempotent request whose answer was lost after sending (a reset, a read timeout): fewer
than :data:`MAX_ATTEMPTS`, since each may have waited the whole client timeout already."""
MAX_WAIT = 120.0
"""Longest single wait in seconds; a ``Retry-After`` beyond it is not waited for (the answer is passed on)."""
MAX_TOTAL_WAIT = 600.0
"""Longest time one request may spend waiting for retries, in seconds."""

Notify = Callable[[str], None]


class RateConfigError(GandiError):
    """``ZONESTACK_RATE_LIMIT`` is not a positive whole number (a GandiError so every command
    reports it as its one line)."""


def rate_from_env(env: Mapping[str, str] | None = None) -> int:
    """Requests per minute from ``ZONESTACK_RATE_LIMIT`` (default :data:`DEFAULT_PER_MINUTE`)."""
    raw = (os.environ if env is None else env).get(RATE_ENV, "").strip()
    if not raw:
        return DEFAULT_PER_MINUTE
    if not raw.isdigit() or int(raw) < 1:
        raise RateConfigError(f"{RATE_ENV}={raw!r}: expected requests per minute as a whole number ≥ 1")
    return int(raw)


WINDOW = 60.0
"""Gandi counts requests per minute (a sliding window, as far as clients can tell)."""
INCREASE_EVERY = 30.0
"""Seconds without a refusal before the pace is raised again (additive increase)."""
INCREASE_SHARE = 0.05
"""Each increase adds this share of the ceiling (at least 1 request/minute)."""
MIN_PER_MINUTE = 6


class Pacer:
    """Thread-safe pacing that finds Gandi's budget by itself: ``wait()`` blocks until the next
    request may start.

    GCRA with emission interval ``60 / (rate - burst)`` and ``burst`` requests of tolerance, so
    any 60 s window holds at most ``rate`` starts. The rate starts at ``per_minute`` (the
    ceiling, ``ZONESTACK_RATE_LIMIT``) and adapts (issue 23): other tools may share the budget
    (Caddy over ACME DNS-01 with the same PAT, certbot, a teammate's deploy), so

    * a refusal (:meth:`refused`, a 429 from Gandi) sets the rate to 90 % of what this process
      sent in the last minute — the budget Gandi evidently left it — unless nothing succeeded
      since the last decrease (429s that answer requests sent before it do not count twice);
      ``pause(s)`` holds every caller back (the server's ``Retry-After``, or a probe backoff);
    * never below ``floor`` (default :data:`MIN_PER_MINUTE`): the deploy's proxy sets it to
      :func:`lowest_pace`, the slowest pace at which a request still starts within the provider's
      deadline — below it every provider request would fail, so a budget that small is met by
      ``Retry-After`` pauses and retries instead;
    * every :data:`INCREASE_EVERY` seconds without a refusal (:meth:`succeeded`) it rises by
      :data:`INCREASE_SHARE` of the ceiling, never above it.

    It does not depend on ``Retry-After``: the decrease is measured, not announced. Only an
    ``adaptive`` pacer changes its rate (the deploy's proxy); a fixed one counts refusals only.
    """

    def __init__(self, per_minute: int = DEFAULT_PER_MINUTE, *, burst: int | None = None, adaptive: bool = False,
                 floor: int = MIN_PER_MINUTE, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if per_minute < 1:
            raise RateConfigError("the pace must be at least 1 request per minute")
        self.ceiling = per_minute
        self.adaptive = adaptive
        self.floor = max(1, min(floor, per_minute))
        self._fixed_burst = burst
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._tat = 0.0  # theoretical arrival time of the next request
        self._paused_until = 0.0
        self._starts: deque[float] = deque()
        self._succeeded_since_decrease = True
        self._last_change = clock()
        self.sent = 0
        self.waited = 0.0
        self.refusals = 0
        self.decreases = 0
        self._set_rate(per_minute)

    def _set_rate(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.burst = max(1, per_minute // 20) if self._fixed_burst is None else max(1, self._fixed_burst)
        self.interval = 60.0 / max(1, per_minute - self.burst) if per_minute > self.burst else 60.0 / per_minute

    def reserve(self) -> float:
        """Book the next slot; returns how long the caller must sleep before starting."""
        with self._lock:
            now = self._clock()
            tat = max(self._tat, now)
            start = max(tat - (self.burst - 1) * self.interval, self._paused_until, now)
            self._tat = max(tat, start) + self.interval
            self.sent += 1
            self._starts.append(start)
            while self._starts and self._starts[0] <= now - WINDOW:
                self._starts.popleft()
            delay = start - now
            self.waited += delay
            return delay

    def wait(self) -> float:
        """Sleep until this request's slot; returns the seconds slept."""
        delay = self.reserve()
        if delay > 0:
            self._sleep(delay)
        return delay

    def pause(self, seconds: float) -> None:
        """Nobody starts a request for ``seconds`` (the server said so, or a probe backoff)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def paused_for(self) -> float:
        """Seconds left of the current pause (0 when none)."""
        with self._lock:
            return max(0.0, self._paused_until - self._clock())

    def refused(self) -> bool:
        """Gandi answered 429: lower the rate to the measured budget; True when it was lowered."""
        with self._lock:
            self.refusals += 1
            now = self._clock()
            if not self.adaptive or not self._succeeded_since_decrease:
                return False
            recent = sum(1 for t in self._starts if now - WINDOW < t <= now)
            target = max(self.floor, min(self.per_minute - 1, int(recent * 0.9)))
            if target >= self.per_minute:
                return False
            self._set_rate(target)
            self._tat = max(self._tat, now)
            self._succeeded_since_decrease = False
            self._last_change = now
            self.decreases += 1
            return True

    def succeeded(self) -> bool:
        """A request went through: raise the rate after a quiet spell; True when it was raised."""
        with self._lock:
            self._succeeded_since_decrease = True
            now = self._clock()
            if not self.adaptive or self.per_minute >= self.ceiling or now - self._last_change < INCREASE_EVERY:
                return False
            self._set_rate(min(self.ceiling, self.per_minute + max(1, int(self.ceiling * INCREASE_SHARE))))
            self._last_change = now
            return True


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date, RFC 9110 §10.2.3), else None."""
    value = (headers.get("Retry-After") or headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def retry_delay(status: int, headers: Mapping[str, str], attempt: int, waited: float,
                budget: float | None = None) -> float | None:
    """Seconds to wait before retrying after answer ``status`` on try ``attempt`` (1-based), or None.

    None means "do not retry": the status is not transient, the tries are used up, the server asks
    for a wait over :data:`MAX_WAIT`, or the request would wait more than ``budget`` seconds in all
    (default :data:`MAX_TOTAL_WAIT`). Without ``Retry-After``: 1, 2, 4 … seconds, at most 30; with
    it, the server's wait, and from the second retry on at least that backoff.
    """
    if status not in RETRY_STATUSES:
        return None
    return backoff_delay(headers, attempt, waited, budget)


def backoff_delay(headers: Mapping[str, str], attempt: int, waited: float, budget: float | None = None) -> float | None:
    """Seconds to wait before try ``attempt + 1`` of a request that may be retried, or None (as ``retry_delay``)."""
    if attempt >= MAX_ATTEMPTS:
        return None
    asked = retry_after(headers)
    backoff = min(30.0, 2.0 ** (attempt - 1))
    # A server that refuses again after its own Retry-After (a budget shared with other clients
    # frees one slot at a time) gets the growing backoff at least: 1, 2, 4 … 30 s.
    delay = backoff if asked is None else max(asked, backoff if attempt > 1 else asked)
    if delay > MAX_WAIT or waited + delay > (MAX_TOTAL_WAIT if budget is None else budget):
        return None
    return delay


def parallelism(per_minute: int, hold: float, most: int = 10) -> int:
    """How many requests may queue at the pacer at once so none waits longer than ``hold`` seconds.

    Terraform's provider gives each request 5 s in all (go-gandi's default client timeout, which
    provider v2.3.0 does not expose); the deploy passes this as ``-parallelism``.
    """
    pacer = Pacer(per_minute)
    return max(1, min(most, int(hold / pacer.interval)))


def lowest_pace(hold: float) -> int:
    """The slowest pace (requests per minute) at which a request booked right after another still
    starts within ``hold`` seconds: one request per ``hold``, plus the GCRA burst."""
    for per_minute in range(MIN_PER_MINUTE, 60_001):
        if Pacer(per_minute).interval <= hold:
            return per_minute
    return 60_000


def describe_wait(status: int | None, delay: float, attempt: int, what: str, tries: int = MAX_ATTEMPTS) -> str:
    """The progress line printed while waiting (no URL query, no header: nothing secret); ``status``
    None: the connection broke before an answer; ``tries``: the request's tries in all."""
    if status is None:
        return f"waiting {delay:.0f}s: {what} got no answer (connection lost); retry {attempt}/{tries - 1}"
    cause = "rate limit" if status == 429 else "Gandi unavailable"
    return (f"waiting {delay:.0f}s: {what} answered {status} ({cause}); "
            f"retry {attempt}/{MAX_ATTEMPTS - 1}")


_shared: Pacer | None = None
_shared_lock = threading.Lock()


def shared_pacer() -> Pacer:
    """The process-wide pacer (one per process, like Gandi's one limit per IP)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Pacer(rate_from_env())
        return _shared
