"""Benchmark: ``zonestack verify`` of a 1,000-record-set zone against the local Knot DNS server.

The zone (``bench.zones``: A, AAAA, TXT, MX, CNAME, SRV) is written to an
emulator, served by its DNS bridge, and verified by a fresh ``zonestack verify
--nameserver 127.0.0.1:PORT`` process (interpreter start and imports
included; best of 3), and in-process (``verify_declared``, the DNS part
alone). Goal (reported, not asserted): under 2 s wall for the command.
Writes ``bench/results/verify.json`` and ``bench/results/verify.md``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import measure  # noqa: E402
from bench.zones import ZONE, write_zone  # noqa: E402
from livedns_emulator import Emulator, Settings  # noqa: E402
from zonestack.loader import load_zone  # noqa: E402
from zonestack.verify import Options, verify_declared  # noqa: E402

RECORD_SETS = 1_000
REPEATS = 3
GOAL_S = 2.0


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        records = write_zone(Path(tmp) / "records", RECORD_SETS)
        zone = load_zone(records)
        emu = Emulator.start(Path(tmp) / "emu", Settings(fsync=False))
        try:
            emu.create_zone(ZONE)
            for record in zone.records:  # before the bridge starts: one publication, not 1,000
                emu.put_rrset(ZONE, record.name, record.type, list(record.values), ttl=record.ttl)
            started = time.perf_counter()
            bridge = emu.start_dns()
            publish_s = time.perf_counter() - started
            argv = [sys.executable, "-m", "zonestack", "verify", "--zone", ZONE, "--records-dir",
                    str(records.parent), "--nameserver", bridge.address]
            env = {"ZONESTACK_DNS_RESOLVER": bridge.parent_address}
            runs = [measure(argv, env=env) for _ in range(REPEATS)]
            # Where the command's time goes: start-up with every command imported, and validation alone.
            startup = min(measure([sys.executable, "-m", "zonestack", "--help"]).wall_s for _ in range(REPEATS))
            validate = min(measure([sys.executable, "-m", "zonestack", "validate", str(records)]).wall_s
                           for _ in range(REPEATS))
            inproc = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                report = verify_declared(zone, Options(nameservers=[bridge.address], resolver=bridge.parent_address))
                inproc.append(time.perf_counter() - started)
                assert report.exit_code == 0, report.summary()
            summary = report.summary()
            tcp = sum(c.tcp for c in report.checks)
        finally:
            emu.stop()
    best = min(r.wall_s for r in runs)
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average_1m_at_end": round(os.getloadavg()[0], 2)},
        "record_sets": RECORD_SETS, "repeats": REPEATS, "summary": summary, "tcp_answers": tcp,
        "command_wall_s": round(best, 3),
        "command_wall_median_s": round(statistics.median(r.wall_s for r in runs), 3),
        "command_peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
        "in_process_s": round(min(inproc), 3),
        "startup_help_s": round(startup, 3), "validate_s": round(validate, 3),
        "bridge_start_and_publish_s": round(publish_s, 3),
        "goal_s": GOAL_S, "goal_met": best < GOAL_S,
    }
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "verify.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Verify benchmark", "",
        f"`zonestack verify` of a {RECORD_SETS:,}-record-set zone against the emulator's Knot DNS server on "
        f"127.0.0.1 (one nameserver, {REPEATS} runs; the command as a user runs it, text output, in a fresh "
        "process, interpreter start included).",
        "",
        "| measure | value |", "|---|---:|",
        f"| command wall, best (s) | {result['command_wall_s']:.2f} |",
        f"| command wall, median (s) | {result['command_wall_median_s']:.2f} |",
        f"| command peak RSS (MB) | {result['command_peak_rss_mb']:.0f} |",
        f"| in-process verify (the DNS part), best (s) | {result['in_process_s']:.2f} |",
        f"| for scale: `zonestack --help` (start-up, every command imported), best (s) | {startup:.2f} |",
        f"| for scale: `zonestack validate` of the same file, best (s) | {validate:.2f} |",
        f"| Knot start + first publication of the zone (s) | {result['bridge_start_and_publish_s']:.2f} |",
        "",
        f"The command costs about `zonestack validate` of the same file plus "
        f"{max(best - validate, 0):.2f} s: start-up and validation are shared with every command.",
        "",
        f"Result: `{summary}`. Goal: under {GOAL_S:g} s: {'met' if result['goal_met'] else 'NOT met'} "
        f"(1-minute load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs).",
    ]
    (results / "verify.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
