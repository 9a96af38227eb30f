"""API requests and time per deploy, side by side with octoDNS, under Gandi's rate limit.

Both tools write the same generated zone (``bench.zones``: A, AAAA, TXT, MX, CNAME, SRV) into the
project's LiveDNS emulator with its limiter at Gandi's 1,000 requests/minute, and the emulator's
request log counts what each sent:

* zonestack: ``zonestack deploy`` (first deploy, through the pacing proxy), then
  ``zonestack deploy --plan-only`` and ``python -m zonestack.deploy diff`` on the unchanged zone;
* octoDNS: ``GandiProvider.plan`` + ``apply`` (octodns-gandi from PyPI, the emulator as endpoint),
  then a second ``plan`` of the unchanged zone — once at the limit (octoDNS never retries a 429),
  once without a limit to count what a sync sends.

Needs the provider (``ZONESTACK_PROVIDER_MIRROR``). Writes ``bench/results/requests.md`` and ``.json``.
Usage: ``pipenv run python bench/api_requests.py [SETS ...]`` (default 1000).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.peers import to_octodns  # noqa: E402
from bench.zones import ZONE, write_zone  # noqa: E402
from livedns_emulator import Emulator, Settings  # noqa: E402
from zonestack.toolchain.prepare import EXIT_OK, prepare  # noqa: E402

PAT = "pat_bench_" + "b" * 30
NOTES = ("A first deploy is one POST and one read-back GET per record set (go-gandi) plus a few zone calls. "
         "A no-change `zonestack deploy --plan-only` is the reconcile's listing (2 pages of 500) plus the "
         "cheap-plan listing (2) and the zone GET (1): Terraform itself sends nothing (`-refresh=false` once "
         "state is proven equal); `python -m zonestack.deploy diff` has no reconcile (3). Without this, the "
         "same plan sent 1,001 requests and failed at the limit. octoDNS sends one POST per set and no "
         "read-back, but stops at the first 429.")
LIMIT = 1000


def _emulator(directory: Path, limit: int = LIMIT) -> Emulator:
    emu = Emulator.start(directory, Settings(fsync=False, rate_limit_per_minute=limit))
    emu.add_token(PAT, label="bench")
    emu.create_zone(ZONE, automatic_snapshots=False)
    return emu


def _counted(emu: Emulator) -> dict[str, int]:
    api = [r for r in emu.requests if r.path.startswith("/v5/")]
    emu.clear_requests()
    return {"requests": sum(1 for r in api if r.status != 429), "rate_limited": sum(1 for r in api if r.status == 429)}


def zonestack_runs(size: int, tmp: Path, toolchain: dict[str, str]) -> dict[str, dict[str, float]]:
    from tests.e2e.support import copy_project

    root = copy_project(tmp / "zonestack")
    for stale in (root / "records").glob("*.yaml"):
        stale.unlink()
    write_zone(root / "records", size)
    (root / "imports").mkdir(exist_ok=True)
    (root / "imports" / f"{ZONE}.json").write_text('{"domain": true, "records": {}}\n')
    emu = _emulator(tmp / "emu-zonestack")
    env = {**os.environ, **toolchain, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
           "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local", "PIPENV_VENV_IN_PROJECT": "1",
           "PIPENV_IGNORE_VIRTUALENVS": "1", "PIPENV_VERBOSITY": "-1"}
    env.pop("TF_LOG", None)
    steps = {
        "first deploy": [sys.executable, "-m", "zonestack", "deploy", "--quiet"],
        "no-change deploy --plan-only": [sys.executable, "-m", "zonestack", "deploy", "--plan-only", "--quiet"],
        "no-change cdktf diff": [sys.executable, "-m", "zonestack.deploy", "diff", ZONE, "--quiet"],
    }
    out: dict[str, dict[str, float]] = {}
    try:
        for label, argv in steps.items():
            start = time.monotonic()
            done = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=1800)
            if done.returncode != 0:
                raise SystemExit(f"{label} failed: {done.stderr.strip().splitlines()[-1:]}")
            out[label] = {**_counted(emu), "wall_s": round(time.monotonic() - start, 1),
                          "outcome": "no changes" if "no changes" in done.stdout else "ok"}
    finally:
        emu.stop()
    return out


def octodns_runs(size: int, tmp: Path) -> dict[str, dict[str, float]]:
    """octoDNS's sync at Gandi's limit (it never retries a 429), then unlimited to count its requests."""
    from octodns.provider.yaml import YamlProvider
    from octodns.zone import Zone
    from octodns_gandi import GandiProvider
    from requests import HTTPError

    records = write_zone(tmp / "octo-records", size)
    to_octodns(records, tmp / "octodns")

    def desired() -> Zone:
        zone = Zone(f"{ZONE}.", [])
        YamlProvider("config", str(tmp / "octodns"), enforce_order=False).populate(zone)
        return zone

    out: dict[str, dict[str, float]] = {}
    for label, limit in (("at the limit", LIMIT), ("no limit", 0)):
        emu = _emulator(tmp / f"emu-octodns-{limit}", limit)

        def provider(emu: Emulator = emu) -> GandiProvider:
            target = GandiProvider("gandi", PAT)
            target._client.endpoint = emu.url + "/v5"
            return target

        try:
            start = time.monotonic()
            target = provider()
            failed = ""
            try:
                target.apply(target.plan(desired()))
            except HTTPError as exc:
                failed = f"failed: {exc.response.status_code}"
            out[f"first sync, {label}"] = {**_counted(emu), "wall_s": round(time.monotonic() - start, 1),
                                           "outcome": failed or "ok"}
            if not failed:
                start = time.monotonic()
                again = provider().plan(desired())
                out[f"no-change plan, {label}"] = {**_counted(emu), "wall_s": round(time.monotonic() - start, 1),
                                                   "outcome": f"{0 if again is None else len(again.changes)} changes"}
        finally:
            emu.stop()
    return out


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000]
    report = prepare()
    if report.exit_code != EXIT_OK:
        print("the go-gandi provider is unavailable: set ZONESTACK_PROVIDER_MIRROR", file=sys.stderr)
        return 3
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            ours = zonestack_runs(size, Path(tmp), dict(report.env))
            print(json.dumps({"record_sets": size, "zonestack": ours}), flush=True)
            theirs = octodns_runs(size, Path(tmp))
        rows.append({"record_sets": size, "zonestack": ours, "octodns": theirs})
        print(json.dumps(rows[-1]), flush=True)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "requests.json").write_text(json.dumps(rows, indent=2) + "\n")
    lines = ["# API requests per deploy, side by side with octoDNS", "",
             f"Generated zone (`bench/zones.py`), the emulator's limiter at Gandi's {LIMIT:,}/min, requests "
             "counted from its request log (429 answers counted apart). zonestack paces at "
             "`ZONESTACK_RATE_LIMIT` (default 900/min) through its proxy; octoDNS does not pace. "
             "Wall time on a shared 2-core machine: read ratios, not seconds.", "",
             "| record sets | tool | step | requests | per set | 429 | outcome | wall (s) |",
             "|---:|---|---|---:|---:|---:|---|---:|"]
    for row in rows:
        size = row["record_sets"]
        for tool in ("zonestack", "octodns"):
            for step, m in row[tool].items():
                lines.append(f"| {size:,} | {tool} | {step} | {m['requests']:.0f} | {m['requests'] / size:.3f} | "
                             f"{m['rate_limited']:.0f} | {m['outcome']} | {m['wall_s']} |")
    lines += ["", NOTES]
    (results / "requests.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
