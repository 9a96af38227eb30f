"""``wiki`` A↔CNAME switches in a row under injected faults, polled all along (issue 18 / 8.5).

    ZONESTACK_PROVIDER_MIRROR=~/.terraform.d/plugins python bench/type_switch.py [--switches 50] [--seed 18]

Real Terraform and go-gandi (``zonestack deploy``) against the emulator, which
refuses a CNAME beside other types as Gandi does, behind a :class:`FaultProxy`.
The project switches a name's type with one ``PUT …/records/{name}`` (every type
at the name replaced at once). Each switch draws one fault (seeded) for its
first deploy: slow answers (on the name PUT or on every read), 429 or 502
before the PUT, 502 after it (applied, answer lost), a dropped connection
after it, 429s on the refresh reads, or none. A deploy that fails is rerun
without faults (at most 3 times).

Two pollers run the whole time, each in a thread, bounded by the run:

* DNS: ``wiki.<zone> A`` asked of the emulator's Knot server (``start_dns``)
  with dnspython; an answer without an RRset owned by ``wiki`` (NXDOMAIN or
  NODATA) is a moment with no record at the name;
* API: ``GET /v5/livedns/domains/<zone>/records/wiki`` straight at the
  emulator (not through the proxy); ``[]`` (or 404) is a moment with no
  record, two types at once is counted too.

The emulator's own limiter is off so the pollers do not eat the deploys'
budget (429s come from the proxy). Target: 0 moments empty. Afterwards live =
state = declared and the next plan has no changes. Writes
``bench/results/type_switch.json`` and ``.md``. Not part of the test suite (minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import dns.message
import dns.query
import dns.rcode
import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from livedns_emulator.faultproxy import Fault  # noqa: E402
from tests.e2e.applysafe_support import Site, make_site  # noqa: E402
from zonestack.toolchain.prepare import EXIT_OK, prepare  # noqa: E402

ZONE = "switch.org"
PAT = "pat_bench_switch_" + "w" * 24
BASE = [("www", "A", 300, ["192.0.2.1"]), ("mail", "A", 300, ["192.0.2.2"])]
AS_A = [*BASE, ("wiki", "A", 300, ["192.0.2.7"])]
AS_CNAME = [*BASE, ("wiki", "CNAME", 300, [f"www.{ZONE}."])]
NAME_PUT = r"/records/wiki$"
READS = r"/records"
FAULTS: dict[str, list[Fault]] = {
    "none": [],
    "slow name PUT (4 s)": [Fault("PUT", NAME_PUT, "pass", delay=4.0)],
    "slow reads (0.5 s each)": [Fault("GET", READS, "pass", delay=0.5, times=10 ** 6)],
    "429 before name PUT": [Fault("PUT", NAME_PUT, "before", 429)],
    "429 before name PUT ×3": [Fault("PUT", NAME_PUT, "before", 429, times=3)],
    "502 before name PUT": [Fault("PUT", NAME_PUT, "before", 502)],
    "502 after name PUT": [Fault("PUT", NAME_PUT, "after", 502)],
    "drop after name PUT": [Fault("PUT", NAME_PUT, "drop")],
    "slow + drop after name PUT": [Fault("PUT", NAME_PUT, "drop", delay=3.0)],
    "429 on refresh reads ×3": [Fault("GET", READS, "before", 429, times=3)],
    "502 on refresh reads": [Fault("GET", READS, "before", 502)],
}


@dataclass
class Poll:
    """Counts of one poller; ``empty_at`` holds (seconds since start, switch) of each empty moment."""

    polls: int = 0
    empty: int = 0
    both: int = 0
    errors: int = 0
    empty_at: list[tuple[float, int]] = field(default_factory=list)


def poll_dns(site: Site, stop: threading.Event, switch: list[int], out: Poll, started: float) -> None:
    assert site.emu.dns is not None
    host, port = site.emu.dns.auth.host, site.emu.dns.auth.port
    qname = f"wiki.{ZONE}."
    while not stop.is_set():
        try:
            answer = dns.query.udp(dns.message.make_query(qname, "A"), host, port=port, timeout=2)
        except Exception:  # a timeout is not an empty name: counted apart
            out.errors += 1
            continue
        out.polls += 1
        owned = [r for r in answer.answer if r.name.to_text() == qname]
        if answer.rcode() == dns.rcode.NXDOMAIN or not owned:
            out.empty += 1
            out.empty_at.append((round(time.monotonic() - started, 3), switch[0]))
        time.sleep(0.005)


def poll_api(site: Site, stop: threading.Event, switch: list[int], out: Poll, started: float) -> None:
    url = f"{site.emu.url}/v5/livedns/domains/{ZONE}/records/wiki"
    with httpx.Client(headers={"Authorization": f"Bearer {PAT}"}, timeout=10) as client:
        while not stop.is_set():
            try:
                got = client.get(url)
            except httpx.HTTPError:
                out.errors += 1
                continue
            if got.status_code not in (200, 404):
                out.errors += 1
                continue
            out.polls += 1
            types = {r["rrset_type"] for r in got.json()} if got.status_code == 200 else set()
            if not types:
                out.empty += 1
                out.empty_at.append((round(time.monotonic() - started, 3), switch[0]))
            elif len(types) > 1:
                out.both += 1
            time.sleep(0.005)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--switches", type=int, default=50)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    report = prepare()
    if report.exit_code != EXIT_OK:
        print("type_switch: the Terraform toolchain and provider are needed (zonestack setup)", file=sys.stderr)
        return 3
    rng = random.Random(args.seed)
    rows: list[dict[str, object]] = []
    dns_poll, api_poll = Poll(), Poll()
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp), report.env, ZONE, PAT, AS_A, reject_cname_conflicts=True,
                         rate_limit_per_minute=0)
        stop = threading.Event()
        switch = [0]
        threads: list[threading.Thread] = []
        try:
            first = site.deploy()
            assert first.returncode == 0, first.stderr
            site.emu.start_dns()
            started = time.monotonic()
            threads = [threading.Thread(target=poll_dns, args=(site, stop, switch, dns_poll, started), daemon=True),
                       threading.Thread(target=poll_api, args=(site, stop, switch, api_poll, started), daemon=True)]
            for thread in threads:
                thread.start()
            for i in range(args.switches):
                switch[0] = i + 1
                to_cname = i % 2 == 0
                site.declare(AS_CNAME if to_cname else AS_A)
                fault_name = rng.choice(sorted(FAULTS))
                site.proxy.clear()
                site.proxy.fired.clear()
                site.proxy.add(*(Fault(f.method, f.path, f.when, f.status, f.times, delay=f.delay)
                                 for f in FAULTS[fault_name]))
                loads.append(os.getloadavg()[0])
                began = time.monotonic()
                done = site.deploy()
                fired = len(site.proxy.fired)
                site.proxy.clear()
                reruns, last = 0, done
                while last.returncode != 0 and reruns < 3:
                    reruns += 1
                    last = site.deploy()
                new = "CNAME" if to_cname else "A"
                wiki = sorted(t for n, t in site.live() if n == "wiki")
                row = {"switch": i + 1, "to": new, "fault": fault_name, "fired": fired, "first_exit": done.returncode,
                       "reruns": reruns, "final_exit": last.returncode, "wiki_live": wiki,
                       "live_is_state": site.live() == site.state_sets(),
                       "one_request": f"switched wiki to {new} in one request" in (done.stderr + last.stderr),
                       "wall_s": round(time.monotonic() - began, 1),
                       "error": (done.stderr.strip().splitlines() or [""])[-1][:300] if done.returncode else ""}
                rows.append(row)
                print(json.dumps(row), flush=True)
            time.sleep(0.5)  # let the pollers see the last state too
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
            plan = site.deploy("--plan-only")
            final_live, final_state = site.live(), site.state_sets()
            site.stop()
    final = AS_CNAME if args.switches % 2 else AS_A
    declared = {(n, t): (ttl, tuple(sorted(v))) for n, t, ttl, v in final}
    summary = {
        "switches": len(rows), "seed": args.seed,
        "switched": sum(r["final_exit"] == 0 and r["wiki_live"] == [r["to"]] for r in rows),
        "first_deploys_failed": sum(r["first_exit"] != 0 for r in rows),
        "reruns": sum(r["reruns"] for r in rows),  # type: ignore[misc]
        "faults_fired": sum(r["fired"] for r in rows),  # type: ignore[misc]
        "dns": {k: v for k, v in vars(dns_poll).items() if k != "empty_at"},
        "api": {k: v for k, v in vars(api_poll).items() if k != "empty_at"},
        "empty_moments": dns_poll.empty + api_poll.empty,
        "empty_at": {"dns": dns_poll.empty_at[:50], "api": api_poll.empty_at[:50]},
        "final_live_is_declared": final_live == declared, "final_state_is_declared": final_state == declared,
        "next_plan_clean": plan.returncode == 0 and "no changes" in plan.stdout,
        "load1_min_max": [round(min(loads), 2), round(max(loads), 2)] if loads else [],
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "type_switch.json").write_text(json.dumps({"summary": summary, "switches": rows}, indent=2) + "\n")
    s = summary
    lines = ["# `wiki` A↔CNAME switches under injected faults, polled all along", "",
             f"{s['switches']} switches (seed {s['seed']}) with `zonestack deploy` (real Terraform + go-gandi) "
             f"behind a fault proxy: {s['switched']} done, {s['first_deploys_failed']} first deploys failed and "
             f"were rerun ({s['reruns']} reruns), {s['faults_fired']} faults fired. Pollers: DNS "
             f"{s['dns']['polls']} polls ({s['dns']['errors']} timeouts), API {s['api']['polls']} polls "
             f"({s['api']['errors']} errors); **moments with no record at `wiki`: {s['empty_moments']}** "
             f"(DNS {s['dns']['empty']}, API {s['api']['empty']}); moments with two types: {s['api']['both']}. "
             f"Afterwards live = declared: {s['final_live_is_declared']}, state = declared: "
             f"{s['final_state_is_declared']}, next plan clean: {s['next_plan_clean']}. "
             f"Load1 {s['load1_min_max']}; {s['machine']}; {s['date']}.", "",
             "| # | to | fault | fired | 1st exit | reruns | wiki live | live = state | one PUT | s |",
             "|--:|---|---|--:|--:|--:|---|---|---|--:|"]
    lines += [f"| {r['switch']} | {r['to']} | {r['fault']} | {r['fired']} | {r['first_exit']} | {r['reruns']} "
              f"| {','.join(r['wiki_live'])} | {r['live_is_state']} | {r['one_request']} | {r['wall_s']} |"  # type: ignore[arg-type]
              for r in rows]
    failed = [r for r in rows if r["error"]]
    if failed:
        lines += ["", "First deploys that failed, last line of their error:", ""]
        lines += [f"- {r['switch']} ({r['fault']}): {r['error']}" for r in failed]
    (out / "type_switch.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:3]))
    ok = s["switched"] == s["switches"] and s["empty_moments"] == 0 and s["next_plan_clean"] \
        and s["final_live_is_declared"] and s["final_state_is_declared"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
