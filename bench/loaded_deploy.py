"""First deploy of 1,000 sets at Gandi's 1,000 requests/min on a machine under load, unattended (issue 18).

    python bench/loaded_deploy.py [--trials 5] [--sets 1000] [--burners 8]

A CPU burner beside it: ``--burners`` busy-loop processes (default 8: 4 per core on
2 cores) started by this script, waited on until the 1-minute load average reaches
``--burners`` (bounded), and stopped by PID at the end. Each trial: a fresh emulator
with its limiter at 1,000 requests/min (Gandi's documented limit, 429 with
``Retry-After``), a fresh project (``tests.e2e.support.copy_project``) holding one
zone of ``--sets`` sets (``bench.plans.zone_text``), one ``zonestack deploy`` at
default settings (real Terraform + go-gandi), no help. Recorded per trial: exit
code, wall, load average before/after, the rounds the deploy reports ("planning
again"), the 429s the emulator sent, the deploy's summary line, sets live at the
end, whether the next plan is clean. Results: ``bench/results/loaded_deploy.json``
and ``.md``. Not part of the test suite (minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.plans import zone_text  # noqa: E402
from livedns_emulator import Emulator, Settings  # noqa: E402
from zonestack.toolchain.prepare import EXIT_OK, prepare  # noqa: E402

PAT = "pat_bench_loaded_" + "l" * 24
ZONE = "loaded.example"
BURN = "import time\nend = time.monotonic() + 7200\nwhile time.monotonic() < end:\n    pass\n"
"""One busy loop, bounded at 2 h in case its parent dies without stopping it."""


def trial(sets: int, limit: int, toolchain: dict[str, str]) -> dict[str, object]:
    from tests.e2e.support import copy_project

    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        emu = Emulator.start(tmp / "emu", Settings(fsync=False, rate_limit_per_minute=limit))
        try:
            emu.add_token(PAT, label="bench")
            emu.register_domain(ZONE)
            emu.create_zone(ZONE, automatic_snapshots=False)
            project = copy_project(tmp / "project")
            for stale in (project / "records").glob("*.yaml"):
                stale.unlink()
            (project / "records" / f"{ZONE}.yaml").write_text(zone_text(ZONE, sets), encoding="utf-8")
            env = {**os.environ, **toolchain, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
                   "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local"}
            for name in ("ZONESTACK_RATE_LIMIT", "TF_LOG"):
                env.pop(name, None)
            load_before = os.getloadavg()[0]
            start = time.monotonic()
            try:
                done = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--quiet"], cwd=project, env=env,
                                      capture_output=True, text=True, timeout=3600)
                code, out, err = done.returncode, done.stdout, done.stderr
            except subprocess.TimeoutExpired:
                code, out, err = -1, "", "timed out after 3600 s"
            wall = time.monotonic() - start
            load_after = os.getloadavg()[0]
            live = len([r for r in emu.rrsets(ZONE) if not (r["rrset_name"] == "@" and r["rrset_type"] in ("NS", "SOA"))])
            refused = sum(1 for r in emu.requests if r.status == 429)
            requests = len(emu.requests)
            again = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--plan-only", "--quiet"], cwd=project,
                                   env=env, capture_output=True, text=True, timeout=3600)
        finally:
            emu.stop()
    rounds = [int(m) for m in re.findall(r"planning again \(round (\d+) of", err)]
    summary = next((line for line in reversed(out.splitlines()) if line.startswith("deploy: applied")), "")
    return {"exit": code, "wall_s": round(wall, 1), "load1_before": round(load_before, 2),
            "load1_after": round(load_after, 2), "rounds": max(rounds, default=1), "refused_429": refused,
            "requests": requests, "live": live, "sets": sets, "summary": summary,
            "next_plan_clean": again.returncode == 0 and "no changes" in again.stdout,
            "error": "" if code == 0 else (err.strip().splitlines() or [""])[-1][:400]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--sets", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--burners", type=int, default=8)
    args = parser.parse_args(argv)
    report = prepare()
    if report.exit_code != EXIT_OK:
        print("the go-gandi provider is unavailable: run `zonestack setup`", file=sys.stderr)
        return 3
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(args.burners)]
    rows: list[dict[str, object]] = []
    try:
        deadline = time.monotonic() + 300
        while os.getloadavg()[0] < args.burners and time.monotonic() < deadline:
            time.sleep(5)
        for index in range(args.trials):
            rows.append({"trial": index + 1, **trial(args.sets, args.limit, dict(report.env))})
            print(json.dumps(rows[-1]), flush=True)
    finally:
        for proc in burners:
            proc.kill()
        for proc in burners:
            proc.wait(timeout=30)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    passed = sum(r["exit"] == 0 and r["live"] == r["sets"] and r["next_plan_clean"] for r in rows)
    (results / "loaded_deploy.json").write_text(json.dumps(
        {"machine": machine, "date": date, "burners": args.burners, "limit_per_min": args.limit,
         "passed": passed, "rows": rows}, indent=2) + "\n")
    lines = ["# First deploy of 1,000 sets at 1,000 requests/min on a loaded machine", "",
             f"{args.sets} record sets in one zone, the emulator limited to {args.limit}/min (429 with Retry-After), "
             f"zonestack at default settings, a fresh emulator and project per trial, no help; {args.burners} "
             f"busy-loop processes beside it. **{passed} of {len(rows)} finished unattended** (exit 0, every set "
             f"live, next plan clean). {machine}, {date}.", "",
             "| trial | exit | wall (s) | load1 before / after | rounds | 429s | requests | live | next plan clean |",
             "|--:|--:|--:|---|--:|--:|--:|--:|---|"]
    lines += [f"| {r['trial']} | {r['exit']} | {r['wall_s']} | {r['load1_before']} / {r['load1_after']} | {r['rounds']} "
              f"| {r['refused_429']} | {r['requests']} | {r['live']}/{r['sets']} | {r['next_plan_clean']} |" for r in rows]
    lines += ["", "Summary lines: " + "; ".join(f"{r['trial']}: `{r['summary']}`" for r in rows)]
    failed = [r for r in rows if r["error"]]
    if failed:
        lines += ["", "Trials that failed, last line of their error:", ""]
        lines += [f"- {r['trial']}: {r['error']}" for r in failed]
    (results / "loaded_deploy.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if passed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
