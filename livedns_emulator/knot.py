"""A Knot DNS authoritative server on 127.0.0.1, run as a child process we own.

Why Knot DNS (Debian package ``knot``) rather than NSD or BIND 9: it is
authoritative-only like LiveDNS; ``knotc -b zone-reload`` reloads one zone
from its file *synchronously* (the command returns once the new zone is
served, or says why the zone failed to load) in a few milliseconds; its
configuration (zones, listen address, control socket, storage) fits in one
small file that a non-root user can run from any directory; and it runs in the
foreground with a PID we keep. NSD needs its TLS control keys set up for
``nsd-control`` and reloads asynchronously; BIND needs ``rndc`` keys and far
more configuration for the same job.

Each server gets a private work directory (config, zone files, control socket,
log, LMDB storage) and a free UDP+TCP port. It is stopped by the PID we
started, never by name; every wait here is bounded.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from livedns_emulator.persistence import atomic_write

DEBIAN_PACKAGE = "knot"
SEARCH_DIRS = ("/usr/sbin", "/usr/local/sbin", "/sbin")
START_TIMEOUT = 10.0
"""Seconds to wait for ``knotd`` to answer on its control socket."""
COMMAND_TIMEOUT = 10.0


class KnotUnavailable(RuntimeError):
    """``knotd``/``knotc`` are missing (and could not be installed) or the server failed."""


@dataclass(frozen=True)
class KnotBinaries:
    """The daemon and its control tool."""

    knotd: Path
    knotc: Path


def find_knot(env: Mapping[str, str] | None = None) -> KnotBinaries | None:
    """``knotd`` and ``knotc`` from PATH or Debian's ``/usr/sbin``; None if absent."""
    environ = os.environ if env is None else env
    search = os.pathsep.join([environ.get("PATH", os.defpath), *SEARCH_DIRS])
    found = {name: shutil.which(name, path=search) for name in ("knotd", "knotc")}
    if not all(found.values()):
        return None
    return KnotBinaries(Path(str(found["knotd"])), Path(str(found["knotc"])))


def ensure_knot() -> KnotBinaries:
    """The binaries, or KnotUnavailable saying how to get them (the dev set-up installs them)."""
    found = find_knot()
    if found:
        return found
    raise KnotUnavailable(
        "Knot DNS (knotd, knotc) not found on PATH nor in /usr/sbin: run `python -m devkit.tools` "
        f"(part of `make setup`) as root, or install Debian's '{DEBIAN_PACKAGE}' package"
    )


def free_port() -> int:
    """A loopback port free for both UDP and TCP right now (the caller retries on a race)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = int(tcp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise KnotUnavailable("no free loopback port for UDP and TCP")


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM it when the process that started it dies
    (Linux ``PR_SET_PDEATHSIG``), so a killed emulator leaves no ``knotd`` behind."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class KnotServer:
    """One ``knotd`` serving the zone files in ``workdir/zones`` on ``127.0.0.1:port``.

    ``set_zone(name, text)`` writes a zone and makes the server answer it before
    returning (a new zone reloads the configuration, a known one reloads just
    that zone); ``remove_zone`` drops it. Zone names are absolute without the
    trailing dot (``example.com``). Load failures raise KnotUnavailable with
    Knot's message; the previous version of the zone stays served.
    """

    def __init__(self, workdir: Path, binaries: KnotBinaries, port: int, process: subprocess.Popen[bytes],
                 zones: set[str]) -> None:
        self.workdir = workdir
        self.binaries = binaries
        self.port = port
        self.host = "127.0.0.1"
        self._process = process
        self._zones = zones

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def address(self) -> str:
        """``127.0.0.1:PORT``, the form ``zonestack verify --nameserver`` takes."""
        return f"{self.host}:{self.port}"

    @property
    def zones(self) -> frozenset[str]:
        return frozenset(self._zones)

    @classmethod
    def start(cls, workdir: Path, zones: Mapping[str, str] | None = None,
              binaries: KnotBinaries | None = None, port: int = 0) -> KnotServer:
        """Write ``zones`` (name → zone-file text) and the config, start ``knotd``, wait until served."""
        bins = binaries or ensure_knot()
        workdir = Path(workdir).resolve()
        (workdir / "zones").mkdir(parents=True, exist_ok=True)
        for name, text in (zones or {}).items():
            _write(workdir / "zones" / f"{name}.zone", text)
        names = set(zones or {})
        last_error = ""
        for _attempt in range(3):
            chosen = port or free_port()
            _write_config(workdir, chosen, names)
            log = (workdir / "knotd.out").open("ab")
            process = subprocess.Popen([str(bins.knotd), "-c", str(workdir / "knot.conf")],
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True, preexec_fn=_die_with_parent)
            log.close()
            server = cls(workdir, bins, chosen, process, names)
            try:
                server._wait_ready()
                return server
            except KnotUnavailable as exc:
                last_error = str(exc)
                server.stop()
                if port:
                    break
        raise KnotUnavailable(last_error)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise KnotUnavailable(f"knotd exited with {self._process.returncode}: {self._log_tail()}")
            done = self._knotc("status", check=False, timeout=2)
            if done.returncode == 0:
                return
            time.sleep(0.02)
        raise KnotUnavailable(f"knotd did not answer on its control socket within {START_TIMEOUT:g}s: "
                              f"{self._log_tail()}")

    def _log_tail(self) -> str:
        text = ""
        for name in ("knotd.out", "knot.log"):
            path = self.workdir / name
            if path.is_file():
                text += path.read_text(errors="replace")
        lines = [line for line in text.strip().splitlines() if "error" in line or "critical" in line]
        return " | ".join((lines or text.strip().splitlines() or ["(no log)"])[-3:])

    def _knotc(self, *args: str, check: bool = True, timeout: float = COMMAND_TIMEOUT
               ) -> subprocess.CompletedProcess[str]:
        command = [str(self.binaries.knotc), "-s", str(self.workdir / "knot.sock"), "-t", "5", *args]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise KnotUnavailable(f"`knotc {' '.join(args)}` did not finish within {timeout:g}s") from None
        if check and done.returncode != 0:
            reason = " ".join((done.stdout + done.stderr).split())
            raise KnotUnavailable(f"`knotc {' '.join(args)}` failed: {reason}; {self._log_tail()}")
        return done

    def set_zone(self, name: str, text: str) -> None:
        """Serve ``text`` as zone ``name``; returns once Knot answers the new version."""
        _write(self.workdir / "zones" / f"{name}.zone", text)
        if name in self._zones:
            self._knotc("-b", "zone-reload", name)
            return
        self._zones.add(name)
        _write_config(self.workdir, self.port, self._zones)
        self._knotc("reload")
        self._knotc("-b", "zone-reload", name)

    def remove_zone(self, name: str) -> None:
        """Stop serving zone ``name`` (its file is removed)."""
        if name not in self._zones:
            return
        self._zones.discard(name)
        _write_config(self.workdir, self.port, self._zones)
        self._knotc("reload")
        (self.workdir / "zones" / f"{name}.zone").unlink(missing_ok=True)

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM the ``knotd`` we started (by PID), SIGKILL after ``timeout`` seconds."""
        if self._process.poll() is not None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=timeout)


def _write_config(workdir: Path, port: int, zones: set[str]) -> None:
    """``knot.conf``: loopback listener, files in ``workdir``, zones served as their files say.

    ``zonefile-load: whole`` + ``journal-content: none``: the file is the whole
    truth on every reload; ``zonefile-sync: -1``: Knot never writes it back.

    DNSSEC: a zone file the emulator signed (``signing``) is served as it is:
    ``dnssec-signing: off`` (Knot's default, stated) so Knot neither signs nor
    re-signs it, and Knot adds the file's RRSIGs, and the NSEC records proving a
    denial, to answers of queries with the DO bit (RFC 4035 §3.1). Knot rejects a
    pre-signed zone only on its mandatory checks (SOA at the apex, CNAME beside
    other data except RRSIG/NSEC, DNAME rules), which apply whatever the
    setting; ``semantic-checks: off`` skips the extra ones, which only log and,
    for a signed zone, re-validate every signature at each reload (the tests
    validate with dnspython instead).
    """
    lines = [
        "server:",
        f"    rundir: {_quote(str(workdir))}",
        f"    pidfile: {_quote(str(workdir / 'knot.pid'))}",
        f"    listen: 127.0.0.1@{port}",
        "    udp-workers: 2",
        "    tcp-workers: 2",
        "    background-workers: 1",
        "log:",
        f"  - target: {_quote(str(workdir / 'knot.log'))}",
        "    any: info",
        "database:",
        f"    storage: {_quote(str(workdir / 'db'))}",
        "control:",
        f"    listen: {_quote(str(workdir / 'knot.sock'))}",
        "template:",
        "  - id: default",
        f"    storage: {_quote(str(workdir / 'zones'))}",
        '    file: "%s.zone"',
        "    zonefile-sync: -1",
        "    zonefile-load: whole",
        "    journal-content: none",
        "    semantic-checks: off",
        "    dnssec-signing: off",
    ]
    if zones:
        lines.append("zone:")
        lines.extend(f"  - domain: {_quote(name + '.')}" for name in sorted(zones))
    _write(workdir / "knot.conf", "\n".join(lines) + "\n")


def _write(path: Path, text: str) -> None:
    """Atomic replace without fsync: these files are rebuilt from the emulator's state."""
    atomic_write(path, text.encode(), fsync=False)
