"""Large zones under Gandi's rate limit, with the real provider (issue 9 "Must show").

The emulator enforces the limit per minute (§9) and answers 429 with ``Retry-After``. The deploy
runs unattended through the pacing proxy; the next plan proves state equal to Gandi with one
listing and plans without a refresh. Requests are counted from the emulator's request log.
Slow (minutes): marked ``slow`` as well as ``e2e``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from livedns_emulator import Emulator
from tests.conftest import live, start_emulator_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
PAT = "pat_rate_" + "r" * 28


def records(zone: str, count: int) -> str:
    body = "".join(f"  - {{name: h{i}, type: A, values: [198.51.{i // 250}.{i % 250 + 1}]}}\n" for i in range(count))
    return f"zone: {zone}\nttl: 300\nrecords:\n{body}"


def project(tmp_path: Path, provider_env: dict[str, str], zone: str, count: int, limit: int,
            pace: int | None) -> tuple[Path, Emulator, dict[str, str]]:
    root = tmp_path / "project"
    (root / "records").mkdir(parents=True)
    (root / "imports").mkdir()
    (root / "main.py").write_text((REPO / "main.py").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "records" / f"{zone}.yaml").write_text(records(zone, count), encoding="utf-8")
    (root / "imports" / f"{zone}.json").write_text('{"domain": true, "records": {}}\n', encoding="utf-8")
    emu = start_emulator_in(tmp_path / "emu", token=PAT, label="pat-rate", zone=zone, automatic_snapshots=False,
                            rate_limit_per_minute=limit)
    env = {**os.environ, **provider_env, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
           "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local"}
    for name in ("TF_LOG", "ZONESTACK_RATE_LIMIT", "ZONESTACK_NO_PROXY"):
        env.pop(name, None)
    if pace is not None:
        env["ZONESTACK_RATE_LIMIT"] = str(pace)
    return root, emu, env


def zonestack(root: Path, env: dict[str, str], *args: str, timeout: float = 1500) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zonestack", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=timeout)


def declared(count: int) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    return {(f"h{i}", "A"): (300, (f"198.51.{i // 250}.{i % 250 + 1}",)) for i in range(count)}


def deploy_then_cheap_plan(tmp_path: Path, provider_env: dict[str, str], zone: str, count: int,
                           limit: int, pace: int | None = None) -> tuple[Emulator, Path, dict[str, str], list[str]]:
    root, emu, env = project(tmp_path, provider_env, zone, count, limit, pace)
    first = zonestack(root, env, "deploy", "--quiet")
    assert first.returncode == 0, first.stderr[-3000:]
    assert first.stdout.endswith("deploy: applied 1 zone(s), 0 unchanged\n")
    assert live(emu, zone) == declared(count)
    api = [r for r in emu.requests if r.path.startswith("/v5/")]
    ok = [r for r in api if r.status != 429]
    assert len(ok) <= 2.2 * count, f"{len(ok)} requests for {count} sets"
    emu.clear_requests()
    plan = zonestack(root, env, "deploy", "--plan-only", "--quiet")
    assert plan.returncode == 0, plan.stderr[-3000:]
    assert "no changes" in plan.stdout
    planned = [r for r in emu.requests if r.path.startswith("/v5/") and r.status != 429]
    assert len(planned) <= 10, planned
    assert PAT not in first.stdout + first.stderr + plan.stdout + plan.stderr
    return emu, root, env, [f"{r.method} {r.path} {r.status}" for r in api if r.status == 429]


def test_1000_sets_at_1000_per_minute(tmp_path: Path, provider_env: dict[str, str]) -> None:
    deploy_then_cheap_plan(tmp_path, provider_env, "big.example", 1000, 1000)  # default pace: 900/min


def test_60_sets_at_100_per_minute_and_drift_refreshes_only_that_set(tmp_path: Path, provider_env: dict[str, str]) -> None:
    zone = "small.example"
    emu, root, env, limited = deploy_then_cheap_plan(tmp_path, provider_env, zone, 60, 100, pace=90)
    emu.put_rrset(zone, "h7", "A", ["203.0.113.7"], 300)  # changed behind the stack's back
    emu.clear_requests()
    plan = zonestack(root, env, "deploy", "--plan-only")
    assert plan.returncode == 0, plan.stderr[-3000:]
    assert "1 of 61 resource(s) differ at Gandi; refreshing only those (h7 A: values changed at Gandi)" in plan.stderr  # a deploy progress line (stderr, like every "deploy:" note)
    reads = [r for r in emu.requests if r.path.startswith("/v5/") and r.status != 429]
    assert len(reads) <= 11, reads
    assert [r.path for r in reads if r.path.endswith("/records/h7/A")] == ["/v5/livedns/domains/small.example/records/h7/A"]
    table = plan.stdout.replace("┃", "|").replace("│", "|").splitlines()
    [row] = [line for line in table if line.startswith("| small.example ")]
    cells = [cell.strip() for cell in row.strip("| ").split("|")]
    assert cells[2:] == ["0", "0", "1", "0", "ok"], row  # import, add, change, destroy, verdict: h7 only
    [change] = [line for line in table if line.startswith("small.example: ")]
    assert change.startswith("small.example: change h7 A ") and "203.0.113.7" in change, plan.stdout
    fixed = zonestack(root, env, "deploy", "--quiet")
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    assert live(emu, zone) == declared(60)
