"""A scripted HTTP server on 127.0.0.1: answers from a list, records what it was sent.

Stands in for "Gandi behind something odd" (a WAF's HTML 403, a redirect, a 503 with
``Retry-After``) where the emulator is faithful to Gandi and cannot misbehave.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DROP = 0
"""A ``Reply`` status: close the connection after reading the request, without answering."""


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Scripted:
    """Answers ``replies`` in order (the last one repeats); ``seen`` lists the requests."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.seen: list[Seen] = []
        script = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                script.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body))
                reply = script.replies.pop(0) if len(script.replies) > 1 else script.replies[0]
                if reply.status == DROP:  # the request was read (and may have been acted on); no answer
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value.replace("{self}", script.url))
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


@contextmanager
def scripted(*replies: Reply) -> Iterator[Scripted]:
    server = Scripted(list(replies))
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


JSON = {"Content-Type": "application/json"}
HTML_403 = Reply(403, b"<html><body><h1>403 Forbidden</h1>Request blocked by the firewall</body></html>",
                 {"Content-Type": "text/html"})
