"""20 ``wiki`` A↔CNAME switches in a row with the real provider (issue 8.5's bar; CI runs 4).

    ZONESTACK_PROVIDER_MIRROR=~/.terraform.d/plugins python bench/type_switch.py [--switches 20]

Runs ``tests/e2e/test_apply_safety.py::test_type_switch_at_one_name_deletes_first``
with ``ZONESTACK_E2E_SWITCHES`` set: the emulator refuses a CNAME beside other
types, every DELETE is slowed by 0.5 s, and each switch must succeed with the
DELETE before the POST. Writes ``bench/results/type_switch.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEST = "tests/e2e/test_apply_safety.py::test_type_switch_at_one_name_deletes_first"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--switches", type=int, default=20)
    args = parser.parse_args()
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST],
                          cwd=HERE.parent, env={**os.environ, "ZONESTACK_E2E_SWITCHES": str(args.switches)},
                          capture_output=True, text=True)
    tail = (done.stdout.strip().splitlines() or [""])[-1]
    result = {"switches": args.switches, "passed": done.returncode == 0, "pytest": tail,
              "wall_s": round(time.monotonic() - started, 1), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "type_switch.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
