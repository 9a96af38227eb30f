"""The API's two error body shapes (spec §4.3), raised as ``ApiError``.

Shape A (``code``/``message``/``object``/``cause``) comes from the HTTP layer
and libdns keys its "not found" logic on the JSON ``code``; Shape B
(``status``/``errors``) comes from schema validation and has no ``code`` or
``message`` at all, which is why certbot prints "<No reason given>" for it.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error response: status, JSON body, and whether it is compact JSON."""

    def __init__(
        self,
        status: int,
        body: dict[str, Any],
        *,
        compact: bool = False,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.compact = compact
        self.headers = headers


def shape_a(status: int, message: str, obj: str, cause: str, **extra: Any) -> ApiError:
    """Shape A body with keys in the order production sends them."""
    body: dict[str, Any] = {"code": status, "message": message, "object": obj, "cause": cause}
    body.update(extra)
    return ApiError(status, body)


def not_found() -> ApiError:
    """Unknown domain or route object (§4.3)."""
    return shape_a(404, "The resource could not be found.", "HTTPNotFound", "Not Found")


def record_not_found(name: str, rtype: str) -> ApiError:
    """rrset absent on GET/DELETE by name+type (§4.3, TF#100)."""
    return shape_a(
        404, f"Can't find the DNS record {name}/{rtype} in the zone", "dns-record", "Not Found"
    )


def record_conflict() -> ApiError:
    """POST of an rrset that already exists (§4.3, TF#126)."""
    return shape_a(409, "This record already exists", "HTTPConflict", "Duplicate Entry")


def domain_conflict(fqdn: str) -> ApiError:
    """POST /domains for a zone already in LiveDNS (§6.2, legacy text)."""
    return shape_a(409, f"The domain {fqdn} already exists", "HTTPConflict", "Duplicate Entry")


def bad_request(message: str) -> ApiError:
    """Shape A 400, e.g. an absolute rrset_name outside the zone (§5.3)."""
    return shape_a(400, message, "HTTPBadRequest", "Bad Request")


def method_not_allowed() -> ApiError:
    """Known path, unsupported method."""
    return shape_a(
        405, "The method is not allowed for the requested URL.",
        "HTTPMethodNotAllowed", "Method Not Allowed",
    )


def too_many_requests(retry_after: int | None) -> ApiError:
    """Rate limit exceeded (§9; body and Retry-After are [U]); ``None``: no Retry-After header."""
    err = shape_a(429, "Too Many Requests", "HTTPTooManyRequests", "Too Many Requests")
    err.headers = (("Retry-After", str(retry_after)),) if retry_after is not None else ()
    return err


def internal_error() -> ApiError:
    """A bug in the emulator, reported in the API's own shape."""
    return shape_a(
        500, "The server encountered an internal error.", "HTTPInternalServerError",
        "Internal Server Error",
    )


def unauthorized() -> ApiError:
    """401 for missing, malformed or unknown credentials (§3.3, compact JSON)."""
    return ApiError(
        401,
        {
            "code": 401,
            "message": (
                "The server could not verify that you authorized to access the document"
                " you requested. Either you supplied the wrong credentials (e.g., bad api"
                " key), or your access token has expired"
            ),
            "object": "HTTPUnauthorized",
            "cause": "Unauthorized",
        },
        compact=True,
    )


def forbidden() -> ApiError:
    """403 for an expired PAT or a request outside its permissions (§3.3)."""
    return ApiError(
        403,
        {
            "code": 403,
            "message": "Access was denied to this resource.",
            "object": "HTTPForbidden",
            "cause": "Forbidden",
        },
        compact=True,
    )


def validation(*errors: tuple[str, str]) -> ApiError:
    """Shape B 400: one ``errors[]`` entry per (name, description)."""
    return ApiError(
        400,
        {
            "status": "error",
            "errors": [
                {"location": "body", "name": name, "description": description}
                for name, description in errors
            ],
        },
    )


def too_large(limit: int) -> ApiError:
    """413 for a request body over the server's cap (``Settings.max_body_bytes``)."""
    return shape_a(413, f"The request body is larger than {limit} bytes.", "HTTPRequestEntityTooLarge",
                   "Request Entity Too Large")


def request_timeout(seconds: float) -> ApiError:
    """408 for a request that did not arrive whole within ``Settings.socket_timeout``."""
    return shape_a(408, f"The request did not arrive within {seconds:g} seconds.", "HTTPRequestTimeout",
                   "Request Timeout")


def malformed(status: int, message: str) -> ApiError:
    """A request the HTTP layer cannot read (bad request line, Content-Length, chunking, headers)."""
    causes = {400: ("HTTPBadRequest", "Bad Request"), 414: ("HTTPRequestURITooLong", "Request-URI Too Long"),
              431: ("HTTPRequestHeaderFieldsTooLarge", "Request Header Fields Too Large"),
              501: ("HTTPNotImplemented", "Not Implemented"),
              505: ("HTTPVersionNotSupported", "HTTP Version Not Supported")}
    obj, cause = causes.get(status, ("HTTPBadRequest", "Bad Request"))
    return shape_a(status, message, obj, cause)
