"""A fault-injecting HTTP proxy on 127.0.0.1 in front of the emulator (tests and bench only).

Real networks lose answers: the API applies a write and the response never
arrives (5xx from a gateway, a dropped connection), or the read-back after a
write is rate-limited (429) or fails (502). :class:`FaultProxy` forwards every
request to an upstream (the emulator) and applies the first matching
:class:`Fault` rule:

* ``when="before"``: answer ``status`` without forwarding (nothing applied);
* ``when="after"``: forward (the upstream applies it), then answer ``status``;
* ``when="drop"``: forward, then close the connection without any answer;
* ``when="pass"``: forward and answer normally (with ``delay`` or ``hook``, to
  stretch a run or change the zone at a chosen moment).

``delay`` (seconds) and ``hook`` (called with method and path) run before any
of these, so a test can act exactly when a run reaches a given request.

Rules match a method and a regular expression on the path (query excluded),
let the first ``skip`` matching requests through, then fire ``times`` times. Point ``GANDI_URL`` at
:attr:`FaultProxy.url`.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal
from urllib.parse import urlsplit

When = Literal["before", "after", "drop", "pass"]

_REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout"}


@dataclass
class Fault:
    """One rule: ``method`` (or ``*``) and ``path`` (a regex searched in the path) → a fault."""

    method: str
    path: str
    when: When = "before"
    status: int = 502
    times: int = 1
    skip: int = 0
    delay: float = 0.0
    hook: Callable[[str, str], object] | None = None
    fired: int = field(default=0, compare=False)
    seen: int = field(default=0, compare=False)

    def matches(self, method: str, path: str) -> bool:
        """Whether this request fires the rule (the first ``skip`` matching requests pass untouched)."""
        if self.fired >= self.times or self.method not in ("*", method) or re.search(self.path, path) is None:
            return False
        self.seen += 1
        return self.seen > self.skip


class FaultProxy:
    """A running proxy; ``add``/``clear`` rules while it runs; ``stop`` when done."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream_host, self.upstream_port = parts.hostname or "127.0.0.1", parts.port or 80
        self.faults: list[Fault] = []
        self.fired: list[tuple[str, str, str, int]] = []
        """(method, path, when, status) of every fault that fired, oldest first."""
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="fault-proxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def take(self, method: str, path: str) -> Fault | None:
        """The rule firing for this request (counted as fired), if any."""
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.fired += 1
                    self.fired.append((method, path, fault.when, fault.status))
                    return fault
        return None

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], proxy: FaultProxy) -> None:
        super().__init__(address, _Handler)
        self.proxy = proxy


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes (as the emulator)
    server: _Server

    def _serve(self) -> None:
        proxy = self.server.proxy
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        fault = proxy.take(self.command, urlsplit(self.path).path)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.hook is not None:
            fault.hook(self.command, self.path)
        if fault is not None and fault.when == "pass":
            fault = None
        if fault is not None and fault.when == "before":
            self._answer(fault.status, {"code": fault.status, "message": _REASONS.get(fault.status, "Error"),
                                        "object": "HTTPError", "cause": "injected fault"})
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=30)
        try:
            conn.request(self.command, self.path, body=body or None, headers=headers)
            upstream = conn.getresponse()
            payload = upstream.read()
            status, reply_headers = upstream.status, upstream.getheaders()
        finally:
            conn.close()
        if fault is not None and fault.when == "drop":
            self.close_connection = True
            return
        if fault is not None:
            self._answer(fault.status, {"code": fault.status, "message": _REASONS.get(fault.status, "Error"),
                                        "object": "HTTPError", "cause": "injected fault"})
            return
        self.send_response(status)
        for name, value in reply_headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    def _answer(self, status: int, document: dict[str, object]) -> None:
        payload = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if status == 429:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silent: the emulator's request log is the record."""
