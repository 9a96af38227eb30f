"""``zonestack import bind`` on large inputs: a long zone file, ``$GENERATE`` at the
bound, and one far past it (refused before it expands).

Run: ``python bench/import_bind.py`` → ``bench/results/import_bind.md`` and ``.json``.
Fresh process per run, best of 3 (1 for the refusal is enough: it reads one line).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import measure  # noqa: E402
from zonestack.importers.bindfile import DEFAULT_LIMITS  # noqa: E402

ZONE = "big.example"
CASES = {
    "10,000 lines": "".join(f"host-{i} A 192.0.2.{i % 250 + 1}\n" for i in range(10_000)),
    f"$GENERATE 1-{DEFAULT_LIMITS.max_records} (the bound)":
        f"$GENERATE 1-{DEFAULT_LIMITS.max_records} host-$ A 192.0.2.1\n",
    "$GENERATE 1-1000000 (refused)": "$GENERATE 1-1000000 host-$ A 192.0.2.1\n",
}


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, body in CASES.items():
            source = Path(tmp) / "in.zone"
            source.write_text(f"$ORIGIN {ZONE}.\n$TTL 300\n{body}")
            argv = [sys.executable, "-m", "zonestack", "import", "bind", str(source), "--zone", ZONE,
                    "--out", str(Path(tmp) / "out"), "--force"]
            runs = [measure(argv, {"PYTHONPATH": str(HERE.parent)}) for _ in range(1 if "refused" in label else 3)]
            best = min(runs, key=lambda m: m.wall_s)
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
