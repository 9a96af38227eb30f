"""The emulator as a server, over real sockets on 127.0.0.1: bounded bodies, timeouts, malformed requests.

Each hostile or broken client gets a Shape A JSON error (or, idle, a closed
connection) and the server keeps answering everyone else.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from livedns_emulator import Emulator, Settings

from .conftest import PAT, ZONE

TIMEOUT = 0.5
"""The emulator's socket timeout in these tests (the default is 30 s)."""
GENEROUS = 60.0
"""How long the test itself waits for an answer: far more than TIMEOUT, so a busy machine cannot fail it."""
RECORDS = f"/v5/livedns/domains/{ZONE}/records"
AUTH = f"Authorization: Bearer {PAT}\r\n"


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[Emulator]:
    emulator = Emulator.start(tmp_path / "data", Settings(fsync=False, socket_timeout=TIMEOUT, max_body_bytes=1000))
    emulator.add_token(PAT, label="pat-main")
    emulator.create_zone(ZONE)
    yield emulator
    emulator.stop()


def _connect(emu: Emulator) -> socket.socket:
    sock = socket.create_connection((emu.host, emu.port), timeout=GENEROUS)
    return sock


def _read_to_close(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _parse(raw: bytes) -> tuple[int, dict[str, str], object]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    return int(lines[0].split()[1]), headers, json.loads(body) if body else None


def _exchange(emu: Emulator, data: bytes) -> tuple[int, dict[str, str], object]:
    with _connect(emu) as sock:
        sock.sendall(data)
        return _parse(_read_to_close(sock))


def _still_serving(emu: Emulator) -> None:
    answer = httpx.get(f"{emu.url}{RECORDS}", headers={"Authorization": f"Bearer {PAT}"}, timeout=GENEROUS)
    assert answer.status_code == 200


def _shape_a(status: int, headers: dict[str, str], body: object, code: int, message: str) -> None:
    assert status == code
    assert headers["content-type"] == "application/json" and headers["connection"] == "close"
    assert isinstance(body, dict) and body["code"] == code and body["message"] == message
    assert set(body) == {"code", "message", "object", "cause"}


def test_a_body_over_the_cap_is_413_before_it_is_read(emu: Emulator) -> None:
    head = f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n"
    _shape_a(*_exchange(emu, head.encode()), 413, "The request body is larger than 1000 bytes.")
    assert _parse(_exchange_raw(emu, head.encode()))[2]["object"] == "HTTPRequestEntityTooLarge"  # type: ignore[index]
    _still_serving(emu)


def _exchange_raw(emu: Emulator, data: bytes) -> bytes:
    with _connect(emu) as sock:
        sock.sendall(data)
        return _read_to_close(sock)


def test_a_chunked_body_over_the_cap_is_413(emu: Emulator) -> None:
    chunk = b"x" * 600
    data = (f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}Transfer-Encoding: chunked\r\n\r\n".encode()
            + b"258\r\n" + chunk + b"\r\n" + b"258\r\n" + chunk + b"\r\n0\r\n\r\n")
    _shape_a(*_exchange(emu, data), 413, "The request body is larger than 1000 bytes.")
    _still_serving(emu)


def test_a_body_within_the_cap_is_served(emu: Emulator) -> None:
    body = json.dumps({"rrset_name": "www", "rrset_type": "A", "rrset_values": ["192.0.2.1"]}).encode()
    head = f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\nConnection: close\r\n"
    status, _, answer = _parse(_exchange_raw(emu, f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body))
    assert (status, answer) == (201, {"message": "DNS Record Created"})


@pytest.mark.parametrize(("value", "message"), [
    ("abc", "Content-Length 'abc' is not a byte count."),
    ("-5", "Content-Length '-5' is not a byte count."),
    ("1e3", "Content-Length '1e3' is not a byte count."),
])
def test_a_bad_content_length_is_400(emu: Emulator, value: str, message: str) -> None:
    data = f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Length: {value}\r\n\r\n{{}}"
    _shape_a(*_exchange(emu, data.encode()), 400, message)
    _still_serving(emu)


def test_two_different_content_lengths_are_400(emu: Emulator) -> None:
    data = f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{{}}"
    _shape_a(*_exchange(emu, data.encode()), 400, "Content-Length is given twice with different values.")


def test_a_bad_chunk_size_is_400(emu: Emulator) -> None:
    data = f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}Transfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"
    _shape_a(*_exchange(emu, data.encode()), 400, "A chunk size is not hexadecimal.")


@pytest.mark.parametrize(("line", "code"), [
    ("NONSENSE", 400), ("GET /v5/livedns/domains HTTP/1.1 extra", 400), ("GET /v5/livedns/domains HTTP/x.y", 400),
    ("GET /v5/livedns/domains HTTP/2.0", 505), ("BREW /v5/livedns/domains HTTP/1.1", 501),
])
def test_a_bad_request_line_is_answered_in_the_api_shape(emu: Emulator, line: str, code: int) -> None:
    status, headers, body = _exchange(emu, f"{line}\r\nHost: x\r\n\r\n".encode())
    assert status == code and headers["content-type"] == "application/json"
    assert isinstance(body, dict) and body["code"] == code and set(body) == {"code", "message", "object", "cause"}
    _still_serving(emu)


def test_a_request_line_too_long_is_414(emu: Emulator) -> None:
    status, _, body = _exchange(emu, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n")
    assert status == 414 and isinstance(body, dict) and body["code"] == 414
    _still_serving(emu)


def test_bad_json_is_the_apis_400(emu: Emulator) -> None:
    body = b'{"rrset_name": "www", '
    data = (f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    status, _, answer = _parse(_exchange_raw(emu, data))
    assert status == 400
    assert answer == {"status": "error", "errors": [{"location": "body", "name": "body", "description": "Invalid JSON"}]}
    _still_serving(emu)


def test_an_idle_connection_is_closed(emu: Emulator) -> None:
    with _connect(emu) as sock:
        started = time.monotonic()
        assert sock.recv(1) == b""  # closed by the emulator, no answer (GENEROUS bounds the wait)
        assert time.monotonic() - started >= TIMEOUT * 0.9
    _still_serving(emu)


def test_an_idle_keep_alive_connection_is_closed_after_its_answer(emu: Emulator) -> None:
    with _connect(emu) as sock:
        sock.sendall(f"GET {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}\r\n".encode())
        raw = _read_to_close(sock)  # the answer, then the close once idle
    assert raw.startswith(b"HTTP/1.1 200 ")


def _trickle(sock: socket.socket, data: bytes, stop: threading.Event) -> None:
    for byte in data:
        if stop.wait(0.05):
            return
        try:
            sock.send(bytes([byte]))
        except OSError:
            return


def test_a_client_trickling_its_headers_gets_408(emu: Emulator) -> None:
    stop = threading.Event()
    with _connect(emu) as sock:
        sock.sendall(f"GET {RECORDS} HTTP/1.1\r\nHost: x\r\n".encode())
        sender = threading.Thread(target=_trickle, args=(sock, b"X-Slow: " + b"a" * 100000, stop), daemon=True)
        sender.start()
        try:
            raw = _read_to_close(sock)
        finally:
            stop.set()
            sender.join(GENEROUS)
    _shape_a(*_parse(raw), 408, f"The request did not arrive within {TIMEOUT:g} seconds.")
    _still_serving(emu)


def test_a_body_that_stops_short_gets_408(emu: Emulator) -> None:
    with _connect(emu) as sock:
        sock.sendall(f"POST {RECORDS} HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Length: 100\r\n\r\n{{\"rrset".encode())
        raw = _read_to_close(sock)
    _shape_a(*_parse(raw), 408, f"The request did not arrive within {TIMEOUT:g} seconds.")
    _still_serving(emu)


def test_many_idle_connections_do_not_stop_the_server(emu: Emulator) -> None:
    idle = [_connect(emu) for _ in range(50)]
    try:
        _still_serving(emu)
        for sock in idle:
            assert sock.recv(1) == b""
    finally:
        for sock in idle:
            sock.close()
    _still_serving(emu)


def test_the_defaults_bound_a_client() -> None:
    assert (Settings().socket_timeout, Settings().max_body_bytes) == (30.0, 8 * 1024 * 1024)
