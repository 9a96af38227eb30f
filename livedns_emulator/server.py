"""The socket side: a stdlib ``ThreadingHTTPServer`` translating to ``App``.

HTTP/1.1 with keep-alive (httpx and Go pool connections), ``Content-Length``
on every response, chunked request bodies understood. The base URL for hrefs
comes from the ``Host`` header the client sent, so every URL the emulator hands
out points back at the address the client actually used.

As a server it bounds what one client can hold (``Settings.max_body_bytes``,
``Settings.socket_timeout``):

* a body over the cap is refused with 413 before it is read (chunked bodies as
  they arrive), and the connection is closed;
* a connection gets ``socket_timeout`` seconds from the start of each request
  (idle keep-alive time included) until its line, headers and body are in: an
  idle one is closed silently, a slow one gets 408 and is closed (a watchdog
  shuts the socket's read side, so a client trickling one byte at a time is cut
  off too); a write to a client that does not read times out after twice that;
* a request the HTTP layer cannot read (bad request line, bad or negative
  ``Content-Length``, bad chunking, oversized headers) gets 400 (414/431/505 where
  HTTP says so) and the connection is closed; a bad JSON body is the API's own 400.

Every such answer is a JSON error body in the API's Shape A with the configured
error Content-Type, like every other error; a client going away is not logged,
and nothing takes the server down.
"""

from __future__ import annotations

import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from livedns_emulator.app import App
from livedns_emulator.errors import ApiError, malformed, request_timeout, too_large
from livedns_emulator.httpio import Request, error_response

_MAX_LINE = 65536


class EmulatorServer(ThreadingHTTPServer):
    """A threading server carrying the ``App`` its handlers dispatch to."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: App) -> None:
        super().__init__(address, _Handler)
        self.app = app

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away is nothing to report; anything else is one line, not a traceback."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            print(f"livedns-emulator: a request from {client_address} failed: {exc!r}", file=sys.stderr)


class _Unreadable(Exception):
    """The request cannot be read; ``error`` is the answer, then the connection closes."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.body)
        self.error = error


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes
    server: EmulatorServer

    def setup(self) -> None:
        self.deadline = self.server.app.settings.socket_timeout
        # Set on the socket by StreamRequestHandler: bounds each write to a client that does not read.
        # Twice the deadline, so that reads always meet the watchdog first (408, not a silent close).
        self.timeout = 2 * self.deadline  # type: ignore[misc]  # StreamRequestHandler reads it per instance
        super().setup()
        self._watchdog: threading.Timer | None = None
        self._timed_out = False

    # -- the request-read deadline ----------------------------------------------

    def _arm(self) -> None:
        self._timed_out = False
        self._watchdog = threading.Timer(self.deadline, self._expire)
        self._watchdog.daemon = True
        self._watchdog.start()

    def _disarm(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None

    def _expire(self) -> None:
        """The request did not arrive in time: reads see the end of the stream from now on."""
        self._timed_out = True
        try:
            self.connection.shutdown(socket.SHUT_RD)
        except OSError:
            pass

    def handle_one_request(self) -> None:
        """``BaseHTTPRequestHandler.handle_one_request`` with the read deadline and JSON errors."""
        self._arm()
        try:
            self.raw_requestline = self.rfile.readline(_MAX_LINE + 1)
            if self._timed_out:
                self._give_up_late(started=bool(self.raw_requestline))
                return
            if len(self.raw_requestline) > _MAX_LINE:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414, "The request line is too long.")
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            if self._timed_out:  # the headers stopped short
                self._give_up_late(started=True)
                return
            method = getattr(self, f"do_{self.command}", None)
            if method is None:
                self.send_error(501, f"Unsupported method ({self.command!r}).")
                return
            method()
            self.wfile.flush()
        except TimeoutError:  # a read or write outlasted the socket timeout
            self.close_connection = True
        finally:
            self._disarm()

    def _give_up_late(self, *, started: bool) -> None:
        self.close_connection = True
        if started:
            self._send_error(request_timeout(self.deadline))

    # -- errors in the API's shape ------------------------------------------------

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What ``http.server`` answers a malformed request with, as a Shape A JSON error."""
        self.close_connection = True
        if self._timed_out:
            self._send_error(request_timeout(self.deadline))
            return
        text = message or "The request could not be read."
        self._send_error(malformed(int(code), text if text.endswith(".") else text + "."))

    def _send_error(self, error: ApiError) -> None:
        settings = self.server.app.settings
        response = error_response(error, content_type=settings.error_content_type)
        self.close_connection = True
        if getattr(self, "request_version", "") in ("", "HTTP/0.9"):  # the line was unreadable: answer in 1.1
            self.request_version = self.protocol_version
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(response.body)
        except OSError:
            pass

    # -- bodies ---------------------------------------------------------------------

    def _read_body(self) -> bytes:
        limit = self.server.app.settings.max_body_bytes
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked(limit)
        raw = self.headers.get_all("Content-Length") or []
        if len(set(raw)) > 1:
            raise _Unreadable(malformed(400, "Content-Length is given twice with different values."))
        text = raw[0].strip() if raw else "0"
        if not text.isdigit():
            raise _Unreadable(malformed(400, f"Content-Length {text[:40]!r} is not a byte count."))
        length = int(text)
        if length > limit:
            raise _Unreadable(too_large(limit))
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            raise _Unreadable(request_timeout(self.deadline) if self._timed_out else
                              malformed(400, f"The body ended after {len(body)} of {length} bytes."))
        return body

    def _read_chunked(self, limit: int) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            size_text = line.split(b";")[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _Unreadable(request_timeout(self.deadline) if self._timed_out else
                                  malformed(400, "A chunk size is not hexadecimal.")) from None
            if size < 0:
                raise _Unreadable(malformed(400, "A chunk size is negative."))
            total += size
            if total > limit:
                raise _Unreadable(too_large(limit))
            if size == 0:
                while self.rfile.readline(_MAX_LINE + 1).strip():  # trailers
                    pass
                return b"".join(chunks)
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                raise _Unreadable(request_timeout(self.deadline) if self._timed_out else
                                  malformed(400, "The body ended inside a chunk."))
            chunks.append(chunk)
            self.rfile.readline()

    # -- requests ---------------------------------------------------------------------

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _Unreadable as exc:
            self._send_error(exc.error)
            return
        self._disarm()  # in whole: handling and answering are not the client's time
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        request = Request(
            method=self.command,
            target=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            base_url=f"http://{host}",
            client_ip=self.client_address[0],
        )
        response = self.server.app.handle(request)
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if response.body and self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silent: the App's request log (labels, never tokens) is the record."""
