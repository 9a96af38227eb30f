"""Turn a non-2xx LiveDNS response into the matching ``GandiError``.

The message names the method, the path (never the token) and the API's own
explanation: Shape A ``message`` or the Shape B ``errors[]`` descriptions.
"""

from __future__ import annotations

from typing import Any

import httpx

from zonestack.gandi.errors import (
    ROTATE_RUNBOOK,
    ConflictError,
    ForbiddenError,
    GandiError,
    NotFoundError,
    RateLimitedError,
    UnauthorizedError,
)

NOT_JSON = "not Gandi's JSON (a proxy or WAF in front of the API?)"


def describe_body(content_type: str, body: bytes) -> str:
    """What a non-JSON error body was, without quoting it (an HTML page may be long)."""
    kind = content_type.split(";")[0].strip() or "no content type"
    return f"{kind}, {len(body)} bytes" if body else "an empty body"


def not_json(response: httpx.Response) -> bool:
    """Whether an error answer came from something other than Gandi's API (HTML page, empty body),
    directly or as wrapped by the pacing proxy (``object: not-json``)."""
    try:
        body: Any = response.json()
    except ValueError:
        return True
    return not isinstance(body, dict) or body.get("object") == "not-json"


def api_detail(response: httpx.Response) -> str:
    """The API's explanation in one line, or what the body was if it is not Gandi's JSON."""
    try:
        body: Any = response.json()
    except ValueError:
        phrase = response.reason_phrase or f"HTTP {response.status_code}"
        shown = describe_body(response.headers.get("Content-Type", ""), response.content)
        return f"{phrase}: the answer was {shown}, {NOT_JSON}"
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, str) and message.strip():
            return " ".join(message.split())
        errors = body.get("errors")
        if isinstance(errors, list) and errors:
            parts = [f"{e.get('name', '?')}: {e.get('description', '')}" for e in errors if isinstance(e, dict)]
            return " ".join("; ".join(parts).split())
    return response.reason_phrase or f"HTTP {response.status_code}"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return float(value)
    except ValueError:
        return None


def error_for(response: httpx.Response, what: str) -> GandiError:
    """The exception for a failed call; ``what`` is e.g. ``GET /v5/livedns/domains/x``."""
    status = response.status_code
    url = str(response.request.url) if response.request is not None else ""
    detail = api_detail(response)
    if status == 401:
        return UnauthorizedError(
            f"{what}: 401 Unauthorized: the token is malformed or unknown to Gandi", status=status, url=url)
    if status == 403 and not_json(response):
        return ForbiddenError(f"{what}: 403 Forbidden from something in front of Gandi: {detail}; "
                              "check the network path to GANDI_URL", status=status, url=url)
    if status == 403:
        return ForbiddenError(
            f"{what}: 403 Forbidden: expired PAT or missing scope — the usual cause is an expired PAT;"
            f" see {ROTATE_RUNBOOK}", status=status, url=url)
    if status == 404:
        return NotFoundError(f"{what}: 404 Not Found: {detail}", status=status, url=url)
    if status == 409:
        return ConflictError(f"{what}: 409 Conflict: {detail}", status=status, url=url)
    if status == 429:
        wait = _retry_after(response)
        hint = f"; retry after {wait:g}s" if wait is not None else ""
        return RateLimitedError(f"{what}: 429 Too Many Requests: Gandi's rate limit was hit{hint}",
                                url=url, retry_after=wait)
    return GandiError(f"{what}: {status}: {detail}", status=status, url=url)
