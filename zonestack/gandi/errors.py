"""API errors: one class per cause a caller reacts to, each a one-line message.

Messages are built from the status, the request path and the API's own text; the
token is never part of a request path or body, so it can never leak into them.
"""

from __future__ import annotations

ROTATE_RUNBOOK = "runbooks/rotate-pat.md"


class GandiError(Exception):
    """Any failed LiveDNS call; ``str()`` is one line without the token."""

    def __init__(self, message: str, *, status: int | None = None, url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.url = url

    def __str__(self) -> str:
        return " ".join(self.message.split())


class UnauthorizedError(GandiError):
    """401: the token is malformed or unknown to Gandi."""


class ForbiddenError(GandiError):
    """403: usually an expired PAT, else a missing permission or domain scope."""


class NotFoundError(GandiError):
    """404: the zone, record set or snapshot does not exist."""


class ConflictError(GandiError):
    """409: the record set already exists."""


class RateLimitedError(GandiError):
    """429: too many requests; ``retry_after`` seconds if the API said so."""

    def __init__(self, message: str, *, status: int | None = 429, url: str = "",
                 retry_after: float | None = None) -> None:
        super().__init__(message, status=status, url=url)
        self.retry_after = retry_after


class RedirectError(GandiError):
    """3xx: Gandi (or something in front of it) redirected elsewhere; not followed."""


class UnreachableError(GandiError):
    """No HTTP answer at all: connection refused, DNS failure or timeout."""


class AnswerLostError(UnreachableError):
    """The request was sent but no answer came back (connection reset, read timeout): the API may
    have applied it. A subclass of ``UnreachableError`` so callers that stop on "no answer" still do;
    a caller that must say what happened reads the object back."""


class MissingTokenError(GandiError):
    """No token given and ``GANDI_PERSONAL_ACCESS_TOKEN`` is unset or empty."""
