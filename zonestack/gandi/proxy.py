"""A local pacing proxy between Terraform's provider and the Gandi API.

go-gandi v0.7.0 (the provider's client) cannot be changed: it never retries a 429, follows
redirects with the ``Authorization`` header, and fails on non-JSON error bodies ("Response body
is not json", provider issue #165). The deploy therefore starts :class:`PacingProxy` on
127.0.0.1 and points the provider's ``GANDI_URL`` at it. For every request it:

* waits for a slot of the shared :class:`~zonestack.gandi.pacing.Pacer` (under Gandi's 1,000/min);
* retries only what is safe to retry (:mod:`~zonestack.gandi.retry_safety`): anything after a
  429/503 (not applied), only an idempotent request after a 502/504 or a connection lost after
  sending; a record-set POST whose answer was lost is read back, and answered 201 if the set is
  there exactly as posted (no retry into ``409 This record already exists``); waits follow
  ``Retry-After`` (bounded tries and waits; a 429 pauses everyone), each reported through ``notify``;
* never prints a traceback: a provider that gave up (its 5 s timeout) or a malformed request is one
  ``notify`` line;
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
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from zonestack.gandi import pacing, redirects, retry_safety
from zonestack.gandi.client import shared_ssl_context
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


Answer = tuple[int, list[tuple[str, str]], bytes]
"""What the proxy gives back: status, headers, body."""


def _reason(exc: BaseException) -> str:
    """An exception in one line (httpx's messages may span lines)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def error_body(status: int, message: str, object_: str = "zonestack-proxy") -> bytes:
    """An error in Gandi's Shape A (code, message, object, cause), which go-gandi reports as
    ``StatusCode: N ; Err: N: message``."""
    cause = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return json.dumps({"code": status, "message": message, "object": object_, "cause": cause}).encode()


def _gist(response: httpx.Response) -> str:
    """An error answer in a few words: Gandi's ``message``, else what the body was."""
    try:
        message = json.loads(response.content).get("message")
    except (ValueError, AttributeError):
        message = None
    if isinstance(message, str) and message:
        return " ".join(message.split())[:200]
    return describe_body(response.headers.get("Content-Type", ""), response.content)


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
        self._http = httpx.Client(timeout=timeout, follow_redirects=False, verify=shared_ssl_context())
        self._server = _Server(lambda line: self.notify(line), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="zonestack-pacing-proxy", daemon=True)
        self._last_progress = time.monotonic()
        self._count_lock = threading.Lock()
        self.forwarded = 0
        self.retried = 0
        self.abandoned = 0
        """Answers the provider gave up waiting for (its 5 s deadline; the request may have landed)."""
        self.turned_away = 0
        """Requests the proxy answered 429 itself: no slot before the provider's deadline."""
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

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes,
                started: float | None = None) -> Answer:
        """Send one request upstream (paced, retried when safe, redirects judged); the answer to give back.

        Which failures are sent again is :mod:`~zonestack.gandi.retry_safety`'s rule; a
        record-set POST whose answer was lost is read back first. ``started`` (monotonic
        seconds) is when the provider's request arrived: everything, read-backs included,
        fits in :attr:`hold` from then.
        """
        url = self.upstream + path
        what = f"{method} {path.split('?', 1)[0]}"
        attempt, hops, lost = 1, 0, False
        started = time.monotonic() if started is None else started
        while True:
            if not self._pace(started):
                return self._too_busy(what)
            response: httpx.Response | None
            try:
                response = self._http.request(method, url, headers=headers, content=body or None)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:  # nothing was sent
                return self._unreachable(exc)
            except httpx.HTTPError as exc:  # sent: the API may have acted, the answer is lost
                response, reason = None, _reason(exc)
            status = None if response is None else response.status_code
            if response is not None and status in redirects.REDIRECT_STATUSES:
                redirect = redirects.judge(status, response.headers.get("Location"), url, method, hops)
                if not redirect.follow:
                    self.notify(f"refused: {redirect.refusal(what)}")
                    return REFUSED_STATUS, [("Content-Type", "application/json")], error_body(
                        REFUSED_STATUS, redirect.refusal(what), "redirect-refused")
                url, hops = redirect.target, hops + 1
                if status == 303:
                    method, body = "GET", b""
                continue
            if status == 429:
                self._refused()
            elif status is not None and status < 400:
                self._probe = 0.0
                self.pacer.succeeded()
            if lost and retry_safety.delete_landed(method, status):
                self.notify(f"{what}: the answer to an earlier try was lost and the record set is gone now: "
                            "answered 204 (the DELETE landed)")
                return 204, [], b""
            verdict = retry_safety.after_failure(method, path, body, status)
            if verdict is retry_safety.Verdict.READ_BACK:
                posted = retry_safety.record_post(method, path, body)
                assert posted is not None
                found = self._read_back(posted, headers, started)
                if isinstance(found, tuple):
                    self.notify(f"{what}: the answer was lost after the API applied it (read back: the record set "
                                "is there exactly as posted): answered 201")
                    return found
                if found != "absent":
                    return self._pass(what, response, status, reason if response is None else "",
                                      f"; read back: {found}, so it is not sent again")
                self.notify(f"{what}: the answer was lost and the record set is absent (the POST did not land): "
                            f"sending it again ({attempt}/{pacing.MAX_ATTEMPTS - 1})")
                lost, attempt = True, attempt + 1
                if attempt > pacing.MAX_ATTEMPTS:
                    return self._pass(what, response, status, reason if response is None else "")
                continue
            remaining = self.hold - (time.monotonic() - started)
            delay = (pacing.backoff_delay({} if response is None else response.headers, attempt, 0.0,
                                          budget=remaining)
                     if verdict is retry_safety.Verdict.RETRY else None)
            if delay is None:
                unsafe = verdict is retry_safety.Verdict.PASS and (status is None or status in retry_safety.ANSWER_LOST)
                return self._pass(what, response, status, reason if response is None else "",
                                  "; the request may have been applied, so it is not sent again" if unsafe else "")
            self.notify(pacing.describe_wait(status, delay, attempt, what))
            with self._count_lock:
                self.retried += 1
            if status == 429:
                self.pacer.pause(delay)
            else:
                time.sleep(delay)
            lost = lost or status is None or status in retry_safety.ANSWER_LOST
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

    def _read_back(self, posted: retry_safety.RecordPost, headers: dict[str, str],
                   started: float) -> Answer | str:
        """After a record-set POST's answer was lost: the answer the API would have given if the set is
        there exactly as posted, ``"absent"`` if it is not there, else what was found (one phrase)."""
        asked = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        status, _, payload = self.forward("GET", posted.read_back_path, asked, b"", started)
        if status == 404:
            return "absent"
        if status != 200:
            return f"the read-back answered {status}"
        try:
            live = json.loads(payload)
        except ValueError:
            return "the read-back was not JSON"
        if not isinstance(live, dict) or not retry_safety.landed_as_posted(posted, live):
            return "the record set differs from what was posted"
        out: list[tuple[str, str]] = [("Content-Type", "application/json")]
        if isinstance(live.get("rrset_href"), str):
            out.append(("Location", self._local(live["rrset_href"])))
        return 201, out, json.dumps(retry_safety.CREATED).encode()

    def _pass(self, what: str, response: httpx.Response | None, status: int | None, reason: str,
              why: str = "") -> Answer:
        """Give a failure to the provider: the API's answer, or a 502 of ours for an answer that never came."""
        if response is not None:
            if status == 429:
                self.pacer.pause(pacing.retry_after(response.headers) or self._next_probe())
            if not why:
                return self._answer(response)
            message = f"{what}: Gandi answered {status} ({_gist(response)}){why}"
            return status or 502, [("Content-Type", "application/json")], error_body(status or 502, message,
                                                                                   "answer-lost")
        message = f"{what}: the connection to the Gandi API at {self.upstream} broke before the answer ({reason}){why}"
        return UNREACHABLE_STATUS, [("Content-Type", "application/json"), (MARK_HEADER, "answer-lost")], \
            error_body(UNREACHABLE_STATUS, message, "answer-lost")

    def _unreachable(self, exc: httpx.HTTPError) -> Answer:
        message = f"cannot reach the Gandi API at {self.upstream} ({_reason(exc)})"
        return UNREACHABLE_STATUS, [("Content-Type", "application/json"), (MARK_HEADER, "unreachable")], \
            error_body(UNREACHABLE_STATUS, message, "unreachable")

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

    def _too_busy(self, what: str) -> Answer:
        """A 429 of our own: the pace (or Gandi's Retry-After) leaves no slot before the provider gives up.
        Its ``Retry-After`` is the pause left (at least 1 s), so zonestack's own client waits just that."""
        message = (f"{what}: no request slot within {self.hold:g}s at {self.pacer.per_minute}/min "
                   "(Gandi asked to wait, or the pace is too low for the provider's parallelism)")
        wait = max(1, math.ceil(self.pacer.paused_for()))
        with self._count_lock:
            self.turned_away += 1
        return 429, [("Content-Type", "application/json"), ("Retry-After", str(wait))], error_body(429, message)

    def _answer(self, response: httpx.Response) -> Answer:
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
            disable_nagle_algorithm = True
            """TCP_NODELAY: the headers and the body are two writes; with Nagle the body waits for the
            client's delayed ACK of the headers (about 40 ms on Linux), on every provider request."""

            def _handle(self) -> None:
                what = f"{self.command} {self.path.split('?', 1)[0]}"
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                    if length < 0:
                        raise ValueError(length)
                except ValueError:
                    self.close_connection = True
                    self._send(400, [("Content-Type", "application/json")],
                               error_body(400, f"{what}: Content-Length is not a byte count", "bad-request"))
                    return
                try:
                    body = self.rfile.read(length) if length else b""
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                    try:
                        answer = proxy.forward(self.command, self.path, headers, body)
                    except Exception as exc:  # noqa: BLE001 - one line for the provider and the log, never a traceback
                        proxy.notify(f"proxy: {what} failed: {_reason(exc)}")
                        answer = (UNREACHABLE_STATUS, [("Content-Type", "application/json")],
                                  error_body(UNREACHABLE_STATUS, f"{what}: the proxy failed ({_reason(exc)})"))
                    self._send(*answer)
                except OSError as exc:  # the provider gave up (its 5 s timeout) or closed the connection
                    self.close_connection = True
                    with proxy._count_lock:
                        proxy.abandoned += 1
                    proxy.notify(f"proxy: the provider closed its connection before the answer to {what} "
                                 f"({_reason(exc)})")

            def _send(self, status: int, out_headers: list[tuple[str, str]], payload: bytes) -> None:
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


class _Server(ThreadingHTTPServer):
    """The proxy's listener: a failure outside a request (a client resetting the connection
    mid-request line) is one line through ``notify``, never socketserver's traceback."""

    daemon_threads = True

    def __init__(self, notify: Callable[[str], None], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.notify = notify

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            return  # a connection reset or timeout of the provider's: nothing to report
        self.notify(f"proxy: a request failed: {_reason(exc) if exc else 'unknown error'}")


@contextmanager
def pacing_proxy(upstream: str, *, notify: Callable[[str], None] | None = None,
                 pacer: pacing.Pacer | None = None) -> Iterator[PacingProxy]:
    """Run a :class:`PacingProxy` in a background thread for the duration of the block."""
    proxy = PacingProxy(upstream, pacer=pacer, notify=notify).start()
    try:
        yield proxy
    finally:
        proxy.stop()
