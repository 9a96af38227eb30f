"""``zonestack token check``: is the Gandi token usable, and if not, why.

One API call (``GET /v5/livedns/domains?per_page=1``) classifies the token so a
failing deploy can be told apart from a failing credential. Exit codes:
0 valid, 2 malformed/unknown token or none set, 3 expired PAT or missing scope,
4 API unreachable, 1 any other API failure. The token itself is never printed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass

import click

from zonestack.gandi import (
    ForbiddenError,
    GandiError,
    LiveDNSClient,
    UnauthorizedError,
    UnreachableError,
)
from zonestack.gandi.client import TOKEN_ENV, MissingTokenError
from zonestack.gandi.errors import ROTATE_RUNBOOK

EXIT_VALID, EXIT_OTHER, EXIT_INVALID, EXIT_FORBIDDEN, EXIT_UNREACHABLE = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class TokenStatus:
    """The verdict: a short status word, one human line, the exit code."""

    status: str
    message: str
    exit_code: int
    url: str = ""
    domains: int | None = None


def check_token(base_url: str | None = None, timeout: float = 10.0) -> TokenStatus:
    """Classify the token in ``GANDI_PERSONAL_ACCESS_TOKEN`` with one API call."""
    try:
        client = LiveDNSClient(base_url, timeout=timeout)
    except MissingTokenError:
        return TokenStatus("missing", f"{TOKEN_ENV} is not set: export a Gandi personal access token "
                                      f"(see {ROTATE_RUNBOOK})", EXIT_INVALID)
    url = client.base_url
    try:
        with client:
            count = client.count_domains()
    except UnauthorizedError:
        return TokenStatus("invalid", f"token rejected by {url} (401): it is malformed or unknown to Gandi; "
                                      f"check {TOKEN_ENV}", EXIT_INVALID, url)
    except ForbiddenError:
        return TokenStatus("forbidden", f"token refused by {url} (403): expired PAT or missing scope — the usual "
                                        f"cause is an expired PAT; see {ROTATE_RUNBOOK}", EXIT_FORBIDDEN, url)
    except UnreachableError as exc:
        return TokenStatus("unreachable", str(exc), EXIT_UNREACHABLE, url)
    except GandiError as exc:
        return TokenStatus("error", str(exc), EXIT_OTHER, url)
    seen = f" ({count} LiveDNS domain(s) visible)" if count is not None else ""
    return TokenStatus("valid", f"token accepted by {url}{seen}", EXIT_VALID, url, count)


@click.group("token")
def command() -> None:
    """Inspect the Gandi personal access token (read from GANDI_PERSONAL_ACCESS_TOKEN)."""


@command.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds to wait for Gandi.")
def check(as_json: bool, timeout: float) -> None:
    """Check the token with one API call.

    Exit 0 valid, 2 malformed/unknown or unset, 3 expired or missing scope,
    4 Gandi unreachable, 1 other API error.
    """
    verdict = check_token(timeout=timeout)
    if as_json:
        click.echo(json.dumps(asdict(verdict), sort_keys=True))
    else:
        prefix = "ok" if verdict.exit_code == EXIT_VALID else "error"
        click.echo(f"{prefix}: {verdict.message}", err=verdict.exit_code != EXIT_VALID)
    sys.exit(verdict.exit_code)
