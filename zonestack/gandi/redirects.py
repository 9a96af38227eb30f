"""Redirects from the API: followed only back to the same origin, never elsewhere.

A 3xx from Gandi (or from something in front of it) pointing at another origin would carry
the PAT there in the ``Authorization`` header (go-gandi follows redirects and keeps headers).
Both the API client and the pacing proxy follow a redirect only to the origin it came from
(scheme, host and port equal, RFC 6454), at most :data:`MAX_REDIRECTS` times, and only when
the method survives the redirect unchanged (307/308, or 301/302/303 on GET/HEAD).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` with the scheme's default port filled in."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return (parts.scheme.lower(), (parts.hostname or "").lower(), port)


def shown(url: str) -> str:
    """A URL as it may be printed: origin and path only (no query, no user info)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


@dataclass(frozen=True)
class Redirect:
    """Where a 3xx points and whether it may be followed."""

    status: int
    target: str
    same_origin: bool
    follow: bool

    def refusal(self, what: str) -> str:
        """One line explaining why the redirect is not followed."""
        where = shown(self.target) if self.target else "nowhere (no Location header)"
        why = ("another origin: the PAT is never sent there" if not self.same_origin and self.target
               else "not followed")
        return (f"{what}: Gandi answered {self.status} redirecting to {where} ({why}); "
                "check GANDI_URL (it should be https://api.gandi.net)")


def judge(status: int, location: str | None, request_url: str, method: str, hops: int) -> Redirect:
    """Decide about a 3xx answer to ``method request_url`` after ``hops`` redirects already."""
    target = urljoin(request_url, location) if location else ""
    same = bool(target) and origin(target) == origin(request_url)
    method_kept = status in (307, 308) or method in ("GET", "HEAD")
    return Redirect(status, target, same, same and method_kept and hops < MAX_REDIRECTS)
