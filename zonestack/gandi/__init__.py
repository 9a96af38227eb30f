"""Gandi LiveDNS v5 API client (pure Python, httpx): the one place that talks to Gandi."""

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
