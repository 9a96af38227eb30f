"""Validation speed: ``zonestack validate`` on the generated 10,000-record-set zone.

Two numbers, each best of ``REPEATS``: a fresh process (interpreter start and
imports included, as a user runs it) and the in-process ``check_zone`` call with
the value caches cleared (validation alone, less noisy). Run it on the code
before and after a change with a label; ``bench/results/validate.json`` keeps one
entry per label and ``validate.md`` shows them side by side.

    BENCH_CODE_ROOT=/path/to/old/checkout python bench/validate_speed.py before
    python bench/validate_speed.py after

``BENCH_CODE_ROOT`` names the checkout whose ``zonestack`` is measured (default:
this one). The in-process number is CPU time, which other work on a shared
machine disturbs far less than wall time; wall time is reported beside it.
With valgrind installed, ``BENCH_INSTRUCTIONS=1`` also counts the instructions
of one whole ``check_zone`` process (interpreter start and imports included)
under callgrind: a count that does not depend on the machine's load (~3 min).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
ROOT = Path(os.environ.get("BENCH_CODE_ROOT", HERE.parent)).resolve()

from bench.measure import measure  # noqa: E402
from bench.zones import write_zone  # noqa: E402

SIZE = 10_000
REPEATS = 7

_IN_PROCESS = """
import sys, time
sys.path.insert(0, {root!r})
import importlib
from zonestack.loader import check_zone
modules = []
for name in ("zonestack.rdata", "zonestack.rdtypes"):
    try:
        modules.append(importlib.import_module(name))
    except ImportError:
        pass  # older code without the module
best = best_wall = None
for _ in range({repeats}):
    for module in modules:
        for name in dir(module):
            clear = getattr(getattr(module, name), "cache_clear", None)
            if clear: clear()
    start, wall = time.process_time(), time.perf_counter()
    zone, findings = check_zone({path!r})
    took, wall = time.process_time() - start, time.perf_counter() - wall
    assert zone is not None and not [f for f in findings if getattr(f, "severity", "error") == "error"], findings[:3]
    best = took if best is None else min(best, took)
    best_wall = wall if best_wall is None else min(best_wall, wall)
print(best, best_wall)
"""


_ONCE = """
import sys
sys.path.insert(0, {root!r})
from zonestack.loader import check_zone
zone, errors = check_zone({path!r})
assert zone is not None and not [f for f in errors if getattr(f, "severity", "error") == "error"]
"""


def instructions(path: Path) -> int | None:
    """Instructions of one check_zone process under callgrind, or None without valgrind / unless asked."""
    if os.environ.get("BENCH_INSTRUCTIONS") != "1" or shutil.which("valgrind") is None:
        return None
    code = _ONCE.format(root=str(ROOT), path=str(path))
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    found = re.search(r"Collected : (\d+)", run.stderr)
    return int(found.group(1)) if found else None


def main(label: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_zone(Path(tmp) / "records", SIZE)
        os.chdir(ROOT)  # ``python -m zonestack`` imports the checkout under test
        runs = [measure([sys.executable, "-m", "zonestack", "validate", str(path)]) for _ in range(REPEATS)]
        code = _IN_PROCESS.format(root=str(ROOT), repeats=REPEATS, path=str(path))
        counted = instructions(path)
        cpu, wall = map(float, subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                              text=True, cwd=ROOT).stdout.split())
    entry = {"record_sets": SIZE, "repeats": REPEATS, "cli_wall_s": round(min(r.wall_s for r in runs), 3),
             "cli_peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
             "check_zone_cpu_s": round(cpu, 3), "check_zone_wall_s": round(wall, 3),
             "load_1min": round(os.getloadavg()[0], 1), "instructions": counted,
             "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    store = out / "validate.json"
    data = json.loads(store.read_text()) if store.exists() else {}
    data[label] = entry
    store.write_text(json.dumps(data, indent=2) + "\n")
    lines = ["# Validation speed, 10,000 record sets", "",
             f"`zonestack validate` in a fresh process (best of {REPEATS}) and `check_zone` in process "
             f"(best of {REPEATS}, value caches cleared; CPU and wall time). Target: a change stays within 10 % "
             "of the previous entry. The machine is shared: the 1-minute load average is noted.", "",
             "| label | measured | load | CLI wall (s) | CLI peak RSS (MB) | check_zone CPU (s) | check_zone wall (s) "
             "| instructions, one check_zone process |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {k} | {v['measured']} | {v.get('load_1min', '')} | {v['cli_wall_s']:.3f} | {v['cli_peak_rss_mb']:.0f} | "
              f"{v.get('check_zone_cpu_s', '')} | {v.get('check_zone_wall_s', v.get('check_zone_s'))} | "
              f"{format(v['instructions'], ',') if v.get('instructions') else ''} |"
              for k, v in data.items()]
    (out / "validate.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[-len(data):]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "latest"))
