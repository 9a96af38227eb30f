"""Working over many zones: which are usable, which are not, and why, one line each.

An operator with a hundred zones must not lose the other ninety-nine to one
broken file or one zone Gandi does not know. Commands over all zones therefore
select every *valid* zone, report each invalid record file and each zone whose
record file was deleted while its Terraform state remains (never silently
abandoned), go on past a zone that fails, and exit non-zero at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zonestack.catalog import DEFAULT_RECORDS_DIR, SUFFIX, load_catalog, record_file
from zonestack.delegation import delegated_zone
from zonestack.findings import Finding
from zonestack.gandi import GandiError, NotFoundError
from zonestack.model import Zone
from zonestack.names import ascii_zone
from zonestack.settings import STATE_DIR, STATE_FILE


def unknown_zone(zone: str) -> str:
    """The one line for a 404 on a zone (LiveDNS ``GET /domains/{fqdn}[/records]``)."""
    return (f"{zone}: not found at Gandi LiveDNS (404): the domain is not in the account this PAT can see "
            "(wrong organisation or PAT scope), or its DNS is not hosted on LiveDNS yet")


def unknown_managed_zone(zone: str) -> str:
    """The one line for a 404 on a zone whose Terraform state manages it: nothing is planned or applied."""
    return (f"{unknown_zone(zone)}; its state still manages the zone, so nothing is planned or applied for it "
            "(check the PAT's organisation, and that the domain is still at Gandi)")


def zone_to_create(zone: str) -> str:
    """The one line for a 404 on a zone no state manages yet: the plan creates it (docs/gandi-livedns.md §2)."""
    return (f"{zone}: no LiveDNS zone at Gandi yet (404): the plan creates it, which Gandi allows only for a domain "
            "registered there in this PAT's organisation (otherwise the apply stops at that first step, with "
            "Gandi's 404, and changes nothing)")


def zone_error(zone: str, exc: GandiError) -> str:
    """``<zone>: <one line>`` for an API failure on ``zone``; a 404 names the likely cause."""
    if isinstance(exc, NotFoundError) or exc.status == 404:
        return unknown_zone(zone)
    return f"{zone}: {exc}"


def orphaned_state(zone: str, records_dir: Path = DEFAULT_RECORDS_DIR, state_dir: Path = STATE_DIR) -> str:
    """The one line for a zone whose record file is gone while its local state remains, with both ways forward."""
    record_file = records_dir / f"{zone}{SUFFIX}"
    state = state_dir / zone / STATE_FILE
    return (f"{zone}: {record_file} was deleted but {state} still manages the zone; either restore the file "
            f"(`git checkout -- {record_file}`) to keep managing it (and, to delete its records at Gandi, "
            f"`python -m zonestack.deploy destroy {zone} --yes` before removing the file again), or stop managing it "
            f"and leave its records live at Gandi: `rm -r {state.parent}`")


def orphaned_zones(declared: set[str], records_dir: Path = DEFAULT_RECORDS_DIR,
                   state_dir: Path = STATE_DIR) -> list[str]:
    """Zones with a local state file but no record file (sorted)."""
    if not state_dir.is_dir():
        return []
    return sorted(d.name for d in state_dir.iterdir()
                  if (d / STATE_FILE).is_file() and d.name not in declared
                  and not (records_dir / f"{d.name}{SUFFIX}").exists()
                  and not _delegation_of_a_file(d.name, records_dir))


def _delegation_of_a_file(name: str, records_dir: Path) -> bool:
    """``delegation-<zone>`` (a delegation stack's state) for a zone that has a record file."""
    zone = delegated_zone(name)
    return zone is not None and (records_dir / f"{zone}{SUFFIX}").exists()


@dataclass
class ZoneSelection:
    """The zones a command works on, and one line per zone or file it cannot."""

    zones: list[Zone] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    orphaned: dict[str, str] = field(default_factory=dict)
    """Zones whose record file is gone while their state remains: zone → its one line (also in ``problems``)."""

    def invalid(self) -> dict[str, str]:
        """Invalid record files by zone (the file's name): zone → its first finding (and how many more)."""
        by_file: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_file.setdefault(finding.path, []).append(finding)
        return {Path(path).name.removesuffix(SUFFIX): str(found[0]) + (
                    f" (and {len(found) - 1} more)" if len(found) > 1 else "")
                for path, found in sorted(by_file.items())}

    @property
    def ok(self) -> bool:
        return not self.problems and not self.findings


def select(zone: str | None = None, records_dir: Path = DEFAULT_RECORDS_DIR,
           state_dir: Path = STATE_DIR) -> ZoneSelection:
    """Every valid zone of ``records_dir`` (or only ``zone``), plus what is wrong elsewhere.

    With ``zone`` only that record file is read (named in either spelling of an
    IDN, ``catalog.record_file``), so another invalid file never blocks it. Without, each invalid
    file contributes its findings, and each zone with state but no record file a :func:`orphaned_state` line.
    """
    result = ZoneSelection()
    if zone:
        name = ascii_zone(zone)
        path = record_file(records_dir, zone)
        if not path.is_file():
            if (state_dir / name / STATE_FILE).is_file():
                result.orphaned[name] = orphaned_state(name, records_dir, state_dir)
                result.problems.append(result.orphaned[name])
            else:
                result.problems.append(f"{path}:1: no record file for zone {name}")
            return result
        catalog = load_catalog([path])
    else:
        catalog = load_catalog([records_dir])
        if catalog.files == 0:
            result.problems.append(f"{records_dir}:1: no record files found")
        declared = {z.name for z in catalog.zones} | {Path(f.path).name.removesuffix(SUFFIX) for f in catalog.findings}
        result.orphaned = {z: orphaned_state(z, records_dir, state_dir)
                           for z in orphaned_zones(declared, records_dir, state_dir)}
        result.problems += list(result.orphaned.values())
    result.zones = catalog.zones
    result.findings = catalog.findings
    return result
