"""Builds the cdktf app from the record files: one ``ZoneStack`` per zone."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from constructs_lib.cdk import App
from constructs_lib.prune import PruneConfig, next_round
from constructs_lib.zone import GandiZoneProps
from stacks.zone_stack import ZoneStack
from zonestack.catalog import DEFAULT_RECORDS_DIR, Catalog, load_catalog
from zonestack.deploy.reconcile import Reconcile, load_reconcile, read_local_state_view, without_listing
from zonestack.imports_plan import load_import_plan
from zonestack.model import Zone


def build_app(
    catalog: Catalog, outdir: str | None = None, env: Mapping[str, str] | None = None, imports_dir: Path | None = None,
    state_dir: Path | None = None,
) -> App:
    """An ``App`` holding one stack per valid zone of ``catalog``.

    Without the guarded deploy's reconcile file, ``imports/<zone>.json`` gives the
    imports and, when ``state_dir`` (the local backend's ``.state``) is given, the
    zone's state keeps the deploy's helper resources as they are
    (:func:`zonestack.deploy.reconcile.without_listing`).
    """
    app = App(outdir=outdir or os.environ.get("CDKTF_OUTDIR", "cdktf.out"))
    for zone in catalog.zones:
        reconciled = load_reconcile(zone.name, env)
        if reconciled is not None:
            props = reconciled_props(zone, reconciled)
        elif state_dir is not None:
            plan = load_import_plan(zone.name, imports_dir)
            props = reconciled_props(zone, without_listing(zone, read_local_state_view(zone.name, state_dir),
                                                           plan.domain, plan.records))
        else:
            plan = load_import_plan(zone.name, imports_dir)
            props = GandiZoneProps(zone=zone, automatic_snapshots=zone.settings.automatic_snapshots,
                                   import_domain=plan.domain, record_imports=plan.records)
        ZoneStack(app, props, env)
    return app


def reconciled_props(zone: Zone, reconciled: Reconcile) -> GandiZoneProps:
    """Props from the guarded deploy's pre-plan reconcile (``zonestack/deploy/reconcile.py``).

    It supersedes ``imports/<zone>.json``: it adopts exactly the live sets state
    lacks. ``clear_defaults`` only runs when this plan creates the zone (nothing
    live, nothing in state to touch); the prune carries the sets to delete, or
    the prune already in state, unchanged, when there is nothing to delete now.
    """
    sets = reconciled.prune
    prune_config = None
    if sets or reconciled.prune_state is not None:
        prune_config = PruneConfig(zone.name, sets, reconciled.python or sys.executable,
                                   round=next_round(reconciled.prune_state), kept=reconciled.prune_state)
    return GandiZoneProps(
        zone=zone, automatic_snapshots=zone.settings.automatic_snapshots,
        import_domain=reconciled.import_domain, record_imports=reconciled.record_imports,
        clear_defaults=reconciled.clear_defaults,
        prune=prune_config, prune_names=reconciled.prune_names,
    )


def synth(paths: Iterable[str | Path] = (DEFAULT_RECORDS_DIR,), outdir: str | None = None) -> Catalog:
    """Validate every record file and synthesise the valid zones.

    A zone that does not validate gets no stack, so nothing is written for it.
    """
    catalog = load_catalog(paths)
    if catalog.zones:
        build_app(catalog, outdir).synth()
    return catalog
