"""The request log tests inspect: method, path, status and the token's *label*.

Never the token itself: labels are chosen at registration (default: scheme
plus a digest prefix), so a log can be printed or saved without leaking a PAT.
"""

from __future__ import annotations

import threading
from typing import NamedTuple


class LoggedRequest(NamedTuple):
    """One API request; ``path`` is the request target as sent (query included)."""

    method: str
    path: str
    status: int
    token_label: str | None


class RequestLog:
    """Thread-safe, append-only (until cleared) list of ``LoggedRequest``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []

    def add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
