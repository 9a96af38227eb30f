"""Lenient query-string parsing, tolerant of go-gandi's ``?sharing_id`` quirk.

go-gandi appends the literal ``?sharing_id=<id>`` to every path, even one that
already has a query (a followed ``Link`` URL), producing
``?page=2&per_page=500?sharing_id=X``. Treating every further ``?`` as ``&`` and
reading only the leading digits of numeric parameters makes that work (§2).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

_DIGITS = re.compile(r"^\s*(\d+)")


class Query:
    """Parsed query parameters; the first occurrence of a key wins."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.pairs: list[tuple[str, str]] = parse_qsl(raw.replace("?", "&"),
                                                      keep_blank_values=True)
        self._first: dict[str, str] = {}
        for key, value in self.pairs:
            self._first.setdefault(key, value)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self._first.get(key, default)

    def int(self, key: str, default: int, *, minimum: int = 1) -> int:
        """Leading digits of ``key`` (``"500?x"`` -> 500), at least ``minimum``."""
        value = self._first.get(key)
        match = _DIGITS.match(value) if value is not None else None
        if match is None:
            return default
        return max(minimum, int(match.group(1)))

    def bool(self, key: str) -> bool | None:
        """``true``/``false`` (any case, or 1/0); None when absent or unreadable."""
        value = (self._first.get(key) or "").lower()
        if value in ("true", "1", "yes"):
            return True
        if value in ("false", "0", "no"):
            return False
        return None

    def without(self, *keys: str) -> list[tuple[str, str]]:
        """Pairs other than ``keys``, de-duplicated, in original order."""
        seen: set[tuple[str, str]] = set()
        out = []
        for pair in self.pairs:
            if pair[0] not in keys and pair not in seen:
                seen.add(pair)
                out.append(pair)
        return out
