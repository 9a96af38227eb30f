"""``zonestack import bind`` on large inputs: a long zone file, ``$GENERATE`` at the
bound, and one far past it (refused before it expands).

Run: ``python bench/import_bind.py`` → ``bench/results/import_bind.md`` and ``.json``.
Fresh process per run, best of 3 (one run for the refusal: it reads three lines).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import measure  # noqa: E402
from zonestack.importers.bindfile import DEFAULT_LIMITS  # noqa: E402

ZONE = "big.example"
CASES = {
    "$GENERATE 1-1000000 (refused)": "$GENERATE 1-1000000 host-$ A 192.0.2.1\n",
    "10,000 lines": "".join(f"host-{i} A 192.0.2.{i % 250 + 1}\n" for i in range(10_000)),
    f"$GENERATE 1-{DEFAULT_LIMITS.max_records} (the bound)":
        f"$GENERATE 1-{DEFAULT_LIMITS.max_records} host-$ A 192.0.2.1\n",
}


def refused(argv: list[str]) -> dict[str, float | int]:
    """``measure`` wants success; a refusal is timed here (it runs first, so the
    children's peak RSS is its own)."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    wall = time.perf_counter() - start
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "exit": done.returncode}


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, body in CASES.items():
            source = Path(tmp) / "in.zone"
            source.write_text(f"$ORIGIN {ZONE}.\n$TTL 300\n{body}")
            argv = [sys.executable, "-m", "zonestack", "import", "bind", str(source), "--zone", ZONE,
                    "--out", str(Path(tmp) / "out"), "--force"]
            if "refused" in label:
                rows.append({"case": label, **refused(argv)})
                continue
            best = min((measure(argv, {"PYTHONPATH": str(HERE.parent)}) for _ in range(3)), key=lambda m: m.wall_s)
            rows.append({"case": label, "wall_s": round(best.wall_s, 2), "peak_rss_mb": round(best.peak_rss_mb),
                         "exit": best.returncode})
    results = HERE / "results"
    (results / "import_bind.json").write_text(json.dumps(rows, indent=2) + "\n")
    lines = ["| input | wall (s) | peak RSS (MB) | exit |", "|---|---:|---:|---:|"]
    lines += [f"| {r['case']} | {r['wall_s']} | {r['peak_rss_mb']} | {r['exit']} |" for r in rows]
    load = os.getloadavg()[0]
    (results / "import_bind.md").write_text(
        "# `zonestack import bind` on large inputs\n\n" + "\n".join(lines)
        + f"\n\nMachine load average when measured: {load:.1f} (2 cores).\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
