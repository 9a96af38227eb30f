"""``zonestack audit`` with the pg backend: state read through ``terraform state pull``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit.postgres import PostgresUnavailable, temporary_postgres
from tests.conftest import start_emulator_in

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PAT = "pat_auditpg_" + "p" * 24
ZONE = "pgaudit.org"
RECORDS = f"zone: {ZONE}\nttl: 300\nrecords:\n" + "".join(
    f"  - {{name: h{i}, type: A, values: [192.0.2.{i + 1}]}}\n" for i in range(3))


@pytest.fixture
def pg_conn(tmp_path: Path) -> Iterator[str]:
    try:
        with temporary_postgres(tmp_path / "pg") as conn:
            yield conn
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable for the pg-backend audit: {str(exc).splitlines()[0]}")


def run(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zonestack", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def test_audit_reads_pg_state(tmp_path: Path, provider_env: dict[str, str], pg_conn: str) -> None:
    root = tmp_path / "project"
    (root / "records").mkdir(parents=True)
    (root / "imports").mkdir()
    (root / "main.py").write_text((REPO / "main.py").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "records" / f"{ZONE}.yaml").write_text(RECORDS, encoding="utf-8")
    (root / "imports" / f"{ZONE}.json").write_text('{"domain": true, "records": {}}\n', encoding="utf-8")
    emu = start_emulator_in(tmp_path / "emu", token=PAT, zone=ZONE)
    try:
        env = {**os.environ, **provider_env, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
               "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "pg", "PG_CONN_STR": pg_conn}
        deployed = run(root, env, "deploy", "--quiet")
        assert deployed.returncode == 0, deployed.stderr
        assert not (root / ".state").exists()
        clean = run(root, env, "audit")
        assert (clean.returncode, clean.stderr) == (0, "")
        (root / "records" / f"{ZONE}.yaml").write_text(RECORDS.replace("  - {name: h2, type: A, values: [192.0.2.3]}\n",
                                                                       ""), encoding="utf-8")
        drift = run(root, env, "audit", "--format", "json")
        assert drift.returncode == 2, drift.stderr
        zone = json.loads(drift.stdout)["zones"][0]
        # a set in state and no longer declared is the next deploy's destroy (state_only), not unmanaged
        assert zone["unmanaged"] == []
        assert [e["reason"] for e in zone["state_only"]] == ["gandi_livedns_record.A_h2 would be destroyed"]
        assert pg_conn not in clean.stdout + clean.stderr + drift.stdout + drift.stderr
    finally:
        emu.stop()
