"""Builds the cdktf app from the record files: one ``ZoneStack`` per zone."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from constructs_lib.cdk import App
from constructs_lib.zone import GandiZoneProps
from stacks.zone_stack import ZoneStack
from zonestack.catalog import DEFAULT_RECORDS_DIR, Catalog, load_catalog
from zonestack.imports_plan import load_import_plan


def build_app(
    catalog: Catalog, outdir: str | None = None, env: Mapping[str, str] | None = None, imports_dir: Path | None = None
) -> App:
    """An ``App`` holding one stack per valid zone of ``catalog``."""
    app = App(outdir=outdir or os.environ.get("CDKTF_OUTDIR", "cdktf.out"))
    for zone in catalog.zones:
        plan = load_import_plan(zone.name, imports_dir)
        props = GandiZoneProps(zone=zone, import_domain=plan.domain, record_imports=plan.records)
        ZoneStack(app, props, env)
    return app


def synth(paths: Iterable[str | Path] = (DEFAULT_RECORDS_DIR,), outdir: str | None = None) -> Catalog:
    """Validate every record file and synthesise the valid zones.

    A zone that does not validate gets no stack, so nothing is written for it.
    """
    catalog = load_catalog(paths)
    if catalog.zones:
        build_app(catalog, outdir).synth()
    return catalog
