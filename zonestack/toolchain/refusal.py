"""Remember that the Go module proxy refused a module, so one run of the project asks once.

``make demo`` runs ``zonestack setup`` and then the demo, which prepares the toolchain
again; without memory a refused ``go mod download`` (no proxy access, a version the
proxy does not serve) is asked twice, each time waiting on the network. The refusal
is kept in the project cache as ``go-module-refused.json`` (module, version, the
proxy's answer, when) for ``TTL`` seconds; ``zonestack setup`` always asks again
(``retry_refused``), and a successful download forgets it. Only the proxy's refusal
(stage ``download``) is kept: a missing Go toolchain or a failed build are not.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

NAME = "go-module-refused.json"
#: How long a refusal is believed (seconds): one ``make demo`` or CI job, not a day.
TTL = 3600.0


def _path(cache: Path) -> Path:
    return cache / NAME


def recall(cache: Path, module: str, version: str, now: float | None = None) -> tuple[str, float] | None:
    """``(the proxy's answer, seconds ago)`` of a fresh refusal of ``module@version``, else None."""
    try:
        data = json.loads(_path(cache).read_text(encoding="utf-8"))
        at = float(data["at"])
        same = data["module"] == module and data["version"] == version
        answer = str(data["answer"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    age = (time.time() if now is None else now) - at
    return (answer, age) if same and 0 <= age < TTL else None


def record(cache: Path, module: str, version: str, answer: str, now: float | None = None) -> None:
    """Keep the refusal; a cache that cannot be written is not an error (the next run asks again)."""
    path = _path(cache)
    body = json.dumps({"module": module, "version": version, "answer": answer,
                       "at": time.time() if now is None else now})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
        partial.write_text(body, encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass


def forget(cache: Path) -> None:
    """Drop a kept refusal (after a download worked)."""
    try:
        _path(cache).unlink(missing_ok=True)
    except OSError:
        pass
