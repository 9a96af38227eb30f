"""Turn a failed cdktf/Terraform run into ONE line a person can act on.

Terraform's errors are long boxes; the provider's own are terse
(``StatusCode: 403 ; Err: 403: Access was denied...``). :func:`explain` looks
for the few failures that have a known cause and a known fix, and otherwise
falls back to the first ``Error:`` line Terraform printed. The input is the
runner's already-redacted output, so the line can never hold a token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

ROTATE_RUNBOOK = "runbooks/rotate-pat.md"


class FailureKind(str, Enum):
    PROVIDER_UNAVAILABLE = "provider-unavailable"
    UNREACHABLE = "unreachable"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate-limited"
    STATE_LOCKED = "state-locked"
    BACKEND = "backend"
    TIMEOUT = "timeout"
    OTHER = "other"


@dataclass(frozen=True)
class Failure:
    kind: FailureKind
    message: str

    def __str__(self) -> str:
        return self.message


_PROVIDER_UNAVAILABLE = re.compile(
    r"Failed to query available provider packages|Failed to install provider|"
    r"could not connect to registry\.|provider registry\.\S+/go-gandi/gandi was not found|"
    r"Inconsistent dependency lock file|required plugins are not installed|"
    r"Missing required provider"
)
_UNREACHABLE = re.compile(
    r"Fail to do the request \(error '(?P<detail>[^']*)'|connection refused|no such host|"
    r"i/o timeout|unsupported protocol scheme|context deadline exceeded|TLS handshake"
)
_STATUS = re.compile(r"StatusCode:\s*(?P<code>\d{3})\s*;\s*Err:\s*(?:\d{3}:\s*)?(?P<text>[^\n]*)")
#: Gandi's answer to creating a zone that exists (LIVEDNS_API.md §15, provider issue #126).
_DOMAIN_EXISTS = re.compile(r"\bdomain\b.*\balready exists", re.IGNORECASE)
_BACKEND = re.compile(r"Failed to get existing workspaces|Error loading state|Failed to load state|pq: ")
_PQ = re.compile(r"pq: [^\n]*")
_LOCKED = re.compile(r"Error acquiring the state lock|Error locking state")
_ERROR_LINE = re.compile(r"^\W*Error:\s*(?P<text>\S.*)$", re.MULTILINE)
_URL = re.compile(r'"(?P<url>https?://[^/"]+)')


def _api_host(output: str) -> str:
    found = _URL.search(output)
    return found.group("url") if found else "the API"


def classify(output: str, returncode: int = 1) -> Failure:
    """The one-line explanation of a failed run's ``output``."""
    if returncode == 124 and "timed out after" in output:
        return Failure(FailureKind.TIMEOUT, "deploy: timed out (" + output.strip().splitlines()[-1] + ")")
    if _PROVIDER_UNAVAILABLE.search(output):
        return Failure(
            FailureKind.PROVIDER_UNAVAILABLE,
            "deploy: provider go-gandi/gandi 2.3.0 is unavailable: run `pipenv run zonestack setup` "
            "(set ZONESTACK_PROVIDER_MIRROR to a mirror holding it, or give this machine access to the Terraform registry)",
        )
    status = _STATUS.search(output)
    if status:
        code = int(status.group("code"))
        if code == 401:
            return Failure(
                FailureKind.UNAUTHORIZED,
                "deploy: Gandi answered 401 Unauthorized: GANDI_PERSONAL_ACCESS_TOKEN is missing, malformed "
                "or unknown to Gandi (check the variable holds the whole PAT)",
            )
        if code == 403:
            return Failure(
                FailureKind.FORBIDDEN,
                "deploy: Gandi answered 403 Forbidden: the PAT has expired or lacks the permission/domain "
                f"for this zone; the usual cause is an expired PAT; see {ROTATE_RUNBOOK}",
            )
        if code == 409:
            if _DOMAIN_EXISTS.search(status.group("text")):
                return Failure(
                    FailureKind.CONFLICT,
                    "deploy: Gandi answered 409 Conflict: the zone already exists at Gandi (every domain "
                    "registered there has one) but not in the state; `zonestack deploy` adopts it (an import "
                    "in the plan)",
                )
            return Failure(
                FailureKind.CONFLICT,
                "deploy: Gandi answered 409 Conflict: a record set already exists at Gandi but not in the "
                "state; `zonestack deploy` adopts it (an import in the plan)",
            )
        if code == 429:
            return Failure(FailureKind.RATE_LIMITED, "deploy: Gandi answered 429 Too Many Requests: retry in a minute")
        return Failure(FailureKind.OTHER, f"deploy: Gandi answered {code}: {status.group('text').strip()}")
    if _LOCKED.search(output):
        return Failure(
            FailureKind.STATE_LOCKED,
            "deploy: the zone's state is locked by another run; wait for it to finish "
            "(or `terraform force-unlock` if that run died)",
        )
    if _BACKEND.search(output):
        pq = _PQ.search(output)
        return Failure(
            FailureKind.BACKEND,
            "deploy: the state backend failed (ZONESTACK_BACKEND/PG_CONN_STR): "
            + (pq.group(0).strip() if pq else _first_error(output)),
        )
    found = _UNREACHABLE.search(output)
    if found:
        detail = (found.group("detail") or found.group(0)).rsplit('": ', 1)[-1]
        return Failure(
            FailureKind.UNREACHABLE,
            f"deploy: the LiveDNS API at {_api_host(output)} is unreachable ({detail.strip()}); "
            "check GANDI_URL (unset means https://api.gandi.net) and the network",
        )
    return Failure(FailureKind.OTHER, f"deploy: failed with exit status {returncode}: {_first_error(output)}")


def _first_error(output: str) -> str:
    """Terraform's first ``Error:`` text, else the last non-blank line."""
    first = _ERROR_LINE.search(output)
    if first:
        return first.group("text").strip()
    tail = [line.strip() for line in output.strip().splitlines() if line.strip()]
    return tail[-1] if tail else "no output"
