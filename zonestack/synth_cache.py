"""Which zone stacks need synthesising again: a key of everything synthesis reads.

Synthesis is a pure function of the record file, ``imports/<zone>.json``, the
code that turns them into JSON (``zonestack/``, ``constructs_lib/``, ``stacks/``,
the installed cdktf) and the backend settings (``ZONESTACK_BACKEND``, the pg
schema prefix) — see ``stacks/app.py``. Starting cdktf costs about a second
(jsii's Node process), so when a zone's key equals the one written beside its
``cdk.tf.json`` by the synthesis that produced it, and that file is still what
it wrote (its fingerprint output checks the bytes), the file is reused as is.

When in doubt, synthesise: a missing or unreadable key, a stack file edited
since, or any input that differs by one byte. Keys never hold secrets (the
pg connection string is read by Terraform, never synthesised).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from zonestack.fingerprint import OUTPUT, fingerprint
from zonestack.model import Zone
from zonestack.registry_keys import SUFFIX as DNSSEC_SUFFIX

KEY_FILE = ".zonestack-synth-key"
"""Beside each ``cdk.tf.json``: the key of the inputs it was synthesised from."""
CODE = ("zonestack", "constructs_lib", "stacks")
SETTINGS = ("ZONESTACK_BACKEND", "ZONESTACK_PG_SCHEMA_PREFIX", "ZONESTACK_CDK")


@lru_cache(maxsize=4)
def code_key(root: Path) -> str:
    """SHA-256 of the synthesising code's sources under ``root`` and the cdktf version (once per process)."""
    digest = hashlib.sha256()
    for package in CODE:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for dist in ("cdktf", "constructs", "jsii"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=absent".encode())
    return digest.hexdigest()


def input_key(zone: Zone, imports_dir: Path, env: Mapping[str, str], outdir: Path, code: str) -> str:
    """The key of one zone's synthesis: the bytes of its record file, import plan and registry key file,
    settings, output folder, code."""
    parts: dict[str, Any] = {"zone": zone.name, "code": code, "outdir": str(outdir.resolve()),
                             "settings": {k: env.get(k, "") for k in SETTINGS}}
    for label, path in (("records", Path(zone.path) if zone.path else None),
                        ("imports", imports_dir / f"{zone.name}.json"),
                        ("dnssec", imports_dir / f"{zone.name}{DNSSEC_SUFFIX}")):
        try:
            parts[label] = hashlib.sha256(path.read_bytes()).hexdigest() if path else None
        except OSError:
            parts[label] = None
    if parts["records"] is None:  # not from a file: never reuse
        return ""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def reusable(stack_dir: Path, key: str) -> bool:
    """True when ``stack_dir`` holds the synthesis of ``key``, unedited since."""
    if not key:
        return False
    try:
        if (stack_dir / KEY_FILE).read_text(encoding="utf-8").strip() != key:
            return False
        stack = json.loads((stack_dir / "cdk.tf.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    stamped = ((stack.get("output") or {}).get(OUTPUT) or {}).get("value") if isinstance(stack, dict) else None
    return stamped == fingerprint(stack)


def remember(stack_dir: Path, key: str) -> None:
    """Write ``key`` beside the stack just synthesised (nothing for an empty key)."""
    if key:
        (stack_dir / KEY_FILE).write_text(key + "\n", encoding="utf-8")
