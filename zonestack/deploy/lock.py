"""One deploy per checkout at a time: ``.cache/zonestack/deploy.lock``.

Every run synthesises into the same ``cdktf.out`` and plans in the same stack
directories, so two runs of one checkout (even a ``--plan-only`` one) would
overwrite each other's stacks between plan and apply. The lock is an
``flock(2)`` on a file holding the holder's PID and start time: the kernel
drops it when the holder dies (``kill -9``, a crash), so a lock left by a
dead process is simply taken over, and the file tells a second run whom it is
waiting for. The Terraform state lock (pg backend) still guards runs from
*different* checkouts.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType

from zonestack.project import shown_path

LOCK_FILE = Path(".cache") / "zonestack" / "deploy.lock"


class LockBusy(Exception):
    """Another live run holds the checkout's deploy lock (one-line message)."""


class DeployLock:
    """``with DeployLock(project):`` holds the checkout's deploy lock; raises LockBusy at once if taken."""

    def __init__(self, project: Path, what: str = "deploy") -> None:
        self.path = Path(project) / LOCK_FILE
        self.what = what
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
            os.close(fd)
            who = f"PID {holder[0]}" if holder else "another process"
            since = f", {holder[1]} {holder[2]}" if len(holder) >= 3 else ""
            raise LockBusy(
                f"{self.what}: another deploy of this checkout is running ({who}{since}; "
                f"lock {shown_path(self.path)}); wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DeployLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
