"""Gandi LiveDNS v5 API client (pure Python, httpx): the one place that talks to Gandi.

The names below load lazily (PEP 562): ``from zonestack.gandi import GandiError`` or importing
``zonestack.gandi.errors`` does not load httpx; only the client itself does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zonestack.gandi.client import LiveDNSClient
    from zonestack.gandi.errors import (
        ConflictError,
        ForbiddenError,
        GandiError,
        MissingTokenError,
        NotFoundError,
        RateLimitedError,
        RedirectError,
        UnauthorizedError,
        UnreachableError,
    )
    from zonestack.gandi.rrset import LiveRRset

_HOME = {
    "LiveDNSClient": "client",
    "LiveRRset": "rrset",
    **{name: "errors" for name in ("ConflictError", "ForbiddenError", "GandiError", "MissingTokenError",
                                   "NotFoundError", "RateLimitedError", "RedirectError", "UnauthorizedError",
                                   "UnreachableError")},
}

__all__ = [
    "ConflictError",
    "ForbiddenError",
    "GandiError",
    "LiveDNSClient",
    "LiveRRset",
    "MissingTokenError",
    "NotFoundError",
    "RateLimitedError",
    "RedirectError",
    "UnauthorizedError",
    "UnreachableError",
]


def __getattr__(name: str) -> Any:
    """Load the module holding ``name`` on first use."""
    if name in _HOME:
        return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
