"""A local pacing proxy between Terraform's provider and the Gandi API.

go-gandi v0.7.0 (the provider's client) cannot be changed: it never retries a 429, follows
redirects with the ``Authorization`` header, and fails on non-JSON error bodies ("Response body
is not json", provider issue #165). The deploy therefore starts :class:`PacingProxy` on
127.0.0.1 and points the provider's ``GANDI_URL`` at it. For every request it:

* waits for a slot of the shared :class:`~zonestack.gandi.pacing.Pacer` (under Gandi's 1,000/min);
* retries 429/502/503 after ``Retry-After`` (bounded tries and waits; a 429 pauses everyone)
  and reports each wait through ``notify``;
* follows a redirect only back to the API's own origin; any other redirect is answered with
  421 and a JSON message, so the PAT is never sent elsewhere;
* hands error answers to the provider as Gandi's JSON shape with ``Content-Type:
  application/json`` exactly (spec §4.1), wrapping an HTML or empty body in one line that says so;
* rewrites ``Link``/``Location`` headers that point at the API so pagination stays on the proxy.

It keeps no credential: the ``Authorization`` header passes through, and nothing is logged.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from zonestack.gandi import pacing, redirects
from zonestack.gandi.responses import NOT_JSON, describe_body

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
                        "trailers", "transfer-encoding", "upgrade", "host", "content-length",
                        "content-encoding", "accept-encoding", "date", "server"})
PROVIDER_TIMEOUT = 5.0
"""go-gandi's whole-request timeout (``config.Timeout``); provider v2.3.0 has no setting for it."""
HOLD = 3.5
"""Longest the proxy keeps a provider request waiting (pacing and retries), under PROVIDER_TIMEOUT."""
REFUSED_STATUS = 421
"""Misdirected Request: what the provider gets instead of a redirect to another origin."""
UNREACHABLE_STATUS = 502
MARK_HEADER = "X-Zonestack-Proxy"
"""Set on answers the proxy makes itself (``unreachable``): not Gandi's, never retried by the client."""


def error_body(status: int, message: str, object_: str = "zonestack-proxy") -> bytes:
    """An error in Gandi's Shape A (code, message, object, cause), which go-gandi reports as
    ``StatusCode: N ; Err: N: message``."""
    cause = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return json.dumps({"code": status, "message": message, "object": object_, "cause": cause}).encode()


def _json_error(body: bytes) -> bool:
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict)


class PacingProxy:
    """The running proxy; use :func:`pacing_proxy` (a context manager) to start and stop it."""

    def __init__(self, upstream: str, *, pacer: pacing.Pacer | None = None,
                 notify: Callable[[str], None] | None = None, timeout: float = PROVIDER_TIMEOUT,
                 progress_every: float = 30.0, hold: float = HOLD) -> None:
        self.upstream = upstream.rstrip("/")
        self.hold = hold
        self.pacer = pacer or pacing.Pacer(pacing.rate_from_env())
        self.notify = notify or (lambda line: None)
        self.progress_every = progress_every
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="zonestack-pacing-proxy", daemon=True)
        self._last_progress = time.monotonic()
        self._count_lock = threading.Lock()
        self.forwarded = 0
        self.retried = 0
        self._slowed = False
        self._probe = 0.0

    @property
    def url(self) -> str:
        """What the provider's ``GANDI_URL`` is set to."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> PacingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._http.close()

    # -- forwarding --------------------------------------------------------

    def forward(self, method: str, path: str, headers: dict[str, str],
                body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        """Send one request upstream (paced, retried, redirects judged); the answer to give back."""
        url = self.upstream + path
        what = f"{method} {path.split('?', 1)[0]}"
        attempt, hops = 1, 0
        started = time.monotonic()
        while True:
            if not self._pace(started):
                return self._too_busy(what)
            try:
                response = self._http.request(method, url, headers=headers, content=body or None)
            except httpx.HTTPError as exc:
                reason = " ".join(str(exc).split()) or type(exc).__name__
                message = f"cannot reach the Gandi API at {self.upstream} ({reason})"
                return UNREACHABLE_STATUS, [("Content-Type", "application/json"), (MARK_HEADER, "unreachable")], \
                    error_body(UNREACHABLE_STATUS, message, "unreachable")
            status = response.status_code
            if status in redirects.REDIRECT_STATUSES:
                verdict = redirects.judge(status, response.headers.get("Location"), url, method, hops)
                if not verdict.follow:
                    self.notify(f"refused: {verdict.refusal(what)}")
                    return REFUSED_STATUS, [("Content-Type", "application/json")], error_body(
                        REFUSED_STATUS, verdict.refusal(what), "redirect-refused")
                url, hops = verdict.target, hops + 1
                if status == 303:
                    method, body = "GET", b""
                continue
            if status == 429:
                self._refused()
            elif status < 400:
                self._probe = 0.0
                self.pacer.succeeded()
            remaining = self.hold - (time.monotonic() - started)
            delay = pacing.retry_delay(status, response.headers, attempt, 0.0, budget=remaining)
            if delay is None:
                if status == 429:
                    self.pacer.pause(pacing.retry_after(response.headers) or self._next_probe())
                return self._answer(response)
            self.notify(pacing.describe_wait(status, delay, attempt, what))
            with self._count_lock:
                self.retried += 1
            if status == 429:
                self.pacer.pause(delay)
            else:
                time.sleep(delay)
            attempt += 1

    def _refused(self) -> None:
        """Gandi said 429: the pacer lowers its rate to the budget it measured; say so once per decrease."""
        if self.pacer.refused():
            self.notify(f"Gandi refused {self.pacer.refusals} request(s) so far: pacing at "
                        f"{self.pacer.per_minute}/min (other tools may share the budget)")

    def _next_probe(self) -> float:
        """A 429 without ``Retry-After``: pause 1, 2, 4 … 30 s between probes until one goes through."""
        with self._count_lock:
            self._probe = min(30.0, max(1.0, self._probe * 2))
            return self._probe

    def _pace(self, started: float) -> bool:
        """Wait for a slot unless that would outlast :attr:`hold`; say so every ``progress_every``
        seconds of being slowed down. False: no slot in time."""
        slept = self.pacer.reserve()
        if slept > self.hold - (time.monotonic() - started):
            return False
        if slept > 0:
            time.sleep(slept)
        with self._count_lock:
            self.forwarded += 1
            now = time.monotonic()
            self._slowed = self._slowed or slept > 0
            due = self._slowed and now - self._last_progress >= self.progress_every
            if due:
                self._last_progress, self._slowed = now, False
        if due:
            self.notify(f"{self.forwarded} request(s) to Gandi so far, paced at {self.pacer.per_minute}/min")
        return True

    def _too_busy(self, what: str) -> tuple[int, list[tuple[str, str]], bytes]:
        """A 429 of our own: the pace (or Gandi's Retry-After) leaves no slot before the provider gives up.
        Its ``Retry-After`` is the pause left (at least 1 s), so zonestack's own client waits just that."""
        message = (f"{what}: no request slot within {self.hold:g}s at {self.pacer.per_minute}/min "
                   "(Gandi asked to wait, or the pace is too low for the provider's parallelism)")
        wait = max(1, math.ceil(self.pacer.paused_for()))
        return 429, [("Content-Type", "application/json"), ("Retry-After", str(wait))], error_body(429, message)

    def _answer(self, response: httpx.Response) -> tuple[int, list[tuple[str, str]], bytes]:
        status, body = response.status_code, response.content
        headers = [(k, self._local(v) if k.lower() in ("link", "location") else v)
                   for k, v in response.headers.multi_items() if k.lower() not in HOP_BY_HOP]
        if status >= 400:
            ctype = response.headers.get("Content-Type", "")
            headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
            headers.append(("Content-Type", "application/json"))
            if not (ctype.startswith("application/json") and _json_error(body)):
                phrase = response.reason_phrase or f"HTTP {status}"
                body = error_body(status, f"{phrase}: the answer was {describe_body(ctype, body)}, {NOT_JSON}",
                                  "not-json")
        return status, headers, body

    def _local(self, value: str) -> str:
        return value.replace(self.upstream, self.url)

    # -- HTTP server -------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                status, out_headers, payload = proxy.forward(self.command, self.path, headers, body)
                self.send_response(status)
                for key, value in out_headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Silent: request lines could carry names a log should not hold."""

        return Handler


@contextmanager
def pacing_proxy(upstream: str, *, notify: Callable[[str], None] | None = None,
                 pacer: pacing.Pacer | None = None) -> Iterator[PacingProxy]:
    """Run a :class:`PacingProxy` in a background thread for the duration of the block."""
    proxy = PacingProxy(upstream, pacer=pacer, notify=notify).start()
    try:
        yield proxy
    finally:
        proxy.stop()
