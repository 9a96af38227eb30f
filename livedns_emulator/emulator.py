"""``Emulator``: the emulator in a background thread, with a Python set-up API.

Tests start one per data directory, point clients at ``emu.url`` and arrange
state with ``add_token``/``register_domain``/``create_zone``/``put_rrset``;
``serve_forever`` is the same thing in the foreground for the CLI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from livedns_emulator import control
from livedns_emulator.app import App
from livedns_emulator.dns_bridge import DnsBridge
from livedns_emulator.requestlog import LoggedRequest
from livedns_emulator.server import EmulatorServer
from livedns_emulator.settings import Settings


class Emulator:
    """A running emulator; create with ``Emulator.start``."""

    def __init__(self, app: App, server: EmulatorServer) -> None:
        self.app = app
        self._server = server
        self._thread: threading.Thread | None = None
        self.dns: DnsBridge | None = None
        host, port = server.server_address[:2]
        self.host, self.port = str(host), int(port)

    @classmethod
    def start(cls, data_dir: Path, settings: Settings = Settings(), host: str = "127.0.0.1",
              port: int = 0) -> Emulator:
        """Serve on ``host:port`` (0 = any free port) in a daemon thread."""
        app = App(Path(data_dir), settings)
        emu = cls(app, EmulatorServer((host, port), app))
        emu._thread = threading.Thread(target=emu._server.serve_forever,
                                       kwargs={"poll_interval": 0.01},
                                       name=f"livedns-emulator:{emu.port}", daemon=True)
        emu._thread.start()
        return emu

    @property
    def url(self) -> str:
        """What ``GANDI_URL`` is set to; clients append ``/v5/livedns/...``."""
        return f"http://{self.host}:{self.port}"

    def start_dns(self, port: int = 0) -> DnsBridge:
        """Serve the zones over DNS with Knot (see ``dns_bridge``); stopped with the emulator.

        ``port``: the LiveDNS server's UDP/TCP port on 127.0.0.1 (0: a free one).
        Raises ``KnotUnavailable`` when Knot DNS is not installed or does not start.
        """
        if self.dns is None:
            self.dns = DnsBridge.start(self.app.store, port=port, settings=lambda: self.app.settings)
        return self.dns

    @property
    def settings(self) -> Settings:
        return self.app.settings

    def add_token(self, token: str, *, scheme: str = "Bearer", expires_at: datetime | None = None,
                  scopes: Sequence[str] = ("read", "write"), domains: tuple[str, ...] | None = None,
                  org: str = "org-1", label: str | None = None) -> None:
        """Register a credential (only its SHA-256 is stored)."""
        control.add_token(self.app.store, token, scheme=scheme, expires_at=expires_at,
                          scopes=scopes, domains=domains, org=org, label=label)

    def register_domain(self, fqdn: str, *, org: str = "org-1") -> None:
        control.register_domain(self.app.store, fqdn, org=org)

    def create_zone(self, fqdn: str, seed_defaults: bool = False, *, org: str = "org-1",
                    automatic_snapshots: bool | None = None) -> None:
        control.create_zone(self.app.store, self.app.settings, fqdn, seed_defaults=seed_defaults,
                            org=org, automatic_snapshots=automatic_snapshots)

    def put_rrset(self, fqdn: str, name: str, type: str, values: Sequence[str],  # noqa: A002
                  ttl: int = 10800) -> None:
        control.put_rrset(self.app.store, self.app.settings, fqdn, name, type, values, ttl)

    def rrsets(self, fqdn: str) -> list[dict[str, Any]]:
        return control.rrsets(self.app.store, fqdn)

    @property
    def requests(self) -> list[LoggedRequest]:
        """(method, path, status, token_label) per API request, oldest first."""
        return self.app.log.entries()

    def clear_requests(self) -> None:
        self.app.log.clear()

    def update_settings(self, **knobs: Any) -> Settings:
        return self.app.update_settings(**knobs)

    def stop(self) -> None:
        """Stop serving and close the socket (state is already on disk); stop DNS if started."""
        if self.dns is not None:
            self.dns.stop()
            self.dns = None
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_forever(data_dir: Path, settings: Settings = Settings(), host: str = "127.0.0.1",
                  port: int = 8080, *, tokens: Iterable[tuple[str, str]] = (),
                  on_ready: Callable[[Emulator], None] | None = None,
                  on_request: Callable[[LoggedRequest], None] | None = None) -> None:
    """Serve in the foreground until interrupted.

    ``tokens`` are ``(scheme, token)`` pairs registered before serving;
    ``on_ready`` runs once listening (the CLI prints the URL there).
    """
    app = App(Path(data_dir), settings)
    app.on_request = on_request
    for scheme, token in tokens:
        control.add_token(app.store, token, scheme=scheme)
    server = EmulatorServer((host, port), app)
    emu = Emulator(app, server)
    if on_ready is not None:
        on_ready(emu)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if emu.dns is not None:
            emu.dns.stop()
