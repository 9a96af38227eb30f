"""Synthesis inside the deploy's own process: the zones it already validated, written once.

The deploy validates the record files once (its zone selection) and hands the
same ``Zone`` objects to the cdktf app builder (``stacks.app.build_app``), so no
second process and no second validation run. This is the one place the core
reaches up into the cdktf layer, and it does so lazily: importing
``zonestack`` never loads cdktf (jsii starts a Node process when it is imported).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from zonestack.deploy.terraform import StepError
from zonestack.model import Zone
from zonestack.settings import CDKTF_OUT, IMPORTS_DIR


def synthesise(project: Path, zones: Sequence[Zone], env: Mapping[str, str]) -> None:
    """Write ``cdktf.out/stacks/<zone>/cdk.tf.json`` for each of ``zones``; raises StepError (one line).

    ``env`` chooses the backend (``ZONESTACK_BACKEND``); the output goes under ``project``.
    """
    try:
        from stacks.app import build_app, synthesise as write_stacks  # noqa: PLC0415 - lazy: the cdktf layer
    except Exception as exc:  # noqa: BLE001 - a missing/broken cdktf install is one line, not a traceback
        raise StepError(f"synth: cannot load the cdktf app ({type(exc).__name__}: {exc}); run `make setup`") from None
    try:
        write_stacks(build_app(zones, str(Path(project) / CDKTF_OUT), {**os.environ, **env},
                               imports_dir=Path(project) / IMPORTS_DIR, root=Path(project)))
    except Exception as exc:  # noqa: BLE001 - jsii wraps OS errors (EACCES, EROFS) in its own types
        reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise StepError(f"synth: could not write {CDKTF_OUT}/ ({reason})") from None
