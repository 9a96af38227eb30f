"""Benchmark: record sets declared in Python next to record files (issue 13).

Each case runs in a fresh process (interpreter, imports and jsii's Node
process included), best of ``REPEATS``:

- ``yaml 10,000``: ``main.py`` on a 10,000-set record file (``bench/job.py``),
  the path that existed before record sets in code; with ``--baseline DIR``
  the same job of another checkout (e.g. ``main``) runs alternately with it,
  so both see the same machine load.
- ``code 10,000 literal``: ``bench/code_job.py``, 10,000 sets via ``add_record_set``.
- ``code 1,000 / 100 tokens``: 1,000 sets of which 100 hold a token.

Writes ``bench/results/code.json`` and ``bench/results/code.md``. Targets (not
asserted): yaml 10,000 as fast as the baseline; 1,000 sets with 100 tokens < 2 s.

    python bench/code.py [--baseline /path/to/other/checkout]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import measure  # noqa: E402
from bench.zones import write_zone  # noqa: E402

REPEATS = 3


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best(argvs: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Run every command ``REPEATS`` times, interleaved; best wall time, best CPU time
    (user + sys of the process and the children it waited for: steadier than wall
    time on a shared machine)
    and peak RSS of each."""
    runs: dict[str, list] = {name: [] for name in argvs}
    for _ in range(REPEATS):
        for name, argv in argvs.items():
            before = _children_cpu_s()
            result = measure(argv)
            if result.returncode != 0:
                raise SystemExit(f"{name}: exit {result.returncode}")
            runs[name].append((result, _children_cpu_s() - before))
    return {name: {"wall_s": round(min(r.wall_s for r, _ in rs), 3), "cpu_s": round(min(c for _, c in rs), 3),
                   "peak_rss_mb": round(max(r.peak_rss_mb for r, _ in rs), 1)} for name, rs in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout whose bench/job.py is the reference")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_zone(work / "records", 10_000)
        out = str(work / "code-out")
        cases = {
            "yaml 10,000": [sys.executable, str(HERE / "job.py"), str(work)],
            "code 10,000 literal": [sys.executable, str(HERE / "code_job.py"), out, "10000", "0"],
            "code 1,000 / 100 tokens": [sys.executable, str(HERE / "code_job.py"), out, "1000", "100"],
        }
        if args.baseline:
            cases["yaml 10,000 (baseline)"] = [sys.executable, str(args.baseline.resolve() / "bench" / "job.py"), str(work)]
        rows = best(cases)
    for name, row in rows.items():
        print(f"{name:>26}: {row['wall_s']:.2f} s wall, {row['cpu_s']:.2f} s CPU, {row['peak_rss_mb']:.0f} MB", flush=True)
    verdict = {"tokens_1000_100_under_2s": rows["code 1,000 / 100 tokens"]["wall_s"] < 2.0}
    if args.baseline:
        base = rows["yaml 10,000 (baseline)"]["wall_s"]
        verdict["yaml_10000_within_5pct_of_baseline"] = rows["yaml 10,000"]["wall_s"] <= base * 1.05
        base_cpu = rows["yaml 10,000 (baseline)"]["cpu_s"]
        verdict["yaml_10000_cpu_within_5pct_of_baseline"] = rows["yaml 10,000"]["cpu_s"] <= base_cpu * 1.05
    result = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                          "loadavg_at_end": os.getloadavg()}, "repeats": REPEATS, "rows": rows, "targets_met": verdict}
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "code.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = ["# Record sets in code: synthesis benchmark", "",
             f"Fresh process per run, best of {REPEATS}, cases interleaved; RSS is the whole process tree. "
             f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs.", "",
             "| case | wall (s) | CPU (s) | peak RSS, tree (MB) |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {row['wall_s']:.2f} | {row['cpu_s']:.2f} | {row['peak_rss_mb']:.0f} |"
              for name, row in rows.items()]
    lines += ["", "Targets: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in verdict.items())]
    (results / "code.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(lines[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
