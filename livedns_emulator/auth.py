"""Credentials (spec §3): Bearer PATs and legacy Apikey keys.

A token is looked up by the SHA-256 of its secret, so neither the state file nor
the request log ever holds a usable credential; the log shows the token's label.
Unknown, missing or malformed credentials give the 401 body; a known credential
that is expired, lacks the write permission, or is used on a domain outside its
restriction gives 403 (the docs' rule; the status for expiry is a knob).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from livedns_emulator.errors import ApiError, forbidden, unauthorized
from livedns_emulator.model import State, TokenRecord

SCHEMES = {"bearer": "Bearer", "apikey": "Apikey"}
SCOPES = ("read", "write")
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def digest(token: str) -> str:
    """Hex SHA-256 of a token: the only form in which tokens are kept."""
    return hashlib.sha256(token.encode()).hexdigest()


def canonical_scheme(scheme: str) -> str:
    """``Bearer`` or ``Apikey`` for any capitalisation; ``ValueError`` otherwise."""
    try:
        return SCHEMES[scheme.lower()]
    except KeyError:
        raise ValueError(f"unknown auth scheme {scheme!r} (Bearer or Apikey)") from None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def make_token(
    token: str,
    *,
    scheme: str = "Bearer",
    expires_at: datetime | None = None,
    scopes: tuple[str, ...] = SCOPES,
    domains: tuple[str, ...] | None = None,
    org: str = "org-1",
    label: str | None = None,
) -> TokenRecord:
    """A ``TokenRecord`` for ``token``; the default label is scheme + digest prefix."""
    if not token or any(ch.isspace() for ch in token):
        raise ValueError("a token must be non-empty and contain no whitespace")
    bad = sorted(set(scopes) - set(SCOPES))
    if bad:
        raise ValueError(f"unknown scope(s) {bad}; use {SCOPES}")
    scheme = canonical_scheme(scheme)
    hashed = digest(token)
    return TokenRecord(
        digest=hashed,
        scheme=scheme,
        label=label or f"{scheme.lower()}-{hashed[:8]}",
        org=org,
        expires_at=None if expires_at is None else _utc(expires_at).isoformat(),
        scopes=tuple(scopes),
        domains=None if domains is None else tuple(d.lower().rstrip(".") for d in domains),
    )


@dataclass(frozen=True)
class Principal:
    """Who is calling, as far as the handlers need to know."""

    label: str
    org: str
    scopes: tuple[str, ...]
    domains: tuple[str, ...] | None

    def check_domain(self, fqdn: str) -> None:
        """403 if the token is restricted to other domains."""
        if self.domains is not None and fqdn not in self.domains:
            raise forbidden()

    def sees(self, fqdn: str, org: str) -> bool:
        """Whether a zone shows up in this principal's listings."""
        return org == self.org and (self.domains is None or fqdn in self.domains)


def authenticate(
    header: str | None,
    method: str,
    state: State,
    *,
    expired_status: int = 403,
    now: datetime | None = None,
) -> Principal:
    """Resolve an ``Authorization`` header to a ``Principal`` or raise 401/403."""
    parts = (header or "").split()
    if len(parts) != 2 or parts[0].lower() not in SCHEMES:
        raise unauthorized()
    record = state.tokens.get(digest(parts[1]))
    if record is None or record.scheme != SCHEMES[parts[0].lower()]:
        raise unauthorized()
    if record.expires_at is not None:
        moment = _utc(now or datetime.now(UTC))
        if datetime.fromisoformat(record.expires_at) <= moment:
            error = unauthorized() if expired_status == 401 else forbidden()
            raise ApiError(expired_status, error.body, compact=True)
    needed = "read" if method in READ_METHODS else "write"
    # "Manage technical configurations" implies "see" (§3.2): write covers read.
    if needed not in record.scopes and "write" not in record.scopes:
        raise forbidden()
    return Principal(record.label, record.org, record.scopes, record.domains)
