"""Benchmark: validate + synthesise generated zones of 100, 1,000 and 10,000 record
sets, next to the floor (PyYAML C loader + json.dump), each in a fresh process.

Writes ``bench/results/synth.json`` and ``bench/results/synth.md``. Targets (not
asserted: a benchmark reports, tests assert behaviour): 10,000 record sets in
under 3 s wall, within 5x of the floor, under 200 MB peak RSS.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import measure  # noqa: E402
from bench.zones import write_zone  # noqa: E402

SIZES = (100, 1_000, 10_000)
REPEATS = 3
TARGET_WALL_S, TARGET_RATIO, TARGET_RSS_MB = 3.0, 5.0, 200.0


def best_of(argv: list[str]) -> dict[str, float]:
    runs = [measure(argv) for _ in range(REPEATS)]
    return {
        "wall_s": round(min(r.wall_s for r in runs), 3),
        "wall_median_s": round(statistics.median(r.wall_s for r in runs), 3),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
        "python_rss_mb": round(max(r.python_rss_mb for r in runs), 1),
    }


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            workdir = Path(tmp) / f"zone-{size}"
            records = write_zone(workdir / "records", size).parent
            out = workdir / "floor-out"
            out.mkdir()
            job = best_of([sys.executable, str(HERE / "job.py"), str(workdir)])
            floor = best_of([sys.executable, str(HERE / "floor.py"), str(records), str(out)])
            rows.append({"record_sets": size, "zonestack": job, "floor": floor,
                         "ratio": round(job["wall_s"] / floor["wall_s"], 2)})
            print(f"{size:>6} record sets: zonestack {job['wall_s']:.2f}s {job['peak_rss_mb']:.0f} MB | "
                  f"floor {floor['wall_s']:.2f}s {floor['peak_rss_mb']:.0f} MB | {rows[-1]['ratio']}x", flush=True)
    big = rows[-1]
    verdict = {
        "wall_under_3s": big["zonestack"]["wall_s"] < TARGET_WALL_S,
        "within_5x_floor": big["ratio"] <= TARGET_RATIO,
        "rss_under_200mb_whole_tree": big["zonestack"]["peak_rss_mb"] < TARGET_RSS_MB,
        "rss_under_200mb_python_process": big["zonestack"]["python_rss_mb"] < TARGET_RSS_MB,
    }
    result = {"machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                          "platform": platform.platform()}, "repeats": REPEATS, "rows": rows, "targets_met": verdict}
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "synth.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = ["# Validate + synthesise benchmark", "",
             "Fresh process per run (interpreter start, imports, jsii's Node process included); best of "
             f"{REPEATS}; RSS is the whole process tree.", "",
             "| record sets | zonestack wall (s) | peak RSS, tree (MB) | peak RSS, Python (MB) | floor wall (s) | floor RSS (MB) | ratio |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['record_sets']:,} | {r['zonestack']['wall_s']:.2f} | {r['zonestack']['peak_rss_mb']:.0f} | "
                     f"{r['zonestack']['python_rss_mb']:.0f} | "
                     f"{r['floor']['wall_s']:.2f} | {r['floor']['peak_rss_mb']:.0f} | {r['ratio']}x |")
    lines += ["", "Targets for 10,000 record sets: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in verdict.items())]
    (results / "synth.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[-1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
