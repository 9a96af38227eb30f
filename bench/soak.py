"""Soak: N guarded deploys of random changes, each with a random fault injected (issue 8).

    ZONESTACK_PROVIDER_MIRROR=~/.terraform.d/plugins python bench/soak.py [--runs 20] [--seed 8]

Real Terraform and go-gandi against the emulator (CNAME beside other types
refused, as Gandi does) behind a :class:`FaultProxy`. Each round changes the
record file at random (add, remove, new values, new TTL, ``wiki`` A↔CNAME),
injects one random fault (5xx before or after a write, a dropped connection
after a write, 429/502 on the read-back, or none) into the first deploy, then
reruns without faults (at most 3 times) until a deploy succeeds. After that:
live = declared, state = declared, no declared set lost, and no set that was
declared before and after the change deleted (replaced). Figures go to
``bench/results/soak.json`` and ``soak.md``. Not part of the test suite (minutes).
A round that does not converge is reported, then repaired (see :func:`repair`)
so that every round is judged on its own.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from livedns_emulator.faultproxy import Fault  # noqa: E402
from tests.e2e.applysafe_support import Site, make_site  # noqa: E402
from zonestack.gandi import LiveDNSClient  # noqa: E402
from zonestack.toolchain.prepare import EXIT_OK, prepare  # noqa: E402

ZONE = "soak.org"
PAT = "pat_soak_" + "k" * 24
Declared = dict[tuple[str, str], tuple[int, tuple[str, ...]]]
RECORD = r"/records/[^/]+/[^/]+$"
NAME = r"/records/[^/]+$"
"""The one-request type switch: ``PUT …/records/{name}``."""
FAULTS: dict[str, Fault | None] = {
    "none": None,
    "502 before POST": Fault("POST", r"/records$", "before", 502),
    "500 after POST": Fault("POST", r"/records$", "after", 500),
    "drop after POST": Fault("POST", r"/records$", "drop"),
    "429 on read-back after POST": Fault("GET", RECORD, "before", 429),
    "502 on read-back after POST": Fault("GET", RECORD, "before", 502),
    "502 before PUT": Fault("PUT", RECORD, "before", 502),
    "502 after PUT": Fault("PUT", RECORD, "after", 502),
    "drop after PUT": Fault("PUT", RECORD, "drop"),
    "503 before DELETE": Fault("DELETE", RECORD, "before", 503),
    "502 after DELETE": Fault("DELETE", RECORD, "after", 502),
    "drop after DELETE": Fault("DELETE", RECORD, "drop"),
    "502 before name PUT": Fault("PUT", NAME, "before", 502),
    "502 after name PUT": Fault("PUT", NAME, "after", 502),
    "drop after name PUT": Fault("PUT", NAME, "drop"),
}
WRITES = {"add": ("POST",), "remove": ("DELETE",), "values": ("PUT",), "ttl": ("PUT",), "switch": ("PUT NAME",)}
"""The writes each kind of change makes: a round's fault is drawn among those that hit one of them."""


def change(declared: Declared, rng: random.Random) -> tuple[Declared, str, str]:
    """One random edit of the record file: (new declaration, what, kind)."""
    new = dict(declared)
    kind = rng.choice(["add", "remove", "values", "ttl", "switch"])
    names = sorted(k for k in new if k[0] != "wiki")
    if kind == "add" or (not names and kind != "switch"):
        name = f"h{rng.randrange(1000)}"
        rtype = rng.choice(["A", "TXT"])
        new[(name, rtype)] = (300, (f"192.0.2.{rng.randrange(1, 250)}",) if rtype == "A" else (f'"v{rng.randrange(99)}"',))
        return new, f"add {name} {rtype}", "add"
    if kind == "switch":
        old = next((k for k in new if k[0] == "wiki"), None)
        if old is not None:
            del new[old]
        if old is None or old[1] == "CNAME":
            new[("wiki", "A")] = (300, ("192.0.2.77",))
        else:
            new[("wiki", "CNAME")] = (300, (f"www.{ZONE}.",))
        return new, f"switch wiki {old[1] if old else 'none'}", "switch" if old else "add"
    key = rng.choice(names)
    if kind == "remove":
        del new[key]
    elif kind == "values":
        new[key] = (new[key][0], (f"192.0.2.{rng.randrange(1, 250)}",) if key[1] == "A" else (f'"w{rng.randrange(99)}"',))
    else:
        new[key] = (rng.choice([t for t in (300, 600, 3600) if t != new[key][0]]), new[key][1])
    return new, f"{kind} {key[0]} {key[1]}", kind


def fault_for(kind: str, rng: random.Random) -> str:
    """A fault hitting one of the change's writes (or, one time in five, none)."""
    if rng.random() < 0.2:
        return "none"
    def hits(name: str, fault: Fault) -> bool:
        method = "PUT NAME" if fault.path == NAME else fault.method
        return method in WRITES[kind] or (method == "GET" and kind == "add")

    return rng.choice(sorted(n for n, f in FAULTS.items() if f is not None and hits(n, f)))


def as_records(declared: Declared) -> list[tuple[str, str, int, list[str]]]:
    return [(n, t, ttl, [v.strip('"') if t == "TXT" else v for v in values])
            for (n, t), (ttl, values) in sorted(declared.items())]


def deletes(site: Site) -> list[tuple[str, str]]:
    found = []
    for entry in site.emu.requests:
        parts = entry.path.split("/records/")
        if entry.method == "DELETE" and len(parts) == 2 and entry.status < 300:
            name, rtype = parts[1].split("/")[:2]
            found.append((name, rtype))
    return found


def repair(site: Site) -> Declared:
    """After a round that did not converge: drop live sets that are not in state (the lost-answer
    orphans issue 8.3 adopts), declare what state holds, deploy, so the next round starts clean."""
    state = site.state_sets()
    with LiveDNSClient(site.emu.url, PAT) as client:
        for name, rtype in set(site.live()) - set(state):
            client.delete_rrset(site.zone, name, rtype)
    site.declare(as_records(state))
    site.deploy()
    return state


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    report = prepare()
    if report.exit_code != EXIT_OK:
        print("soak: the Terraform toolchain and provider are needed (zonestack setup)", file=sys.stderr)
        return 3
    rng = random.Random(args.seed)
    declared: Declared = {("www", "A"): (300, ("192.0.2.1",)), ("wiki", "A"): (300, ("192.0.2.77",)),
                          ("txt", "TXT"): (300, ('"v1"',))}
    rounds: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp), report.env, ZONE, PAT, as_records(declared), reject_cname_conflicts=True)
        try:
            assert site.deploy().returncode == 0, "first deploy failed"
            for i in range(args.runs):
                new, what, kind = change(declared, rng)
                fault_name = fault_for(kind, rng)
                template = FAULTS[fault_name]
                site.declare(as_records(new))
                site.emu.clear_requests()
                site.proxy.clear()
                site.proxy.fired.clear()
                if template is not None:
                    site.proxy.add(Fault(template.method, template.path, template.when, template.status))
                    if template.method == "GET":  # the read-back after the create, not the plan's refresh
                        site.proxy.faults[0].path = f"/records/{what.split()[1]}/{what.split()[2]}$"
                started = time.monotonic()
                first = site.deploy()
                fired = bool(site.proxy.fired)
                site.proxy.clear()
                reruns, last = 0, first
                while last.returncode != 0 and reruns < 3:
                    reruns += 1
                    last = site.deploy()
                live, state = site.live(), site.state_sets()
                kept = new.keys() & declared.keys()
                row = {
                    "round": i + 1, "change": what, "fault": fault_name, "fault_fired": fired,
                    "first_exit": first.returncode, "reruns": reruns, "final_exit": last.returncode,
                    "live_is_declared": live == new, "state_is_declared": state == new,
                    "lost": sorted(f"{n} {t}" for n, t in new.keys() - live.keys()),
                    "replaced": sorted({f"{n} {t}" for n, t in deletes(site) if (n, t) in kept}),
                    "wall_s": round(time.monotonic() - started, 1),
                    "error": (last.stderr.strip().splitlines() or [""])[-1][:300] if last.returncode else "",
                }
                rounds.append(row)
                print(json.dumps(row), flush=True)
                declared = new if live == new == state else repair(site)
        finally:
            site.stop()
    converged = sum(r["live_is_declared"] and r["state_is_declared"] for r in rounds)
    summary = {
        "runs": len(rounds), "seed": args.seed, "converged": converged,
        "lost": sum(len(r["lost"]) for r in rounds), "replaced": sum(len(r["replaced"]) for r in rounds),
        "faults_fired": sum(r["fault_fired"] for r in rounds),
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "soak.json").write_text(json.dumps({"summary": summary, "rounds": rounds}, indent=2) + "\n")
    lines = ["# Soak: guarded deploys with injected faults", "",
             f"{summary['runs']} rounds (seed {args.seed}), {summary['faults_fired']} faults fired: "
             f"{converged} converged (live = state = declared), {summary['lost']} record sets lost, "
             f"{summary['replaced']} replaced. {summary['machine']}, {summary['date']}.", "",
             "| # | change | fault | fired | 1st exit | reruns | converged | lost | replaced | s |",
             "|--:|---|---|---|--:|--:|---|--:|--:|--:|"]
    for r in rounds:
        ok = "yes" if r["live_is_declared"] and r["state_is_declared"] else "NO"
        lines.append(f"| {r['round']} | {r['change']} | {r['fault']} | {'yes' if r['fault_fired'] else 'no'} "
                     f"| {r['first_exit']} | {r['reruns']} | {ok} | {len(r['lost'])} | {len(r['replaced'])} "
                     f"| {r['wall_s']} |")
    failed = [r for r in rounds if r["error"]]
    if failed:
        lines += ["", "Rounds that did not converge, last error:", ""]
        lines += [f"- {r['round']} ({r['fault']}): {r['error']}" for r in failed]
    (out / "soak.md").write_text("\n".join(lines) + "\n")
    print(f"soak: {converged}/{len(rounds)} converged, {summary['lost']} lost, {summary['replaced']} replaced")
    return 0 if converged == len(rounds) and not summary["lost"] and not summary["replaced"] else 1


if __name__ == "__main__":
    sys.exit(main())
