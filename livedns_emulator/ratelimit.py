"""Per-source-IP sliding-window rate limiter (§9: 1000 requests/minute).

Only accepted requests count; a rejected one gets 429 with a ``Retry-After``
saying when the oldest counted request leaves the window.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class RateLimiter:
    """``check(ip, limit)`` returns None to proceed or seconds to wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[str, deque[float]] = {}

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()

    def check(self, ip: str, limit: int) -> int | None:
        """Record a hit for ``ip`` unless ``limit`` is reached; 0 disables limiting."""
        if limit <= 0:
            return None
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(ip, deque())
            while hits and hits[0] <= now - WINDOW_SECONDS:
                hits.popleft()
            if len(hits) >= limit:
                return max(1, math.ceil(hits[0] + WINDOW_SECONDS - now))
            hits.append(now)
            return None
