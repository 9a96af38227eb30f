"""Pagination of collection GETs (§8), satisfying every client at once.

go-gandi sends no page parameters, follows ``Link: <…>; rel="next"`` and stops
only when a page has *no* ``Link`` header, so ``Link`` is omitted on the last
page and built from the client's own base URL. octodns loops on
``Total-Count``, so that header is always the full count. A page past the end
is an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from livedns_emulator.query import Query

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One page of items plus the response headers that describe it."""

    items: list[Any]
    headers: tuple[tuple[str, str], ...]


def paginate(items: list[T], *, total: int, query: Query, url: str, default_size: int,
             max_size: int) -> Page:
    """Slice ``items`` (already filtered; ``total`` is the unfiltered count)."""
    page = query.int("page", 1)
    per_page = min(query.int("per_page", default_size), max_size)
    start = (page - 1) * per_page
    chunk = items[start:start + per_page]
    headers: list[tuple[str, str]] = [
        ("Total-Count", str(total)),
        ("Filtered-Count", str(len(items))),
    ]
    last = max(1, -(-len(items) // per_page))
    if page < last:
        keep = query.without("page", "per_page")

        def link(number: int) -> str:
            params = [("page", str(number)), ("per_page", str(per_page)), *keep]
            return f"{url}?{urlencode(params)}"

        headers.append(("Link", f'<{link(page + 1)}>; rel="next", <{link(last)}>; rel="last"'))
    return Page(chunk, tuple(headers))
