"""A first deploy under a shared, unknown budget: wall time against the ideal (issue 23).

    pipenv run python bench/shared_budget.py [--sets 60] [--limit 100]

Real Terraform and go-gandi against the emulator, whose limiter is set to ``--limit``
requests per minute (Gandi's 1,000 scaled 1:10); zonestack runs with default settings
(it paces at 900/min until Gandi refuses). Variants: 429s with ``Retry-After``, without it,
and with another client steadily taking half the budget. The ideal wall time is
``sets × 2 requests (create + read-back) ÷ the budget left``; the target is within 1.5× of
it. Results: ``bench/results/shared_budget.json`` and ``.md``. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from livedns_emulator import Emulator, Settings  # noqa: E402
from zonestack.toolchain.prepare import EXIT_OK, prepare  # noqa: E402

PAT = "pat_bench_budget_" + "s" * 24
ZONE = "budget.org"
VARIANTS = (("429 with Retry-After", True, 0.0), ("429 without Retry-After", False, 0.0),
            ("half the budget taken by another client", True, 0.5))


def run_variant(label: str, retry_after: bool, taken: float, sets: int, limit: int,
                toolchain: dict[str, str]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        root = tmp / "project"
        (root / "records").mkdir(parents=True)
        for name in ("main.py", "cdktf.json"):
            (root / name).write_text((REPO / name).read_text(encoding="utf-8"), encoding="utf-8")
        body = "".join(f"  - {{name: h{i}, type: A, values: [192.0.2.{i % 250 + 1}]}}\n" for i in range(sets))
        (root / "records" / f"{ZONE}.yaml").write_text(f"zone: {ZONE}\nttl: 300\nrecords:\n{body}", encoding="utf-8")
        others = int(limit * taken)
        emu = Emulator.start(tmp / "emu", Settings(fsync=False, rate_limit_per_minute=limit,
                                                   rate_limit_retry_after=retry_after,
                                                   rate_limit_used_by_others=others))
        try:
            emu.add_token(PAT, label="bench")
            emu.register_domain(ZONE)
            emu.create_zone(ZONE, automatic_snapshots=False)
            env = {**os.environ, **toolchain, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
                   "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local"}
            env.pop("ZONESTACK_RATE_LIMIT", None)
            start = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--quiet"], cwd=root, env=env,
                                  capture_output=True, text=True, timeout=3600)
            wall = time.monotonic() - start
            live = sum(1 for r in emu.rrsets(ZONE) if r["rrset_type"] == "A")
            deletes = sum(1 for r in emu.requests if r.method == "DELETE")
            refused = sum(1 for r in emu.requests if r.status == 429)
            again = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--plan-only", "--quiet"], cwd=root,
                                   env=env, capture_output=True, text=True, timeout=3600)
        finally:
            emu.stop()
    ideal = sets * 2 / (limit - others) * 60
    summary = next((line for line in reversed(done.stdout.splitlines()) if line.startswith("deploy: applied")), "")
    return {"variant": label, "exit": done.returncode, "wall_s": round(wall, 1), "ideal_s": round(ideal, 1),
            "ratio": round(wall / ideal, 2), "live": live, "sets": sets, "deleted": deletes, "refused_429": refused,
            "next_plan_clean": again.returncode == 0 and "no changes" in again.stdout, "summary": summary,
            "load1": round(os.getloadavg()[0], 2)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=60)
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args(argv)
    report = prepare()
    if report.exit_code != EXIT_OK:
        print("the go-gandi provider is unavailable: run `zonestack setup`", file=sys.stderr)
        return 3
    rows = []
    for label, retry_after, taken in VARIANTS:
        rows.append(run_variant(label, retry_after, taken, args.sets, args.limit, dict(report.env)))
        print(json.dumps(rows[-1]), flush=True)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    (results / "shared_budget.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n")
    lines = ["# First deploy under a shared, unknown budget", "",
             f"{args.sets} record sets, the emulator limited to {args.limit}/min, zonestack at default settings "
             f"(900/min ceiling). Ideal = sets × 2 requests ÷ the budget left. {machine}.", "",
             "| variant | exit | wall (s) | ideal (s) | ratio | live | deleted | 429s | next plan clean | load1 |",
             "|---|--:|--:|--:|--:|--:|--:|--:|---|--:|"]
    lines += [f"| {r['variant']} | {r['exit']} | {r['wall_s']} | {r['ideal_s']} | {r['ratio']} | {r['live']}/{r['sets']} "
              f"| {r['deleted']} | {r['refused_429']} | {r['next_plan_clean']} | {r['load1']} |" for r in rows]
    (results / "shared_budget.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if all(r["exit"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
