"""Which record files exist, and loading all of them at once.

Shared by the CLI and the cdktf app so both see the same zones in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from zonestack.delegation import delegation_stack_name
from zonestack.findings import Finding
from zonestack.loader import errors_only, inspect_zone
from zonestack.model import Zone
from zonestack.names import ascii_zone, zone_spellings
from zonestack.settings import RECORDS_DIR

DEFAULT_RECORDS_DIR = RECORDS_DIR
SUFFIX = ".yaml"


def record_file(records_dir: Path, zone: str) -> Path:
    """``records_dir/<zone>.yaml`` under whichever spelling of ``zone`` names an existing file (an IDN
    zone's file may be named in Unicode or in punycode, and ``--zone`` typed either way,
    ``names.zone_spellings``); the ASCII spelling when none exists yet."""
    spellings = zone_spellings(zone)
    for spelling in spellings:
        path = records_dir / f"{spelling}{SUFFIX}"
        if path.is_file():
            return path
    return records_dir / f"{ascii_zone(zone)}{SUFFIX}"


def record_files(paths: Iterable[str | Path] = (DEFAULT_RECORDS_DIR,)) -> list[Path]:
    """Record files named by ``paths``: files as given, directories' ``*.yaml`` sorted."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(SUFFIX)))
        else:
            found.append(path)
    return found


@dataclass
class Catalog:
    """Every zone that validated, every error of those that did not, and every warning."""

    zones: list[Zone] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def load_catalog(paths: Iterable[str | Path] = (DEFAULT_RECORDS_DIR,)) -> Catalog:
    """Load every record file; a file with findings contributes no zone."""
    catalog = Catalog()
    seen: dict[str, str] = {}
    for path in record_files(paths):
        catalog.files += 1
        zone, everything = inspect_zone(path)
        findings = errors_only(everything)
        catalog.warnings.extend(f for f in everything if not f.is_error)
        if zone is not None and not findings and zone.name in seen:
            line = zone.lines.get("zone", 1)
            findings = [Finding(str(path), line, f"zone {zone.name} is already declared in {seen[zone.name]}", "zone")]
        if findings or zone is None:
            catalog.findings.extend(findings)
            continue
        seen[zone.name] = str(path)
        catalog.zones.append(zone)
    for zone in [z for z in catalog.zones if z.delegation is not None and delegation_stack_name(z.name) in seen]:
        other = delegation_stack_name(zone.name)
        catalog.findings.append(Finding(zone.path, zone.lines.get("delegation", 1),
                                        f"the delegation stack {other} would have the name of the zone declared in "
                                        f"{seen[other]}: one of the two must go", "zone"))
        catalog.zones.remove(zone)
    return catalog
