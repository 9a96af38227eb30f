"""Request dispatch: rate limit, authentication, routing, error rendering, logging.

The order mirrors an API gateway in front of the application: the limiter first
(429), then credentials (401/403, before any 404 so an unauthenticated client
learns nothing), then the route (404/405), then the handler. Every LiveDNS
request is logged with the token's label; admin requests are not logged.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from livedns_emulator import admin
from livedns_emulator.auth import authenticate, digest
from livedns_emulator.context import Ctx
from livedns_emulator.errors import (
    ApiError,
    internal_error,
    method_not_allowed,
    not_found,
    too_many_requests,
)
from livedns_emulator.httpio import Request, Response, error_response
from livedns_emulator.ratelimit import RateLimiter
from livedns_emulator.requestlog import LoggedRequest, RequestLog
from livedns_emulator.routes import find
from livedns_emulator.settings import Settings
from livedns_emulator.store import Store


class App:
    """The emulator minus the socket: ``handle(Request) -> Response``."""

    def __init__(self, data_dir: Path, settings: Settings) -> None:
        self._settings = settings
        self._settings_lock = threading.Lock()
        self.store = Store(data_dir, fsync=settings.fsync)
        self.log = RequestLog()
        self.limiter = RateLimiter()
        self.on_request: Callable[[LoggedRequest], None] | None = None

    @property
    def settings(self) -> Settings:
        return self._settings

    def update_settings(self, **knobs: Any) -> Settings:
        """Swap in new settings; a changed rate limit starts a fresh window."""
        with self._settings_lock:
            new = self._settings.replace(**knobs)
            if new.rate_limit_per_minute != self._settings.rate_limit_per_minute:
                self.limiter.reset()
            self.store.set_fsync(new.fsync)
            self._settings = new
            return new

    def handle(self, request: Request) -> Response:
        if request.path == admin.PREFIX or request.path.startswith(admin.PREFIX + "/"):
            return admin.handle(self, request)
        settings = self._settings
        label: str | None = None
        try:
            response, label = self._dispatch(request, settings)
        except ApiError as exc:
            response = error_response(exc, content_type=settings.error_content_type,
                                      compact_auth=settings.compact_auth_errors)
            label = label or self._label(request)
        except Exception:  # an emulator bug: report it in the API's shape
            traceback.print_exc(file=sys.stderr)
            response = error_response(internal_error(), content_type=settings.error_content_type)
        entry = LoggedRequest(request.method, request.target, response.status, label)
        self.log.add(entry)
        if self.on_request is not None:
            self.on_request(entry)
        return response

    def _dispatch(self, request: Request, settings: Settings) -> tuple[Response, str | None]:
        limit = settings.rate_limit_per_minute
        if limit > 0 and settings.rate_limit_used_by_others:
            limit = max(1, limit - settings.rate_limit_used_by_others)  # the rest of the budget is taken
        wait = self.limiter.check(request.client_ip, limit)
        if wait is not None:
            raise too_many_requests(wait if settings.rate_limit_retry_after else None)
        found = find(request.path)
        principal = None
        if found is None or not found[0].public:
            with self.store.read() as state:
                principal = authenticate(request.header("authorization"), request.method, state,
                                         expired_status=settings.expired_token_status)
        if found is None:
            raise not_found()
        route, params = found
        handler = route.methods.get(request.method)
        if handler is None:
            raise method_not_allowed()
        ctx = Ctx(request, params, self.store, settings, principal)
        if principal is not None and "fqdn" in params:
            # §3.2/§3.3: a PAT restricted to other domains is refused by the auth layer, before
            # the body is read (a write probe with an invalid body still gets 403, not 400).
            principal.check_domain(ctx.fqdn)
        return handler(ctx), principal.label if principal else None

    def _label(self, request: Request) -> str | None:
        """The label of the presented token, if it is a known one (for the log)."""
        parts = (request.header("authorization") or "").split()
        if len(parts) != 2:
            return None
        with self.store.read() as state:
            record = state.tokens.get(digest(parts[1]))
        return record.label if record else None
