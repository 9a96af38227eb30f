"""Exit codes for API failures, shared by every command that talks to Gandi.

0 ok, 1 other failure, 2 token malformed/unknown/unset, 3 expired PAT or
missing scope, 4 Gandi unreachable — so scripts can tell a credential problem
from an outage without parsing messages.
"""

from __future__ import annotations

from zonestack.gandi.errors import (
    ForbiddenError,
    GandiError,
    MissingTokenError,
    UnauthorizedError,
    UnreachableError,
)

EXIT_OK, EXIT_FAILED, EXIT_TOKEN_INVALID, EXIT_TOKEN_FORBIDDEN, EXIT_UNREACHABLE = 0, 1, 2, 3, 4


def exit_code_for(exc: GandiError) -> int:
    """The exit code a command should end with after ``exc``."""
    if isinstance(exc, (UnauthorizedError, MissingTokenError)):
        return EXIT_TOKEN_INVALID
    if isinstance(exc, ForbiddenError):
        return EXIT_TOKEN_FORBIDDEN
    if isinstance(exc, UnreachableError):
        return EXIT_UNREACHABLE
    return EXIT_FAILED
