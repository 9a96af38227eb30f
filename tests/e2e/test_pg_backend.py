"""Issue 3: the PostgreSQL state backend under two concurrent deploys of one zone.

Two copies of the project (two "machines") share one database and one API.
Terraform's pg backend takes an advisory lock for the whole plan+apply, so one
run applies and the other fails on the lock (or, if they did not overlap,
finds nothing to do). Either way: no record set is created twice (no 409),
the state stays readable from both, and the zone ends up exactly as declared.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit.postgres import PostgresUnavailable, find_postgres, temporary_postgres
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, expected_addresses, expected_rrsets, live_rrsets
from zonestack.deploy.errors import FailureKind, classify
from zonestack.deploy.runner import CdktfResult

pytestmark = pytest.mark.e2e

SCHEMA = "zonestack_example_com"


@pytest.fixture(scope="module")
def pg_conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        with temporary_postgres(tmp_path_factory.mktemp("pg")) as conn:
            yield conn
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable for the pg-backend test: {str(exc).splitlines()[0]}")


def psql(conn: str, sql: str) -> str:
    found = find_postgres()
    assert found is not None
    psql_bin = found.bindir / "psql"
    command = [str(psql_bin) if psql_bin.is_file() else "psql", conn, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


def test_concurrent_deploys_lock_and_leave_a_sound_state(
    start_emulator: EmulatorFactory, make_project: ProjectFactory, pg_conn: str, pat: str
) -> None:
    emu = start_emulator()
    projects = [make_project(emu, ZONESTACK_BACKEND="pg", PG_CONN_STR=pg_conn) for _ in range(2)]
    for project in projects:
        synth = project.cdktf("synth")
        assert synth.ok, synth.output
        stack_json = (project.stack_dir / "cdk.tf.json").read_text()
        assert '"pg"' in stack_json and pg_conn not in stack_json
        # One init at a time: the backend's first init creates its schema and
        # table, and two first inits at once race on that (see the README).
        init = project.terraform("init", "-input=false")
        assert init.ok, init.output
    results: list[CdktfResult | None] = [None, None]
    start = threading.Barrier(2)

    def deploy(i: int) -> None:
        start.wait()
        results[i] = projects[i].cdktf("deploy", skip_synth=True)

    threads = [threading.Thread(target=deploy, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    done = [r for r in results if r is not None]
    assert len(done) == 2
    assert any(r.ok for r in done), [r.output for r in done]
    for failed in (r for r in done if not r.ok):
        assert classify(failed.output, failed.returncode).kind is FailureKind.STATE_LOCKED, failed.output
    assert [r for r in emu.requests if r.status == 409] == [], "both runs created record sets: no lock"

    zone = projects[0].zone()
    for project in projects:
        assert project.state_addresses() == expected_addresses(zone)
    assert live_rrsets(emu.rrsets(ZONE)) == expected_rrsets(zone)
    again = projects[1].cdktf("diff", skip_synth=True)
    assert again.summary is not None and again.summary.no_changes, again.output

    dump = psql(pg_conn, f"SELECT name, data FROM {SCHEMA}.states")
    assert "gandi_livedns_record" in dump and "TXT_gm1-_domainkey" in dump
    full = psql(pg_conn, f"SELECT string_agg(t::text, '') FROM {SCHEMA}.states t")
    assert pat not in dump and pat not in full
    assert not any(Path(p.path, ".state").exists() for p in projects), "pg backend must not write local state"
