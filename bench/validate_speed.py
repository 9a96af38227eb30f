"""Validation speed: ``zonestack validate`` on the generated 10,000-record-set zone.

Two numbers, each best of ``REPEATS``: a fresh process (interpreter start and
imports included, as a user runs it) and the in-process ``check_zone`` call with
the value caches cleared (validation alone, less noisy). Run it on the code
before and after a change with a label; ``bench/results/validate.json`` keeps one
entry per label and ``validate.md`` shows them side by side.

    python bench/validate_speed.py before     # on the old code
    python bench/validate_speed.py after      # on the new code
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.measure import measure  # noqa: E402
from bench.zones import write_zone  # noqa: E402

SIZE = 10_000
REPEATS = 7

_IN_PROCESS = """
import sys, time
sys.path.insert(0, {root!r})
from zonestack import rdata
from zonestack.loader import check_zone
best = None
for _ in range({repeats}):
    for name in dir(rdata):
        clear = getattr(getattr(rdata, name), "cache_clear", None)
        if clear: clear()
    start = time.perf_counter()
    zone, findings = check_zone({path!r})
    took = time.perf_counter() - start
    assert zone is not None and not [f for f in findings if getattr(f, "severity", "error") == "error"], findings[:3]
    best = took if best is None else min(best, took)
print(best)
"""


def main(label: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_zone(Path(tmp) / "records", SIZE)
        runs = [measure([sys.executable, "-m", "zonestack", "validate", str(path)]) for _ in range(REPEATS)]
        code = _IN_PROCESS.format(root=str(ROOT), repeats=REPEATS, path=str(path))
        in_process = float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                          text=True, cwd=ROOT).stdout.strip())
    entry = {"record_sets": SIZE, "repeats": REPEATS, "cli_wall_s": round(min(r.wall_s for r in runs), 3),
             "cli_peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
             "check_zone_s": round(in_process, 3), "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    store = out / "validate.json"
    data = json.loads(store.read_text()) if store.exists() else {}
    data[label] = entry
    store.write_text(json.dumps(data, indent=2) + "\n")
    lines = ["# Validation speed, 10,000 record sets", "",
             f"`zonestack validate` in a fresh process (best of {REPEATS}) and `check_zone` in process "
             f"(best of {REPEATS}, value caches cleared). Target: a change stays within 10 % of the previous entry.", "",
             "| label | measured | CLI wall (s) | CLI peak RSS (MB) | check_zone (s) |", "|---|---|---:|---:|---:|"]
    lines += [f"| {k} | {v['measured']} | {v['cli_wall_s']:.3f} | {v['cli_peak_rss_mb']:.0f} | {v['check_zone_s']:.3f} |"
              for k, v in data.items()]
    (out / "validate.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[-len(data):]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "latest"))
