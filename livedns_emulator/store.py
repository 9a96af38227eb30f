"""Thread-safe access to the emulated account, persisted after every write.

Requests run on many server threads; one re-entrant lock serialises them, which
is fine for an emulator and makes each API call atomic, like a database
transaction. A write that raises half-way is rolled back by reloading the last
saved state, so a failed request never leaves partial changes behind.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from livedns_emulator.model import State
from livedns_emulator.persistence import Persistence


class Store:
    """Owner of the ``State``; use ``read()`` / ``write()`` as context managers."""

    def __init__(self, data_dir: Path, *, fsync: bool = True) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._persistence = Persistence(data_dir, fsync=fsync)
        self._state = self._persistence.load()
        #: Called with the state after each committed write, still under the lock
        #: (the DNS bridge publishes there); a listener must not raise.
        self.listeners: list[Callable[[State], None]] = []

    @property
    def data_dir(self) -> Path:
        return self._persistence.data_dir

    def set_fsync(self, enabled: bool) -> None:
        with self._lock:
            self._persistence.fsync = enabled

    @contextmanager
    def read(self) -> Iterator[State]:
        """The live state under the lock; callers must not mutate it."""
        with self._lock:
            yield self._state

    @contextmanager
    def write(self, *, dry_run: bool = False) -> Iterator[State]:
        """The state to mutate; saved on success, rolled back on an exception.

        With ``dry_run`` the caller gets a deep copy that is thrown away, so
        validation runs exactly as for a real write but nothing changes.
        """
        with self._lock:
            if dry_run:
                yield copy.deepcopy(self._state)
                return
            try:
                yield self._state
            except BaseException:
                self._state = self._persistence.load()
                raise
            self._persistence.save(self._state)
            for listener in list(self.listeners):
                listener(self._state)
