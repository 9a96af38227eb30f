"""The everyday plan, side by side with octoDNS: interleaved runs, ratios from one series (issue 18).

    pipenv run python bench/plans.py [--rounds 3] [--quick]

Both tools plan the same generated zones (``bench.zones``) against the project's
LiveDNS emulator on 127.0.0.1, each as a separate process; wall time and CPU
(user + system of the process and every child it waited for: Terraform, the
provider, Node) are taken per run, and the two tools alternate within each
round (which goes first alternates too), so both see the same machine. The load
average is recorded with every pair.

* zonestack: ``python -m zonestack deploy --plan-only --quiet`` in a project
  deployed once before (real Terraform + go-gandi; state in ``.state/``);
* octoDNS: ``octodns-sync`` (a dry run, its plan) with octodns-gandi, installed
  from PyPI into a venv of its own by this script (``.cache/zonestack/bench-octodns``);
  its client's endpoint is pointed at the emulator by a three-line subclass.

Scenarios (the issue's targets): a no-change plan of 5 zones × 100 sets and of
1 zone × 1,000 sets (≤ 1.5× octoDNS wall and CPU), and a plan with one record
changed in one of 100 zones × 100 sets (≤ 2×). ``--quick`` uses 20 zones instead
of 100 for the last one; ``--only TEXT`` runs the scenarios whose label contains TEXT. Results:
``bench/results/plans.json`` and ``plans.md`` (``--out`` names another pair).
Needs the provider (``zonestack setup``); not part of the test suite (minutes).
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
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.peers import to_octodns  # noqa: E402
from bench.zones import ZONE, zone_yaml  # noqa: E402
from livedns_emulator import Emulator, Settings  # noqa: E402
from zonestack.toolchain.prepare import EXIT_OK, prepare  # noqa: E402

PAT = "pat_bench_plans_" + "p" * 24
OCTODNS = ("octodns==1.22.0", "octodns-gandi==1.2.0")
VENV = REPO / ".cache" / "zonestack" / "bench-octodns"
LOCAL_PROVIDER = '''\
from octodns_gandi import GandiProvider


class LocalGandiProvider(GandiProvider):
    """octodns-gandi with its endpoint (fixed to api.gandi.net) pointed at the emulator."""

    def __init__(self, id, token, endpoint, *args, **kwargs):
        super().__init__(id, token, *args, **kwargs)
        self._client.endpoint = endpoint
'''


@dataclass
class Scenario:
    """``zones`` zones of ``sets`` record sets; ``change`` edits one record of the first zone."""

    label: str
    zones: int
    sets: int
    change: bool = False

    def names(self) -> list[str]:
        return [f"z{i:03d}.{ZONE}" for i in range(self.zones)]


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    ok: bool


def octodns_venv() -> Path:
    """octoDNS in a venv of its own (made once, then reused)."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *OCTODNS],
                       check=True)
    return VENV / "bin" / "octodns-sync"


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Wall and CPU (this child and every descendant it waited for) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=3600)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        print(f"  {argv[:4]} exit {done.returncode}: {(done.stderr or done.stdout).strip()[-400:]}", file=sys.stderr)
    return Run(round(wall, 2), round(cpu, 2), done.returncode == 0)


def zone_text(name: str, sets: int, changed: bool = False) -> str:
    text = zone_yaml(sets).replace(f"zone: {ZONE}", f"zone: {name}")
    return text.replace("192.0.2.1,", "192.0.2.254,", 1) if changed else text


def build(scenario: Scenario, tmp: Path, toolchain: dict[str, str]) -> tuple[Emulator, Path, Path, dict[str, str]]:
    """The emulator with the zones deployed by zonestack, a zonestack project and an octoDNS config."""
    from tests.e2e.support import copy_project

    emu = Emulator.start(tmp / "emu", Settings(fsync=False))
    emu.add_token(PAT, label="bench")
    project = copy_project(tmp / "zonestack")
    for stale in (project / "records").glob("*.yaml"):
        stale.unlink()
    for name in scenario.names():
        emu.register_domain(name)
        emu.create_zone(name, automatic_snapshots=False)
        (project / "records" / f"{name}.yaml").write_text(zone_text(name, scenario.sets), encoding="utf-8")
    env = {**os.environ, **toolchain, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
           "GANDI_TOKEN": PAT, "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local", "ZONESTACK_RATE_LIMIT": "100000"}
    env.pop("TF_LOG", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: both tools reuse their bytecode
    first = timed([sys.executable, "-m", "zonestack", "deploy", "--quiet"], project, env)
    if not first.ok:
        raise SystemExit(f"{scenario.label}: the first deploy failed")
    octo = octodns_project(scenario, tmp / "octodns", emu.url)
    return emu, project, octo, {**env, "PYTHONPATH": f"{octo}{os.pathsep}{REPO}"}


def octodns_project(scenario: Scenario, octo: Path, url: str) -> Path:
    """An octoDNS config (``octo/config.yaml``) syncing the scenario's zones to the emulator at ``url``."""
    (octo / "zones").mkdir(parents=True)
    (octo / "octodns_local.py").write_text(LOCAL_PROVIDER, encoding="utf-8")
    zones = {}
    for name in scenario.names():
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / f"{ZONE}.yaml"
            source.write_text(zone_text(name, scenario.sets).replace(f"zone: {name}", f"zone: {ZONE}"),
                              encoding="utf-8")
            to_octodns(source, Path(scratch) / "out")
            converted = (Path(scratch) / "out" / f"{ZONE}.yaml").read_text(encoding="utf-8")
            # relative CNAME targets were completed with the placeholder zone: complete them with this one
            (octo / "zones" / f"{name}.yaml").write_text(converted.replace(f".{ZONE}.", f".{name}."),
                                                         encoding="utf-8")
        zones[f"{name}."] = {"sources": ["config"], "targets": ["gandi"]}
    config = {"providers": {
        "config": {"class": "octodns.provider.yaml.YamlProvider", "directory": str(octo / "zones"),
                   "enforce_order": False},
        "gandi": {"class": "octodns_local.LocalGandiProvider", "token": "env/GANDI_TOKEN",
                  "endpoint": url + "/v5"}},
        "zones": zones}
    (octo / "config.yaml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    return octo


def apply_change(scenario: Scenario, project: Path, octo: Path) -> None:
    """The pull request: one record changed in the first zone, in both tools' files."""
    name = scenario.names()[0]
    (project / "records" / f"{name}.yaml").write_text(zone_text(name, scenario.sets, True), encoding="utf-8")
    zone_file = octo / "zones" / f"{name}.yaml"
    zone_file.write_text(zone_file.read_text(encoding="utf-8").replace("192.0.2.1\n", "192.0.2.254\n", 1),
                         encoding="utf-8")


def measure(scenario: Scenario, rounds: int, toolchain: dict[str, str], sync: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        emu, project, octo, env = build(scenario, tmp, toolchain)
        try:
            if scenario.change:
                apply_change(scenario, project, octo)
            tools = {
                "zonestack": ([sys.executable, "-m", "zonestack", "deploy", "--plan-only", "--quiet"], project),
                "octodns": ([str(sync), "--config-file", str(octo / "config.yaml")], octo),
            }
            pairs = []
            for index in range(rounds):
                order = list(tools) if index % 2 == 0 else list(reversed(tools))
                load = os.getloadavg()[0]
                runs = {tool: timed(tools[tool][0], tools[tool][1], env) for tool in order}
                pairs.append({"load1": round(load, 2), **{t: vars(r) for t, r in runs.items()},
                              "wall_ratio": round(runs["zonestack"].wall_s / runs["octodns"].wall_s, 2),
                              "cpu_ratio": round(runs["zonestack"].cpu_s / max(runs["octodns"].cpu_s, 0.01), 2)})
                print(json.dumps({scenario.label: pairs[-1]}), flush=True)
        finally:
            emu.stop()
    return {"scenario": scenario.label, "zones": scenario.zones, "sets": scenario.sets, "pairs": pairs,
            "median_wall_ratio": statistics.median(p["wall_ratio"] for p in pairs),
            "median_cpu_ratio": statistics.median(p["cpu_ratio"] for p in pairs)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="tiny zones: check the bench itself, no figures")
    parser.add_argument("--only", default="", help="run only the scenarios whose label contains this text")
    parser.add_argument("--out", default="plans", help="results file name (without .json/.md)")
    args = parser.parse_args(argv)
    report = prepare()
    if report.exit_code != EXIT_OK:
        print("the go-gandi provider is unavailable: run `zonestack setup`", file=sys.stderr)
        return 3
    sync = octodns_venv()
    many = 20 if args.quick else 100
    scenarios = [Scenario("no-change plan, 5 zones × 100 sets", 5, 100),
                 Scenario("no-change plan, 1 zone × 1,000 sets", 1, 1000),
                 Scenario(f"one record changed in 1 of {many} zones × 100 sets", many, 100, change=True)]
    if args.smoke:
        scenarios = [Scenario("smoke no-change", 2, 12), Scenario("smoke one change", 3, 12, change=True)]
    scenarios = [s for s in scenarios if args.only in s.label]
    rows = [measure(s, args.rounds, dict(report.env), sync) for s in scenarios]
    if args.smoke:
        return 0
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    machine = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    (results / f"{args.out}.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n")
    lines = ["# The everyday plan, side by side with octoDNS", "",
             f"Interleaved runs ({args.rounds} rounds, alternating which tool goes first), each tool a separate "
             f"process against the emulator on 127.0.0.1; CPU = user + system of the process and its children. "
             f"Machine: {machine['cpus']} CPUs, {machine['platform']}. Ratios are zonestack / octoDNS "
             "(median of the rounds); load1 is the 1-minute load average before each pair.", "",
             "| scenario | zonestack wall / CPU (s) | octoDNS wall / CPU (s) | wall ratio | CPU ratio | load1 |",
             "|---|---|---|---:|---:|---|"]
    for row in rows:
        pairs = row["pairs"]
        ours = "; ".join(f"{p['zonestack']['wall_s']} / {p['zonestack']['cpu_s']}" for p in pairs)
        theirs = "; ".join(f"{p['octodns']['wall_s']} / {p['octodns']['cpu_s']}" for p in pairs)
        load = ", ".join(str(p["load1"]) for p in pairs)
        lines.append(f"| {row['scenario']} | {ours} | {theirs} | {row['median_wall_ratio']} | "
                     f"{row['median_cpu_ratio']} | {load} |")
    (results / f"{args.out}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
