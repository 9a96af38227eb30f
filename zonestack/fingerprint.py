"""A synthesised stack's fingerprint, stamped into it as an output so that state remembers it.

The guarded deploy may call a zone "no changes" without starting Terraform when
nothing can have changed (:func:`zonestack.deploy.unchanged.unchanged`): one of the
conditions is that the configuration is byte-for-byte what was last applied.
Synthesis writes ``output.zonestack_fingerprint`` — the SHA-256 of the stack's
canonical JSON without that output and without cdktf's ``//`` metadata — into each
``cdk.tf.json``; ``terraform apply`` records outputs in state, so the fingerprint of
the last applied configuration travels with the state (any backend, any machine).

Pure (no I/O) except :func:`stamp`, which rewrites one file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

OUTPUT = "zonestack_fingerprint"


def _without_metadata(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_metadata(v) for k, v in value.items() if k != "//"}
    if isinstance(value, list):
        return [_without_metadata(v) for v in value]
    return value


def fingerprint(stack: dict[str, Any]) -> str:
    """SHA-256 (hex) of ``stack`` (a ``cdk.tf.json`` document) without the fingerprint output and metadata."""
    body = _without_metadata(stack)
    outputs = {k: v for k, v in (body.get("output") or {}).items() if k != OUTPUT}
    if outputs:
        body["output"] = outputs
    else:
        body.pop("output", None)
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def stamped(stack: dict[str, Any]) -> dict[str, Any]:
    """``stack`` with its fingerprint output set."""
    out = dict(stack)
    outputs = dict(out.get("output") or {})
    outputs[OUTPUT] = {"value": fingerprint(stack)}
    out["output"] = outputs
    return out


def stamp(path: Path) -> str:
    """Stamp the ``cdk.tf.json`` at ``path`` in place (keeping cdktf's layout: 2-space indent); its fingerprint."""
    stack = json.loads(Path(path).read_text(encoding="utf-8"))
    done = stamped(stack)
    Path(path).write_text(json.dumps(done, indent=2) + "\n", encoding="utf-8")
    return str(done["output"][OUTPUT]["value"])


def read(path: Path) -> str | None:
    """The fingerprint a ``cdk.tf.json`` carries (None when absent or unreadable)."""
    try:
        stack = json.loads(Path(path).read_text(encoding="utf-8"))
        return str(stack["output"][OUTPUT]["value"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
