"""One interrupted deploy, end to end: SIGINT or SIGTERM to the deploy's process group mid-apply.

Shared by ``tests/e2e/test_interrupt.py`` and ``bench/interrupt.py``. A trial deploys a
zone of ``SETS`` record sets paced slowly enough that the apply takes tens of seconds,
sends the signal ``after`` seconds into the apply (to the whole process group, as a
terminal's Ctrl-C does), then checks: the exit status is 128 + the signal, the state
file is a complete Terraform state (never empty or cut), no process of the run is left,
and a rerun converges with nothing lost and nothing replaced.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.support import ZONE, Project
from zonestack.tfstate import parse_state

SETS = 60
RATE = "240"  # requests per minute through the pacing proxy: ~30 s for the first apply
RECORDS = "zone: example.com\nttl: 3600\nrecords:\n" + "".join(
    f"  - {{name: host{i:03d}, type: A, values: [198.51.100.{i % 250 + 1}]}}\n" for i in range(SETS))


@dataclass
class Trial:
    signum: int
    after: float
    status: int = 0
    state_ok: bool = False
    state_records: int = 0
    leftovers: int = 0
    rerun_status: int = -1
    live_ok: bool = False
    deletes: int = 0
    next_plan_clean: bool = False
    detail: str = ""

    @property
    def ok(self) -> bool:
        return (self.status == 128 + self.signum and self.state_ok and self.leftovers == 0
                and self.rerun_status == 0 and self.live_ok and self.deletes == 0 and self.next_plan_clean)


def processes_in(path: Path) -> list[int]:
    """PIDs whose working directory is inside ``path`` (Terraform and the provider run in the stack dir)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = (entry / "cwd").resolve()
        except OSError:
            continue
        if str(cwd).startswith(str(path.resolve())):
            found.append(int(entry.name))
    return found


def run_trial(project: Project, emu: object, signum: int, after: float) -> Trial:
    """One trial on a fresh ``project`` wired to ``emu`` (an ``Emulator`` with no zone yet)."""
    trial = Trial(signum, after)
    project.records_file.write_text(RECORDS, encoding="utf-8")
    env = {**os.environ, **project.env, "ZONESTACK_RATE_LIMIT": RATE}
    proc = subprocess.Popen([sys.executable, "-m", "zonestack", "deploy", "--zone", ZONE, "--force"],
                            cwd=project.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    started = None
    output: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 600
    for line in proc.stdout:  # bounded: the child ends (or is killed below) within the deadline
        output.append(line)
        if started is None and "Creating..." in line:
            started = time.monotonic()
        if started is not None and time.monotonic() - started >= after:
            os.killpg(proc.pid, signum)  # the whole group, as a terminal's Ctrl-C
            break
        if time.monotonic() > deadline:
            break
    rest, _ = proc.communicate(timeout=600)
    output.append(rest or "")
    trial.status = proc.returncode
    text = "".join(output)
    project.transcript.append(text)
    trial.detail = text.strip().splitlines()[-1] if text.strip() else ""
    try:
        state = parse_state(project.state_file.read_text(encoding="utf-8"), str(project.state_file))
        trial.state_ok = project.state_file.stat().st_size > 0
        trial.state_records = len(state.records)
    except (OSError, ValueError) as exc:
        trial.detail += f" | state: {exc}"
    settle = time.monotonic() + 60  # leftovers get a moment to exit after the group was terminated (generous: busy CI)
    while True:
        trial.leftovers = len(processes_in(project.path))
        if not trial.leftovers or time.monotonic() > settle:
            break
        time.sleep(0.2)
    emu.clear_requests()  # type: ignore[attr-defined]
    rerun = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--zone", ZONE, "--force"],
                           cwd=project.path, env=env, capture_output=True, text=True, timeout=900)
    project.transcript.append(rerun.stdout + rerun.stderr)
    trial.rerun_status = rerun.returncode
    trial.deletes = sum(1 for r in emu.requests if r.method == "DELETE")  # type: ignore[attr-defined]
    live = {(r["rrset_name"], r["rrset_type"]): tuple(r["rrset_values"]) for r in emu.rrsets(ZONE)}  # type: ignore[attr-defined]
    declared = {(r.name, r.type): r.values for r in project.zone().records}
    trial.live_ok = all(live.get(k) == v for k, v in declared.items())
    again = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--zone", ZONE, "--plan-only"],
                           cwd=project.path, env=env, capture_output=True, text=True, timeout=600)
    project.transcript.append(again.stdout + again.stderr)
    trial.next_plan_clean = again.returncode == 0 and "no changes" in again.stdout
    return trial


SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM}
