"""Locating PostgreSQL server binaries; the real throwaway cluster is a slow test."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from devkit import postgres
from devkit.postgres import PostgresUnavailable, ensure_postgres, find_postgres, temporary_postgres
from tests.unit.toolchain.fakes import ExecutableFactory, make_executable, path_env


def test_found_on_path(bin_dir: Path, tmp_path: Path, executable: ExecutableFactory) -> None:
    for name in ("initdb", "pg_ctl", "postgres"):
        executable(name)
    found = find_postgres(path_env(bin_dir), lib_root=tmp_path / "none")
    assert found is not None
    assert found.initdb == bin_dir / "initdb"
    assert found.pg_ctl == bin_dir / "pg_ctl"
    assert found.postgres == bin_dir / "postgres"


def test_debian_versioned_dirs_newest_first(bin_dir: Path, tmp_path: Path, executable: ExecutableFactory) -> None:
    executable("initdb")  # only part of the set on PATH: not enough
    lib = tmp_path / "lib" / "postgresql"
    for version in ("9", "15", "16"):
        for name in ("initdb", "pg_ctl", "postgres"):
            if version == "16" and name == "postgres":
                continue  # incomplete install
            make_executable(lib / version / "bin" / name)
    found = find_postgres(path_env(bin_dir), lib_root=lib)
    assert found is not None and found.bindir == (lib / "15" / "bin").resolve()


def test_missing_without_install(bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "DEBIAN_LIB_ROOT", tmp_path / "none")
    monkeypatch.setattr(postgres, "find_postgres", lambda env=None: None)
    with pytest.raises(PostgresUnavailable, match="install not attempted"):
        ensure_postgres(path_env(bin_dir), install=False)


def test_install_is_apt_update_then_install(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[list[str]] = []
    monkeypatch.setattr(postgres, "can_install", lambda: True)
    monkeypatch.setattr(
        postgres.subprocess, "run", lambda cmd, **kw: ran.append(cmd) or subprocess.CompletedProcess(cmd, 0, "", "")
    )
    postgres.install_postgres()
    assert ran == [["apt-get", "update"], ["apt-get", "install", "-y", "postgresql"]]


def test_conf_string_quoting() -> None:
    assert postgres._conf_string("/tmp/it's") == "'/tmp/it''s'"


def test_privileges_dropped_only_for_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres.os, "geteuid", lambda: 1000)
    assert postgres._run_as() is None
    assert postgres._as_user(None, ["initdb"]) == ["initdb"]
    monkeypatch.setattr(postgres.os, "geteuid", lambda: 0)
    user = postgres._run_as()
    assert user is not None and user.uid != 0
    assert postgres._as_user(user, ["initdb"])[-1] == "initdb"


@pytest.mark.slow
def test_temporary_cluster_serves_and_stops(tmp_path: Path) -> None:
    if find_postgres() is None and not postgres.can_install():
        pytest.skip("no PostgreSQL server binaries, and cannot install them here")
    with temporary_postgres(tmp_path, database="zs_test") as url:
        assert url.startswith("postgres://postgres@127.0.0.1:") and url.endswith("/zs_test?sslmode=disable")
        port = int(url.split(":")[2].split("/")[0])
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        psql = shutil.which("psql")
        if psql:
            out = subprocess.run([psql, url, "-Atc", "select current_database()"], capture_output=True, text=True)
            assert out.stdout.strip() == "zs_test", out.stderr
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
