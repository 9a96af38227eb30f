"""The first deploy of a big zone, limit lifted: side by side with octoDNS, and where the time goes (issue 18).

    python bench/first_deploy.py [--rounds 3] [--sets 1000] [--variant-sets 1000 500 250] [--variant-rounds 1]

Each run gets a fresh emulator (limiter off: ``rate_limit_per_minute=0``) holding one
empty zone, and a fresh project; nothing is deployed before. Wall and CPU (user +
system of the process and every child it waited for) come from ``bench.plans.timed``.

* **Side by side**: ``zonestack deploy --quiet`` (real Terraform + go-gandi, local
  state, ``ZONESTACK_RATE_LIMIT=100000`` so its pacer does not hold it back) and
  ``octodns-sync --doit`` (octoDNS 1.22 + octodns-gandi, its venv and config from
  ``bench.plans``) create the same ``--sets`` record sets; ``--rounds`` interleaved
  rounds, the first tool alternating. Target: zonestack ≤ 2× octoDNS wall.
* **Variants** (zonestack only, interleaved within each round): Terraform's local
  backend (rewrites the whole state file after every resource), the ``pg`` backend
  (a throwaway PostgreSQL on 127.0.0.1 from ``devkit.postgres``) with the default
  ``TF_STATE_PERSIST_INTERVAL`` and with 60 s, and ``-parallelism`` other than the
  deploy's 10 (set by replacing ``zonestack.deploy.session.lanes`` in the deploy's
  process: the product has no setting for it), the first deploy applied in chunks
  (``BENCH_CHUNKS=n``: n successive deploys, each declaring ``sets/n`` more record
  sets, timed together, as a user would split it), and with ``BENCH_TOFU=/path/to/tofu``
  OpenTofu instead of Terraform (local and pg backends).
* **Phases**: one non-quiet deploy of ``--sets`` with each output line timestamped:
  time to the plan summary (synth, init, snapshot, plan) and from it to the end
  (apply, read-back, summary).

Results: ``bench/results/first_deploy.json`` and ``.md`` (``--out`` names another pair). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.plans import Run, Scenario, octodns_project, octodns_venv, timed, zone_text  # noqa: E402
from livedns_emulator import Emulator, Settings  # noqa: E402
from zonestack.toolchain.prepare import EXIT_OK, prepare  # noqa: E402

PAT = "pat_bench_first_" + "f" * 24
LANES = ("import sys\nimport zonestack.deploy.session as session\n"
         "session.lanes = lambda *args, **kwargs: '-parallelism={n}'\n"
         "from zonestack.cli import main\nsys.argv[0] = 'zonestack'\nmain()\n")
"""The deploy with Terraform's ``-parallelism`` fixed at ``{n}`` (bench only)."""
VARIANTS: dict[str, dict[str, str]] = {
    "local backend (default)": {},
    "pg backend": {"ZONESTACK_BACKEND": "pg"},
    "pg backend, TF_STATE_PERSIST_INTERVAL=60": {"ZONESTACK_BACKEND": "pg", "TF_STATE_PERSIST_INTERVAL": "60"},
    "local, -parallelism=4": {"BENCH_LANES": "4"},
    "local, -parallelism=20": {"BENCH_LANES": "20"},
    "local, -parallelism=40": {"BENCH_LANES": "40"},
    "local, 4 successive deploys of 250 more sets": {"BENCH_CHUNKS": "4"},
    "pg backend, 4 successive deploys of 250 more sets": {"BENCH_CHUNKS": "4", "ZONESTACK_BACKEND": "pg"},
}
TOFU = os.environ.get("BENCH_TOFU", "")
"""An OpenTofu binary to compare with Terraform (``BENCH_TOFU=/path/to/tofu``); its variants exist only then."""
if TOFU:
    VARIANTS |= {"OpenTofu, local": {"TERRAFORM_BINARY_NAME": TOFU},
                 "OpenTofu, pg backend": {"TERRAFORM_BINARY_NAME": TOFU, "ZONESTACK_BACKEND": "pg"},
                 "OpenTofu, -parallelism=4": {"TERRAFORM_BINARY_NAME": TOFU, "BENCH_LANES": "4"},
                 "OpenTofu, -parallelism=30": {"TERRAFORM_BINARY_NAME": TOFU, "BENCH_LANES": "30"}}


class Fresh:
    """A fresh emulator with one empty zone, and a fresh zonestack project for it, in ``tmp``."""

    def __init__(self, tmp: Path, scenario: Scenario, toolchain: dict[str, str]) -> None:
        from tests.e2e.support import copy_project

        self.scenario = scenario
        self.emu = Emulator.start(tmp / "emu", Settings(fsync=False, rate_limit_per_minute=0))
        self.emu.add_token(PAT, label="bench")
        (self.zone,) = scenario.names()
        self.emu.register_domain(self.zone)
        self.emu.create_zone(self.zone, automatic_snapshots=False)
        self.project = copy_project(tmp / "zonestack")
        for stale in (self.project / "records").glob("*.yaml"):
            stale.unlink()
        (self.project / "records" / f"{self.zone}.yaml").write_text(zone_text(self.zone, scenario.sets),
                                                                      encoding="utf-8")
        self.octo = octodns_project(scenario, tmp / "octodns", self.emu.url)
        self.env = {**os.environ, **toolchain, "GANDI_URL": self.emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
                    "GANDI_TOKEN": PAT, "PYTHONPATH": f"{self.octo}{os.pathsep}{REPO}", "ZONESTACK_BACKEND": "local",
                    "ZONESTACK_RATE_LIMIT": "100000"}
        for name in ("TF_LOG", "PYTHONDONTWRITEBYTECODE", "TF_STATE_PERSIST_INTERVAL", "PG_CONN_STR"):
            self.env.pop(name, None)

    def live(self) -> int:
        return len(self.emu.rrsets(self.zone))

    def stop(self) -> None:
        self.emu.stop()


def fresh_run(scenario: Scenario, toolchain: dict[str, str], run: Callable[[Fresh], dict[str, object]]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        site = Fresh(Path(scratch), scenario, toolchain)
        try:
            load = os.getloadavg()[0]
            row = run(site)
            return {**row, "live": site.live(), "sets": scenario.sets, "load1": round(load, 2)}
        finally:
            site.stop()


def zonestack_argv(knobs: dict[str, str]) -> list[str]:
    lanes = knobs.get("BENCH_LANES")
    head = [sys.executable, "-c", LANES.format(n=lanes)] if lanes else [sys.executable, "-m", "zonestack"]
    return [*head, "deploy", "--quiet"]


def run_zonestack(knobs: dict[str, str], pg: str | None, tag: str) -> Callable[[Fresh], dict[str, object]]:
    def run(site: Fresh) -> dict[str, object]:
        env = {**site.env, **{k: v for k, v in knobs.items() if not k.startswith("BENCH_")}}
        if knobs.get("ZONESTACK_BACKEND") == "pg":
            assert pg is not None
            env |= {"PG_CONN_STR": pg, "ZONESTACK_PG_SCHEMA_PREFIX": tag}
        chunks = int(knobs.get("BENCH_CHUNKS", "1"))
        records = site.project / "records" / f"{site.zone}.yaml"
        steps = []
        for step in range(1, chunks + 1):
            if chunks > 1:
                records.write_text(zone_text(site.zone, site.scenario.sets * step // chunks), encoding="utf-8")
            steps.append(timed(zonestack_argv(knobs), site.project, env))
        done = Run(round(sum(s.wall_s for s in steps), 2), round(sum(s.cpu_s for s in steps), 2),
                   all(s.ok for s in steps))
        again = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--plan-only", "--quiet"],
                               cwd=site.project, env=env, capture_output=True, text=True, timeout=3600)
        return {**vars(done), "next_plan_clean": again.returncode == 0 and "no changes" in again.stdout}
    return run


def run_octodns(sync: Path) -> Callable[[Fresh], dict[str, object]]:
    def run(site: Fresh) -> dict[str, object]:
        return vars(timed([str(sync), "--config-file", str(site.octo / "config.yaml"), "--doit"], site.octo, site.env))
    return run


def phases(scenario: Scenario, toolchain: dict[str, str]) -> dict[str, object]:
    """One non-quiet deploy, each output line timestamped: seconds to the plan summary and after it."""
    def run(site: Fresh) -> dict[str, object]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        marks: dict[str, float] = {}
        proc = subprocess.Popen([sys.executable, "-m", "zonestack", "deploy"], cwd=site.project, env=site.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            now = round(time.monotonic() - start, 2)
            marks.setdefault("first output", now)
            if "Refreshing state" in line:
                marks.setdefault("terraform plan starts (refresh)", now)
            if line.lstrip().startswith("Plan:"):
                marks.setdefault("plan summary", now)
            if "Creating..." in line or "Creation complete" in line:
                marks.setdefault("first create", now)
                marks["last create"] = now
            if "Apply complete" in line:
                marks.setdefault("apply complete", now)
        proc.wait(timeout=3600)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        state = site.project / ".state" / site.zone / "terraform.tfstate"
        return {"exit": proc.returncode, "wall_s": round(wall, 2),
                "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 2),
                "marks": marks, "state_bytes": state.stat().st_size if state.is_file() else 0}
    return fresh_run(scenario, toolchain, run)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sets", type=int, default=1000)
    parser.add_argument("--variant-sets", type=int, nargs="*", default=[1000])
    parser.add_argument("--variant-rounds", type=int, default=1)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    parser.add_argument("--skip-side-by-side", action="store_true")
    parser.add_argument("--out", default="first_deploy", help="results file name (without .json/.md)")
    args = parser.parse_args(argv)
    report = prepare()
    if report.exit_code != EXIT_OK:
        print("the go-gandi provider is unavailable: run `zonestack setup`", file=sys.stderr)
        return 3
    toolchain = dict(report.env)
    sync = octodns_venv()
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    doc: dict[str, object] = {"machine": machine, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    pairs: list[dict[str, object]] = []
    scenario = Scenario(f"first deploy, 1 zone × {args.sets} sets", 1, args.sets)
    if not args.skip_side_by_side:
        tools = {"zonestack": run_zonestack({}, None, "zs"), "octodns": run_octodns(sync)}
        if TOFU:  # zonestack on OpenTofu as a third tool in the same interleaved rounds
            tools["zonestack-tofu"] = run_zonestack({"TERRAFORM_BINARY_NAME": TOFU}, None, "zt")
        for index in range(args.rounds):
            order = list(tools) if index % 2 == 0 else list(reversed(tools))
            runs = {tool: fresh_run(scenario, toolchain, tools[tool]) for tool in order}
            pair: dict[str, object] = dict(runs)
            for tool, suffix in (("zonestack", ""), ("zonestack-tofu", "_tofu")):
                if tool in runs:
                    pair[f"wall_ratio{suffix}"] = round(float(runs[tool]["wall_s"]) / float(runs["octodns"]["wall_s"]), 2)  # type: ignore[arg-type]
                    pair[f"cpu_ratio{suffix}"] = round(float(runs[tool]["cpu_s"]) / max(float(runs["octodns"]["cpu_s"]), 0.01), 2)  # type: ignore[arg-type]
            pairs.append(pair)
            print(json.dumps(pairs[-1]), flush=True)
        doc["side_by_side"] = {"sets": args.sets, "pairs": pairs, "tofu": TOFU,
                               "median_wall_ratio": statistics.median(float(p["wall_ratio"]) for p in pairs),  # type: ignore[arg-type]
                               "median_cpu_ratio": statistics.median(float(p["cpu_ratio"]) for p in pairs)}  # type: ignore[arg-type]
        if TOFU:
            doc["side_by_side"]["median_wall_ratio_tofu"] = statistics.median(float(p["wall_ratio_tofu"]) for p in pairs)  # type: ignore[index, arg-type]
            doc["side_by_side"]["median_cpu_ratio_tofu"] = statistics.median(float(p["cpu_ratio_tofu"]) for p in pairs)  # type: ignore[index, arg-type]
        (out / f"{args.out}.json").write_text(json.dumps(doc, indent=2) + "\n")
    doc["phases"] = phases(scenario, toolchain)
    print(json.dumps(doc["phases"]), flush=True)
    variant_rows: list[dict[str, object]] = []
    wanted = {name: VARIANTS[name] for name in args.variants}
    from devkit.postgres import temporary_postgres

    with tempfile.TemporaryDirectory() as pgdir, temporary_postgres(pgdir) as pg:
        serial = 0
        for sets in args.variant_sets:
            sized = Scenario(f"first deploy, 1 zone × {sets} sets", 1, sets)
            for index in range(args.variant_rounds):
                names = list(wanted) if index % 2 == 0 else list(reversed(wanted))
                for name in names:
                    serial += 1
                    row = fresh_run(sized, toolchain, run_zonestack(wanted[name], pg, f"b{serial}"))
                    variant_rows.append({"variant": name, "round": index + 1, **row})
                    print(json.dumps(variant_rows[-1]), flush=True)
                    doc["variants"] = variant_rows
                    (out / f"{args.out}.json").write_text(json.dumps(doc, indent=2) + "\n")
    doc["variants"] = variant_rows
    (out / f"{args.out}.json").write_text(json.dumps(doc, indent=2) + "\n")
    write_md(doc, out / f"{args.out}.md")
    return 0


def write_md(doc: dict[str, object], path: Path) -> None:
    lines = ["# The first deploy of a big zone, limit lifted", "",
             f"Each run: a fresh emulator (limiter off) with one empty zone, a fresh project; each tool a separate "
             f"process; CPU = user + system of the process and its children; load1 = the 1-minute load average "
             f"before the run. {doc['machine']}, {doc['date']}.", ""]
    side = doc.get("side_by_side")
    if isinstance(side, dict):
        lines += [f"## Side by side with octoDNS ({side['sets']} sets, interleaved, first tool alternating)", ""]
        for tool, suffix, title in (("zonestack", "", "zonestack"), ("zonestack-tofu", "_tofu", "zonestack on OpenTofu")):
            if side.get(f"median_wall_ratio{suffix}") is None:
                continue
            lines += [f"| round | {title} wall / CPU (s) | octoDNS wall / CPU (s) | wall ratio | CPU ratio | live z / o "
                      "| load1 z / o |", "|--:|---|---|--:|--:|---|---|"]
            for i, p in enumerate(side["pairs"], 1):
                z, o = p[tool], p["octodns"]
                lines.append(f"| {i} | {z['wall_s']} / {z['cpu_s']} | {o['wall_s']} / {o['cpu_s']} | {p[f'wall_ratio{suffix}']} "
                             f"| {p[f'cpu_ratio{suffix}']} | {z['live']} / {o['live']} | {z['load1']} / {o['load1']} |")
            lines += ["", f"{title}: median wall ratio **{side[f'median_wall_ratio{suffix}']}**, CPU ratio "
                      f"{side[f'median_cpu_ratio{suffix}']} (target ≤ 2× wall).", ""]
    ph = doc.get("phases")
    if isinstance(ph, dict):
        marks = ", ".join(f"{k} {v} s" for k, v in ph["marks"].items())
        lines += ["## Where the time goes (one non-quiet local-backend deploy)", "",
                  f"Wall {ph['wall_s']} s, CPU {ph['cpu_s']} s, load1 {ph['load1']}; output marks: {marks}; "
                  f"state file {ph['state_bytes']} bytes at the end.", ""]
    rows = doc.get("variants")
    if isinstance(rows, list) and rows:
        lines += ["## Variants (zonestack only, interleaved)", "",
                  "| variant | sets | round | exit | wall (s) | CPU (s) | live | next plan clean | load1 |",
                  "|---|--:|--:|--:|--:|--:|---|---|--:|"]
        lines += [f"| {r['variant']} | {r['sets']} | {r['round']} | {0 if r['ok'] else 1} | {r['wall_s']} | {r['cpu_s']} "
                  f"| {r['live']}/{r['sets']} | {r['next_plan_clean']} | {r['load1']} |" for r in rows]
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
