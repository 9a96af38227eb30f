"""Synthesis inside the deploy's own process: the zones it already validated, written once.

The deploy validates the record files once (its zone selection) and hands the
same ``Zone`` objects to the cdktf app builder (``stacks.app.build_app``), so no
second process and no second validation run. This is the one place the core
reaches up into the cdktf layer, and it does so lazily: importing
``zonestack`` never loads cdktf (jsii starts a Node process when it is imported). The cutover's
delegation stack is synthesised here too (``synthesise_delegation``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from zonestack.delegation import delegation_stack_name
from zonestack.deploy.terraform import StepError
from zonestack.model import Zone
from zonestack.registry_keys import RegistryKeysError
from zonestack.settings import CDKTF_OUT, IMPORTS_DIR
from zonestack.synth_cache import KEY_FILE, code_key, input_key, remember, reusable


def synthesise(project: Path, zones: Sequence[Zone], env: Mapping[str, str]) -> list[str]:
    """Write ``cdktf.out/stacks/<zone>/cdk.tf.json`` for each of ``zones`` whose inputs changed since
    it was last written (:mod:`.synth_cache`); returns the zones synthesised. Raises StepError (one line).

    ``env`` chooses the backend (``ZONESTACK_BACKEND``); the output goes under ``project``.
    """
    merged = {**os.environ, **env}
    outdir, imports_dir = Path(project) / CDKTF_OUT, Path(project) / IMPORTS_DIR
    code = code_key(Path(__file__).resolve().parents[2])
    keys = {z.name: input_key(z, imports_dir, merged, outdir, code) for z in zones}
    todo = [z for z in zones if not reusable(outdir / "stacks" / z.name, keys[z.name])]
    if not todo:
        return []
    try:
        from stacks.app import build_app  # noqa: PLC0415 - lazy: the cdktf layer
        from stacks.app import synthesise as write_stacks
    except Exception as exc:  # noqa: BLE001 - a missing/broken cdktf install is one line, not a traceback
        raise StepError(f"synth: cannot load the cdktf app ({type(exc).__name__}: {exc}); run `make setup`") from None
    try:
        for zone in todo:  # a stale key must not survive a failed synthesis
            (outdir / "stacks" / zone.name / KEY_FILE).unlink(missing_ok=True)
        write_stacks(build_app(todo, str(outdir), merged, imports_dir=imports_dir, root=Path(project)))
    except RegistryKeysError as exc:
        raise StepError(f"synth: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - jsii wraps OS errors (EACCES, EROFS) in its own types
        reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise StepError(f"synth: could not write {CDKTF_OUT}/ ({reason})") from None
    for zone in todo:
        remember(outdir / "stacks" / zone.name, keys[zone.name])
    return [z.name for z in todo]


def synthesise_delegation(project: Path, zone: Zone, env: Mapping[str, str]) -> Path:
    """Write ``cdktf.out/stacks/delegation-<zone>/cdk.tf.json`` (the stack ``zonestack cutover`` and
    ``zonestack dnssec`` plan) and return its directory. Raises StepError (one line)."""
    merged = {**os.environ, **env}
    outdir = Path(project) / CDKTF_OUT
    try:
        from stacks.app import build_delegation_app  # noqa: PLC0415 - lazy: the cdktf layer
    except Exception as exc:  # noqa: BLE001 - a missing/broken cdktf install is one line, not a traceback
        raise StepError(f"synth: cannot load the cdktf app ({type(exc).__name__}: {exc}); run `make setup`") from None
    try:
        app = build_delegation_app(zone, str(outdir), merged, root=Path(project),
                                   imports_dir=Path(project) / IMPORTS_DIR)
    except RegistryKeysError as exc:
        raise StepError(f"synth: {exc}") from None
    try:
        app.synth()
    except Exception as exc:  # noqa: BLE001 - jsii wraps OS errors (EACCES, EROFS) in its own types
        reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise StepError(f"synth: could not write {CDKTF_OUT}/ ({reason})") from None
    return outdir / "stacks" / delegation_stack_name(zone.name)
