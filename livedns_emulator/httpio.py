"""Framework-free request/response values passed between server and handlers.

Keeping these independent of ``http.server`` lets the dispatcher and handlers
be plain functions, and centralises the response conventions of §4.1: errors
carry *exactly* the configured error Content-Type (go-gandi breaks otherwise),
204 has neither body nor Content-Type, and every other 2xx has a JSON body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from livedns_emulator.errors import ApiError, validation
from livedns_emulator.query import Query


@dataclass
class Request:
    """An incoming request; ``headers`` keys are lower-case."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    base_url: str
    client_ip: str

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> Query:
        return Query(self.target.split("?", 1)[1] if "?" in self.target else "")

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    def media_type(self) -> str:
        """The Content-Type without parameters, lower-case ("" when absent)."""
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def wants_text(self) -> bool:
        """``Accept: text/plain`` selects the zone-file representation."""
        accept = (self.header("accept") or "").lower()
        return "text/plain" in accept and "application/json" not in accept

    def json(self) -> Any:
        """Decoded JSON body; an empty body is ``{}`` (go-gandi's bodiless POSTs)."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise validation(("body", "Invalid JSON")) from None


@dataclass
class Response:
    """An outgoing response; ``body`` is already encoded."""

    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def json_response(status: int, data: Any, *, content_type: str,
                  headers: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()) -> Response:
    """A 2xx JSON response (spaced JSON, like production)."""
    return Response(status, json.dumps(data).encode(),
                    [("Content-Type", content_type), *headers])


def text_response(text: str) -> Response:
    """A zone-file representation."""
    return Response(200, text.encode(), [("Content-Type", "text/plain; charset=utf-8")])


def no_content() -> Response:
    """204: no body, no Content-Type (§4.1)."""
    return Response(204)


def error_response(error: ApiError, *, content_type: str, compact_auth: bool = True) -> Response:
    """An error with the exact configured Content-Type and the right JSON spacing."""
    separators = (",", ":") if error.compact and compact_auth else None
    body = json.dumps(error.body, separators=separators).encode()
    return Response(error.status, body, [("Content-Type", content_type), *error.headers])
