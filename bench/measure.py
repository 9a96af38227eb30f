"""Wall time and peak RSS of a command's whole process tree (Python + jsii's Node).

``ru_maxrss`` reports one process at a time, but synthesis runs in two (Python
and the Node process jsii starts), so RSS is sampled from /proc for the tree.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    peak_rss_mb: float  # the whole tree: Python plus jsii's Node processes
    python_rss_mb: float  # the Python process alone
    returncode: int


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_kb(current)
        stack += _children(current)
    return total


def measure(argv: list[str], env: dict[str, str] | None = None) -> Measurement:
    """Run ``argv`` once; sample the tree's RSS every 5 ms until it exits."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = own = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, own
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            own = max(own, _rss_kb(proc.pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {err.decode(errors='replace')[-2000:]}")
    return Measurement(wall_s=wall, peak_rss_mb=peak / 1024, python_rss_mb=own / 1024, returncode=proc.returncode)
