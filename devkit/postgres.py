"""PostgreSQL server binaries, and a throwaway cluster for tests of the ``pg`` backend.

Terraform's ``pg`` state backend (used for shared, locked state) needs a real
PostgreSQL server; tests that exercise it start their own on loopback rather than
touching any shared database. This module finds the server binaries (PATH, then
Debian's versioned ``/usr/lib/postgresql/*/bin``), installs Debian's ``postgresql``
package when they are missing and we may (root with apt), and runs a cluster that
lives and dies inside a temp directory.

``initdb`` and ``postgres`` refuse to run as root, and sessions/CI here run as root,
so the cluster is owned by and run as an unprivileged user (``postgres`` if it
exists, else ``nobody``) through ``setpriv``/``runuser``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from zonestack.toolchain.gomodule import Progress

SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
DEBIAN_LIB_ROOT = Path("/usr/lib/postgresql")
DEBIAN_PACKAGE = "postgresql"
SUPERUSER = "postgres"
"""The cluster's superuser role (``initdb -U``), whatever OS user runs it."""

_SOCKET_PATH_MAX = 100
"""Unix socket paths are limited to ~107 bytes; ``<dir>/.s.PGSQL.NNNNN`` must fit."""


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing (and could not be installed) or the cluster failed."""


@dataclass(frozen=True)
class PostgresBinaries:
    """The three server executables a throwaway cluster needs."""

    initdb: Path
    pg_ctl: Path
    postgres: Path

    @property
    def bindir(self) -> Path:
        return self.initdb.resolve().parent


def _version_key(bindir: Path) -> tuple[int, str]:
    """Sort ``/usr/lib/postgresql/15/bin`` by its major version, newest first."""
    name = bindir.parent.name
    return (int(name) if name.isdigit() else -1, name)


def find_postgres(env: Mapping[str, str] | None = None, lib_root: Path = DEBIAN_LIB_ROOT) -> PostgresBinaries | None:
    """All three binaries from PATH, else from the newest ``lib_root/*/bin``; None if absent.

    Debian installs the server outside PATH (only client wrappers are in /usr/bin),
    which is why the versioned directories are searched too.
    """
    environ = os.environ if env is None else env
    search_path = environ.get("PATH", os.defpath)
    on_path = {name: shutil.which(name, path=search_path) for name in SERVER_BINARIES}
    if all(on_path.values()):
        return PostgresBinaries(**{name: Path(str(found)) for name, found in on_path.items()})
    for bindir in sorted(lib_root.glob("*/bin"), key=_version_key, reverse=True):
        paths = {name: bindir / name for name in SERVER_BINARIES}
        if all(p.is_file() and os.access(p, os.X_OK) for p in paths.values()):
            return PostgresBinaries(**paths)
    return None


def can_install() -> bool:
    """Whether :func:`install_postgres` may work here: root, with apt-get."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def install_postgres(progress: Progress | None = None) -> None:
    """``apt-get update`` then ``apt-get install -y postgresql`` (root only)."""
    if not can_install():
        raise PostgresUnavailable("PostgreSQL server binaries not found, and apt-get as root is not available")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", DEBIAN_PACKAGE]):
        if progress:
            progress("running " + " ".join(command))
        proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-10:])
            raise PostgresUnavailable(f"`{' '.join(command)}` failed ({proc.returncode}):\n{tail}")


def ensure_postgres(
    env: Mapping[str, str] | None = None, *, install: bool = True, progress: Progress | None = None
) -> PostgresBinaries:
    """The server binaries, installing Debian's package first if needed and allowed."""
    found = find_postgres(env)
    if found:
        return found
    if install and can_install():
        install_postgres(progress)
        found = find_postgres(env)
        if found:
            return found
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH nor in "
        f"{DEBIAN_LIB_ROOT}/*/bin" + ("" if install else " (install not attempted)")
    )


@dataclass(frozen=True)
class _RunAs:
    """The unprivileged account a root process hands the cluster to."""

    name: str
    uid: int
    gid: int


def _run_as() -> _RunAs | None:
    """None when we are not root (run directly); else ``postgres``, falling back to ``nobody``."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return _RunAs(name, entry.pw_uid, entry.pw_gid)
    raise PostgresUnavailable("running as root, and neither a 'postgres' nor a 'nobody' user exists to run postgres")


def _as_user(user: _RunAs | None, command: Sequence[str]) -> list[str]:
    """Prefix ``command`` so it runs as ``user`` (setpriv execs in place; runuser as fallback)."""
    if user is None:
        return list(command)
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={user.uid}", f"--regid={user.gid}", "--clear-groups", "--", *command]
    if shutil.which("runuser"):
        return ["runuser", "-u", user.name, "--", *command]
    raise PostgresUnavailable("running as root, but neither setpriv nor runuser is available to drop privileges")


def _traversable_by(path: Path, user: _RunAs) -> bool:
    """Whether ``user`` can reach ``path``: search permission on it and every ancestor."""
    for part in (path, *path.parents):
        st = part.stat()
        if st.st_uid == user.uid:
            bit = stat.S_IXUSR
        elif st.st_gid == user.gid:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            return False
    return True


def _free_port() -> int:
    """A loopback TCP port nobody listens on right now (the caller retries on a race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _conf_string(value: str) -> str:
    """A postgresql.conf string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _run(command: Sequence[str], *, what: str, log: Path, timeout: float, stdin: str | None = None) -> str:
    """Run one cluster command with output to ``log``; raise with its tail on failure."""
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        proc = subprocess.run(
            list(command),
            input=stdin,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            check=False,
        )
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        tail = "\n".join(text.strip().splitlines()[-15:])
        raise PostgresUnavailable(f"{what} failed ({proc.returncode}); log {log}:\n{tail}")
    return text


def _kill_postmaster(data: Path) -> None:
    """Last resort when ``pg_ctl stop`` failed: SIGQUIT the postmaster named in its pid file."""
    try:
        pid = int((data / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGQUIT)
    except (OSError, ValueError, IndexError):
        pass


@contextmanager
def temporary_postgres(
    tmpdir: Path | str,
    *,
    database: str = "zonestack",
    binaries: PostgresBinaries | None = None,
    timeout: float = 60.0,
) -> Iterator[str]:
    """Start a throwaway cluster and yield its connection string; stop it on exit.

    The cluster (data directory, unix socket, logs) lives in a fresh directory
    inside ``tmpdir``; it listens on 127.0.0.1 on a free port with ``trust``
    authentication, so it must never outlive the test that started it. Yields e.g.
    ``postgres://postgres@127.0.0.1:54321/zonestack?sslmode=disable`` -- the form
    Terraform's ``pg`` backend takes as ``conn_str``.

    When running as root and ``tmpdir`` is not reachable by the unprivileged user
    (pytest's ``tmp_path`` sits under a 0700 directory), or its path is too long for a
    unix socket, the cluster goes into a private directory under the system temp
    dir instead, removed afterwards.
    """
    if not database.replace("_", "").isalnum():
        raise ValueError(f"database name must be alphanumeric/underscore, got {database!r}")
    bins = binaries or ensure_postgres()
    user = _run_as()
    base = Path(tmpdir).resolve()
    private_base: Path | None = None
    base.mkdir(parents=True, exist_ok=True)
    socket_probe = len(str(base)) + len("/pg-xxxxxxxx/.s.PGSQL.65535")
    if (user is not None and not _traversable_by(base, user)) or socket_probe > _SOCKET_PATH_MAX:
        private_base = Path(tempfile.mkdtemp(prefix="zonestack-pg-"))
        base = private_base
    root = Path(tempfile.mkdtemp(prefix="pg-", dir=base))
    data = root / "data"
    log = root / "setup.log"
    server_log = root / "server.log"
    if user is not None:
        for path in (base, root) if private_base else (root,):
            os.chown(path, user.uid, user.gid)
    started = False
    try:
        _run(
            _as_user(
                user,
                [str(bins.initdb), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8"]
                + ["--no-locale", "--no-sync"],
            ),
            what="initdb",
            log=log,
            timeout=timeout,
        )
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                "\n# zonestack temporary_postgres\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = {_conf_string(str(root))}\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 20\nshared_buffers = 16MB\n"
            )
        # Single-user mode needs no port or socket: create the database before serving.
        output = _run(
            _as_user(user, [str(bins.postgres), "--single", "-D", str(data), "postgres"]),
            what="CREATE DATABASE",
            log=log,
            timeout=timeout,
            stdin=f'CREATE DATABASE "{database}";\n',
        )
        if "ERROR:" in output:
            raise PostgresUnavailable(f"CREATE DATABASE {database} failed; log {log}")
        port = 0
        for attempt in range(3):
            port = _free_port()
            try:
                _run(
                    _as_user(
                        user,
                        [str(bins.pg_ctl), "-D", str(data), "-l", str(server_log), "-o", f"-p {port}",
                         "-w", "-t", str(int(timeout)), "start"],
                    ),
                    what="pg_ctl start",
                    log=log,
                    timeout=timeout + 10,
                )
                started = True
                break
            except PostgresUnavailable:
                in_use = "already in use" in server_log.read_text(errors="replace") if server_log.exists() else False
                if not in_use or attempt == 2:
                    raise
        yield f"postgres://{SUPERUSER}@127.0.0.1:{port}/{database}?sslmode=disable"
    finally:
        if started:
            try:
                _run(
                    _as_user(user, [str(bins.pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"]),
                    what="pg_ctl stop",
                    log=log,
                    timeout=timeout,
                )
            except (PostgresUnavailable, subprocess.TimeoutExpired):
                _kill_postmaster(data)
        if private_base is not None:
            shutil.rmtree(private_base, ignore_errors=True)
