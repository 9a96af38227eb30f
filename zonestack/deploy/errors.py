"""Turn a failed cdktf/Terraform run into ONE line a person can act on.

Terraform's errors are long boxes; the provider's own are terse
(``StatusCode: 403 ; Err: 403: Access was denied...``). :func:`classify` looks
for the few failures that have a known cause and a known fix, and otherwise
falls back to the first ``Error:`` line Terraform printed. It first drops
Terraform's own log lines (``TF_LOG``) and cdktf's stack-name prefixes (the
stack name is the zone, and goes into the line). The input is the runner's
already-redacted output, so the line can never hold a token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from zonestack.gandi.errors import GandiError, RedirectError, UnreachableError
from zonestack.toolchain.provider import MIRROR_ENV

ROTATE_RUNBOOK = "runbooks/rotate-pat.md"


class FailureKind(str, Enum):
    PROVIDER_UNAVAILABLE = "provider-unavailable"
    UNREACHABLE = "unreachable"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate-limited"
    REDIRECT = "redirect"
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
    r"i/o timeout|unsupported protocol scheme|context deadline exceeded|TLS handshake|"
    r"cannot reach the Gandi API at \S+ \((?P<proxied>[^)]*)\)"
)
_STATUS = re.compile(r"StatusCode:\s*(?P<code>\d{3})\s*;\s*Err:\s*(?:\d{3}:\s*)?(?P<text>[^\n]*)")
#: Gandi's answer to creating a zone that exists (docs/gandi-livedns.md §2, provider issue #126).
_DOMAIN_EXISTS = re.compile(r"\bdomain\b.*\balready exists", re.IGNORECASE)
_NOT_JSON = re.compile(r"Response body is not json for status (?P<code>\d{3})")
_BACKEND = re.compile(r"Failed to get existing workspaces|Error loading state|Failed to load state|pq: ")
_PQ = re.compile(r"pq: [^\n]*")
_LOCKED = re.compile(r"Error acquiring the state lock|Error locking state")
_ERROR_LINE = re.compile(r"^\W*Error:\s*(?P<text>\S.*)$", re.MULTILINE)
_URL = re.compile(r'"(?P<url>https?://[^/"]+)')
_TF_LOG_LINE = re.compile(r"^\S*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*\s+\[(?:TRACE|DEBUG|INFO|WARN|ERROR)\]")
"""A line of Terraform's own log (``TF_LOG``): never the cause, and may quote harmless 404s."""
_CDKTF_PREFIX = re.compile(r"^(?P<stack>[a-z0-9][a-z0-9.-]*\.[a-z0-9-]+)\s{2,}(?P<rest>.*)$")
"""cdktf prefixes each line of a stack's Terraform output with the stack (zone) name."""
_WITH = re.compile(r"with (?P<address>gandi_livedns_(?:record|domain)\.[A-Za-z0-9_-]+)")
NOT_JSON_HINT = "proxy or WAF"
REDIRECT_STATUS = 421


def clean_output(output: str) -> tuple[str, str | None]:
    """``output`` without TF_LOG lines and without cdktf's stack-name prefixes; the stack if seen."""
    kept: list[str] = []
    stack: str | None = None
    for line in output.splitlines():
        if _TF_LOG_LINE.match(line.strip()):
            continue
        prefixed = _CDKTF_PREFIX.match(line)
        if prefixed:
            stack = stack or prefixed.group("stack")
            line = prefixed.group("rest")
        kept.append(line)
    return "\n".join(kept), stack


def _api_host(output: str) -> str:
    found = _URL.search(output)
    return found.group("url") if found else "the API"


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic of Terraform's ``-json`` UI: severity, summary, detail, resource address."""

    severity: str
    summary: str
    detail: str = ""
    address: str = ""


def explain(diagnostics: list[Diagnostic], output: str = "", returncode: int = 1) -> Failure:
    """The one line for a failed ``-json`` run: from its error diagnostics (summary, detail and the
    resource address Terraform names), else from its output as :func:`classify` reads it."""
    errors = [d for d in diagnostics if d.severity == "error"]
    if not errors:
        return classify(output, returncode)
    first = errors[0]
    text = "\n".join(f"Error: {d.summary}\n{d.detail}" for d in errors)
    return _classify(text, returncode, f" ({first.address})" if first.address else "")


def classify(output: str, returncode: int = 1) -> Failure:
    """The one-line explanation of a failed run's ``output`` (cdktf- or TF_LOG-mixed alike)."""
    text, stack = clean_output(output)
    failure = _classify(text, returncode)
    if stack:
        failure = Failure(failure.kind, failure.message.replace("<zone>", stack))
    if stack and f" {stack}" not in failure.message:
        return Failure(failure.kind, failure.message.replace("deploy: ", f"deploy: {stack}: ", 1))
    return failure


PROVIDER_HELP = (
    "provider go-gandi/gandi 2.3.0 is unavailable: put a mirror holding it in ~/.terraform.d/plugins (or another "
    f"of Terraform's implied mirror directories, which set-up finds by itself), or set {MIRROR_ENV} to one, "
    "or give this machine access to the Terraform registry; then run `pipenv run zonestack setup`"
)
"""One line: every way set-up can get the provider (:mod:`zonestack.toolchain.mirrors`)."""


def _where(text: str) -> str:
    """`` (resource address)`` of the failing record set or zone, when Terraform named it."""
    found = _WITH.search(text)
    return f" ({found.group('address')})" if found else ""


def _classify(output: str, returncode: int, where: str | None = None) -> Failure:
    if returncode == 124 and "timed out after" in output:
        return Failure(FailureKind.TIMEOUT, "deploy: timed out (" + output.strip().splitlines()[-1] + ")")
    if _PROVIDER_UNAVAILABLE.search(output):
        return Failure(
            FailureKind.PROVIDER_UNAVAILABLE,
            f"deploy: {PROVIDER_HELP}",
        )
    status = _STATUS.search(output)
    not_json = _NOT_JSON.search(output)
    if status or not_json:
        code = int((status or not_json).group("code"))  # type: ignore[union-attr]
        detail = status.group("text").strip() if status else "the answer was not JSON"
        return _status_failure(code, detail, output, from_waf=bool(not_json) or NOT_JSON_HINT in detail,
                               where=where)
    if _LOCKED.search(output):
        return Failure(
            FailureKind.STATE_LOCKED,
            "deploy: the zone's state is locked by another run; wait for it to finish "
            "(or `terraform force-unlock` if that run died; see runbooks/state-recovery.md)",
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
        detail = (found.group("detail") or found.group("proxied") or found.group(0)).rsplit('": ', 1)[-1]
        return _unreachable(_api_host(output), detail)
    return Failure(FailureKind.OTHER, f"deploy: failed with exit status {returncode}: {_first_error(output)}")


def _unreachable(url: str, detail: str) -> Failure:
    return Failure(
        FailureKind.UNREACHABLE,
        f"deploy: the LiveDNS API at {url} is unreachable ({detail.strip()}); "
        "check GANDI_URL (unset means https://api.gandi.net) and the network",
    )


_NO_SLOT = re.compile(r"no request slot within (?P<hold>\S+) at (?P<pace>\d+/min)")
"""The pacing proxy's own 429 (``PacingProxy._too_busy``): not Gandi's refusal."""
_PROXIED_UNREACHABLE = re.compile(r"cannot reach the Gandi API at (?P<url>\S+) \((?P<reason>.*)\)")


def failure_for(exc: GandiError) -> Failure:
    """The same one line :func:`classify` gives, for an error of zonestack's own API client
    (e.g. the cheap plan's listing), so a deploy reads alike whichever side met the failure."""
    text = str(exc)
    if isinstance(exc, UnreachableError):
        found = _PROXIED_UNREACHABLE.search(text)
        return _unreachable(found.group("url") if found else exc.url or "the API",
                            found.group("reason") if found else text)
    if isinstance(exc, RedirectError):
        return Failure(FailureKind.REDIRECT, f"deploy: {text}")
    if exc.status is not None:
        detail = text.split(f": {exc.status}", 1)[-1].lstrip(": ") or text
        return _status_failure(exc.status, detail, "", from_waf="in front of Gandi" in text)
    return Failure(FailureKind.OTHER, f"deploy: {text}")


def _status_failure(code: int, detail: str, output: str, *, from_waf: bool, where: str | None = None) -> Failure:
    where = _where(output) if where is None else where
    if code == 401:
        return Failure(
            FailureKind.UNAUTHORIZED,
            "deploy: Gandi answered 401 Unauthorized: GANDI_PERSONAL_ACCESS_TOKEN is missing, malformed "
            "or unknown to Gandi (check the variable holds the whole PAT)",
        )
    if code == 403 and from_waf:
        return Failure(
            FailureKind.FORBIDDEN,
            f"deploy: 403 Forbidden{where} from something in front of Gandi (an HTML page, not the API's "
            "JSON: a proxy or WAF?); check the network path to GANDI_URL, the PAT is probably not the cause",
        )
    if code == 403:
        return Failure(
            FailureKind.FORBIDDEN,
            f"deploy: Gandi answered 403 Forbidden{where}: the PAT has expired or lacks the permission/domain "
            "for this zone; the usual cause is an expired PAT; "
            f"see {ROTATE_RUNBOOK} (`zonestack token check` tells which)",
        )
    if code == 409 and _DOMAIN_EXISTS.search(detail):
        return Failure(
            FailureKind.CONFLICT,
            f"deploy: Gandi answered 409 Conflict{where}: the zone already exists at Gandi (every domain "
            "registered there has one) but not in the state; `zonestack deploy` adopts it (an import in the plan); "
            f"for plain cdktf run `zonestack adopt --zone <zone>` once first",
        )
    if code == 409:
        return Failure(
            FailureKind.CONFLICT,
            f"deploy: Gandi answered 409 Conflict{where}: a record set already exists at Gandi but not in the "
            "state; `zonestack deploy` adopts it (an import in the plan); for plain cdktf run "
            f"`zonestack adopt --zone <zone>` once first",
        )
    if code == 404 and "gandi_livedns_domain" in where:
        return Failure(
            FailureKind.OTHER,
            f"deploy: Gandi answered 404 creating the zone{where}: the domain is not registered at Gandi in this "
            "PAT's organisation (or the PAT cannot see it); register or transfer it there first "
            "(docs/gandi-livedns.md §2); nothing else was applied",
        )
    slot = _NO_SLOT.search(detail) if code == 429 else None
    if slot:
        return Failure(FailureKind.RATE_LIMITED,
                       f"deploy: zonestack's pacing proxy had no request slot for the provider{where} within "
                       f"{slot.group('hold')} (go-gandi gives a request 5 s in all) at {slot.group('pace')}, the pace "
                       "left after Gandi refused requests (its budget is shared): retry in a minute, or lower "
                       "ZONESTACK_RATE_LIMIT")
    if code == 429:
        return Failure(FailureKind.RATE_LIMITED,
                       f"deploy: Gandi answered 429 Too Many Requests{where} after every retry: lower "
                       "ZONESTACK_RATE_LIMIT (requests per minute) or retry in a minute")
    if code == REDIRECT_STATUS and "redirect" in detail:
        return Failure(FailureKind.REDIRECT, f"deploy: {detail}")
    proxied = _PROXIED_UNREACHABLE.search(detail) if code == 502 else None
    if proxied:
        return _unreachable(proxied.group("url"), proxied.group("reason"))
    if code >= 500:
        return Failure(FailureKind.OTHER, f"deploy: Gandi answered {code}{where}: {detail} (a failure on "
                                          "Gandi's side or in front of it; retry later)")
    return Failure(FailureKind.OTHER, f"deploy: Gandi answered {code}{where}: {detail}")


def _first_error(output: str) -> str:
    """Terraform's first ``Error:`` text, else the last non-blank line."""
    first = _ERROR_LINE.search(output)
    if first:
        return first.group("text").strip()
    tail = [line.strip() for line in output.strip().splitlines() if line.strip()]
    return tail[-1] if tail else "no output"
