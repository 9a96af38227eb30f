"""Interrupt trials: SIGINT/SIGTERM to the deploy's process group at several points of an apply.

    python bench/interrupt.py [--trials 5] [--seed 20]

Real Terraform and go-gandi against the emulator (each trial a fresh project and
emulator; a 60-set zone paced at 240 requests/minute so the apply takes ~30 s).
A trial passes when: exit status 128 + signal, the state file complete (never empty
or cut), no process of the run left, and the rerun converges with nothing deleted
(replaced) and the next plan without changes. Results: ``bench/results/interrupt.json``
and ``interrupt.md``. Not part of the test suite (minutes); ``tests/e2e/test_interrupt.py``
runs two such trials.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from livedns_emulator import Emulator, Settings  # noqa: E402
from tests.e2e.interrupt_support import run_trial  # noqa: E402
from tests.e2e.support import ZONE, Project, copy_project  # noqa: E402
from zonestack.toolchain.prepare import EXIT_OK, prepare  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    report = prepare()
    if report.exit_code != EXIT_OK:
        print("interrupt: the Terraform toolchain and provider are needed (zonestack setup)", file=sys.stderr)
        return 3
    rng = random.Random(args.seed)
    rows = []
    for i in range(args.trials):
        signum = signal.SIGINT if i % 2 == 0 else signal.SIGTERM
        after = round(rng.uniform(1.0, 20.0), 1)
        with tempfile.TemporaryDirectory() as tmp:
            emu = Emulator.start(Path(tmp) / "emu", Settings(fsync=False))
            try:
                pat = "pat_" + secrets.token_urlsafe(32)
                emu.add_token(pat, label="bench")
                emu.register_domain(ZONE)
                env = {**report.env, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": pat,
                       "ZONESTACK_BACKEND": "local"}
                project = Project(copy_project(Path(tmp) / "project"), env, [])
                started = time.monotonic()
                trial = run_trial(project, emu, signum, after)
            finally:
                emu.stop()
        row = {**dataclasses.asdict(trial), "signal": signal.Signals(signum).name, "ok": trial.ok,
               "wall_s": round(time.monotonic() - started, 1)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    passed = sum(r["ok"] for r in rows)
    load = os.getloadavg()
    summary = {"trials": len(rows), "passed": passed, "seed": args.seed,
               "load": [round(x, 2) for x in load],
               "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
                          f"Python {platform.python_version()}",
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "interrupt.json").write_text(json.dumps({"summary": summary, "trials": rows}, indent=2) + "\n")
    lines = ["# Interrupts mid-apply", "",
             f"{passed}/{len(rows)} trials passed (exit 128+signal, state complete, no process left, rerun "
             f"converged with 0 deleted, next plan no changes). {summary['machine']}, load "
             f"{' '.join(map(str, summary['load']))}, {summary['date']}.", "",
             "| # | signal | after (s) | exit | state complete | sets in state | leftovers | rerun | "
             "deleted | next plan clean | ok |",
             "|--:|---|--:|--:|---|--:|--:|--:|--:|---|---|"]
    for n, r in enumerate(rows, 1):
        lines.append(f"| {n} | {r['signal']} | {r['after']} | {r['status']} | {r['state_ok']} | "
                     f"{r['state_records']} | {r['leftovers']} | {r['rerun_status']} | {r['deletes']} | "
                     f"{r['next_plan_clean']} | {'yes' if r['ok'] else 'NO'} |")
    (out / "interrupt.md").write_text("\n".join(lines) + "\n")
    print(f"interrupt: {passed}/{len(rows)} trials passed")
    return 0 if passed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
