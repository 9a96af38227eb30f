"""Builds the cdktf app from validated zones: one ``ZoneStack`` per zone.

Synthesis is a pure function of the record files, ``imports/<zone>.json`` and
code-declared sets: it reads no Terraform state and nothing an earlier step of
the same run wrote. What a deploy learns at run time (live sets to adopt, sets to
prune) it adds beside the synthesised stack itself (``zonestack/deploy/adoption.py``)
or does itself (``zonestack/deploy/prune.py``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from constructs_lib.cdk import App
from constructs_lib.zone import GandiZoneProps
from stacks.delegation_stack import DelegationStack
from stacks.zone_stack import ZoneStack
from zonestack.catalog import DEFAULT_RECORDS_DIR, Catalog, load_catalog
from zonestack.fingerprint import stamp
from zonestack.imports_plan import DEFAULT_IMPORTS_DIR, load_import_plan
from zonestack.model import Zone
from zonestack.registry_keys import RegistryKey, load_keys
from zonestack.settings import CDKTF_OUT
from zonestack.synth_cache import KEY_FILE


def build_app(zones: Catalog | Iterable[Zone], outdir: str | None = None, env: Mapping[str, str] | None = None,
              imports_dir: Path | None = None, root: Path | None = None) -> App:
    """An ``App`` holding one stack per zone (a ``Catalog``'s valid zones, or the zones given), and a
    ``DelegationStack`` for each zone whose record file opts in (``delegation:``).

    ``imports/<zone>.json`` (``imports_dir``) gives each stack's import blocks; ``root`` is the
    project root the local backend's ``.state/`` is under (default: the working directory).
    """
    target = outdir or os.environ.get("CDKTF_OUTDIR", str(CDKTF_OUT))
    Path(target).mkdir(parents=True, exist_ok=True)  # cdktf creates only the last level (`--output a/b`)
    app = App(outdir=target)
    for zone in zones.zones if isinstance(zones, Catalog) else zones:
        ZoneStack(app, zone_props(zone, imports_dir), env, target, root or Path.cwd())
        if zone.delegation is not None:
            DelegationStack(app, zone.name, env, target, root or Path.cwd(), delegation_keys(zone, imports_dir))
    return app


def delegation_keys(zone: Zone, imports_dir: Path | None = None) -> tuple[RegistryKey, ...]:
    """The DS keys the zone's delegation stack publishes: ``imports/<zone>.dnssec.json`` when the record
    file says ``dnssec: true``, else none. Raises RegistryKeysError (one line naming the file)."""
    if zone.delegation is None or not zone.delegation.dnssec:
        return ()
    return load_keys(imports_dir or DEFAULT_IMPORTS_DIR, zone.name)


def build_delegation_app(zone: Zone, outdir: str, env: Mapping[str, str] | None = None,
                         root: Path | None = None, imports_dir: Path | None = None) -> App:
    """An ``App`` holding only ``zone``'s ``DelegationStack`` (what ``zonestack cutover`` and
    ``zonestack dnssec`` plan). Raises RegistryKeysError."""
    keys = delegation_keys(zone, imports_dir)
    Path(outdir).mkdir(parents=True, exist_ok=True)
    app = App(outdir=outdir)
    DelegationStack(app, zone.name, env, outdir, root or Path.cwd(), keys)
    return app


def synthesise(app: App) -> list[Path]:
    """``app.synth()``, then each zone stack's ``cdk.tf.json`` stamped with its fingerprint output
    (``zonestack/fingerprint.py``: state then remembers which configuration was applied). Returns the
    stack files."""
    app.synth()
    stamped = []
    for stack in app.node.children:
        if isinstance(stack, ZoneStack):
            path = Path(app.outdir) / "stacks" / stack.node.id / "cdk.tf.json"
            (path.parent / KEY_FILE).unlink(missing_ok=True)  # only the deploy's synthesis writes a key
            stamp(path)
            stamped.append(path)
    return stamped


def zone_props(zone: Zone, imports_dir: Path | None = None) -> GandiZoneProps:
    """The stack's props: the zone, its settings, and its import plan (``imports/<zone>.json``)."""
    plan = load_import_plan(zone.name, imports_dir)
    return GandiZoneProps(zone=zone, automatic_snapshots=zone.settings.automatic_snapshots,
                          import_domain=plan.domain, record_imports=plan.records)


def synth(paths: Iterable[str | Path] = (DEFAULT_RECORDS_DIR,), outdir: str | None = None) -> Catalog:
    """Validate every record file and synthesise the valid zones.

    A zone that does not validate gets no stack, so nothing is written for it.
    """
    catalog = load_catalog(paths)
    if catalog.zones:
        synthesise(build_app(catalog, outdir))
    return catalog
