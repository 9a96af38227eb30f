"""A first deploy finishes unattended when other tools share Gandi's budget (issue 23).

60 record sets against a 100/min limit (Gandi's 1,000/min scaled 1:10) with default settings
(zonestack paces at 900/min until told otherwise): with and without ``Retry-After`` on the 429s,
and with another client steadily taking half the budget. Before: the deploy failed after 11 s
with 50 of 60 sets live. Real Terraform and go-gandi.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from livedns_emulator import Emulator, Settings

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PAT = "pat_budget_" + "b" * 24
ZONE = "budget.org"
SETS = 60


def records() -> str:
    body = "".join(f"  - {{name: h{i}, type: A, values: [192.0.2.{i + 1}]}}\n" for i in range(SETS))
    return f"zone: {ZONE}\nttl: 300\nrecords:\n{body}"


@pytest.fixture
def project(tmp_path: Path, provider_env: dict[str, str]) -> Iterator[tuple[Path, dict[str, str], Path]]:
    root = tmp_path / "project"
    (root / "records").mkdir(parents=True)
    (root / "main.py").write_text((REPO / "main.py").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "cdktf.json").write_text((REPO / "cdktf.json").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "records" / f"{ZONE}.yaml").write_text(records(), encoding="utf-8")
    env = {**os.environ, **provider_env, "GANDI_PERSONAL_ACCESS_TOKEN": PAT, "PYTHONPATH": str(REPO),
           "ZONESTACK_BACKEND": "local"}
    env.pop("ZONESTACK_RATE_LIMIT", None)  # default settings
    yield root, env, tmp_path


@pytest.mark.parametrize(("retry_after", "others"), [(True, 0), (False, 0), (True, 50)],
                         ids=["retry-after", "no-retry-after", "half-the-budget-taken"])
def test_first_deploy_finishes_unattended_under_a_shared_budget(
        project: tuple[Path, dict[str, str], Path], retry_after: bool, others: int) -> None:
    root, env, tmp = project
    emu = Emulator.start(tmp / "emu", Settings(fsync=False, rate_limit_per_minute=100,
                                               rate_limit_retry_after=retry_after,
                                               rate_limit_used_by_others=others))
    try:
        emu.add_token(PAT, label="budget")
        emu.register_domain(ZONE)
        emu.create_zone(ZONE)
        run_env = {**env, "GANDI_URL": emu.url}
        first = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--quiet"], cwd=root, env=run_env,
                               capture_output=True, text=True, timeout=1200)
        assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-3000:]
        assert "Traceback" not in first.stdout + first.stderr
        live = {r["rrset_name"]: r["rrset_values"] for r in emu.rrsets(ZONE) if r["rrset_type"] == "A"}
        assert live == {f"h{i}": [f"192.0.2.{i + 1}"] for i in range(SETS)}
        assert [r for r in emu.requests if r.method == "DELETE"] == []  # nothing replaced
        refused = sum(1 for r in emu.requests if r.status == 429)
        if refused:  # what it did is visible
            assert "pacing at" in first.stderr and "Gandi refused" in first.stdout + first.stderr
        again = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--plan-only"], cwd=root,
                               env=run_env, capture_output=True, text=True, timeout=1200)
        assert again.returncode == 0, again.stderr[-2000:]
        assert "no changes" in again.stdout
        assert PAT not in first.stdout + first.stderr + again.stdout + again.stderr
    finally:
        emu.stop()
