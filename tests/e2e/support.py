"""Helpers for the end-to-end tests: project copies, cdktf runs, expected zones, scans.

Every cdktf/terraform run goes through :func:`zonestack.deploy.runner`, and its
(redacted) output is appended to a transcript so a final test can prove the
PAT never appeared in anything the runs printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zonestack.deploy.runner import Action, CdktfResult, run_cdktf, run_terraform
from zonestack.loader import load_zone
from zonestack.model import Zone

ROOT = Path(__file__).resolve().parents[2]
ZONE = "example.com"
LINKED = (".venv", "node_modules")
"""Shared with the checkout (read-only use): installing them per copy would take minutes."""


FIXTURE_RECORDS = ROOT / "tests" / "fixtures" / "records"
"""The example zone as the tests know it, whatever the user keeps in ``records/``."""


def copy_project(dest: Path) -> Path:
    """The checkout's files (tracked and new, not ignored; as on disk) in ``dest``,
    with ``records/`` holding only the test fixture's ``example.com.yaml``.

    The user's own zones and import plans are left out so that a zone added to
    (or replaced in) the repository cannot change what these tests deploy.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if rel.startswith(("records/", "imports/")):
            continue
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    (dest / "records").mkdir(parents=True, exist_ok=True)
    shutil.copy2(FIXTURE_RECORDS / f"{ZONE}.yaml", dest / "records" / f"{ZONE}.yaml")
    for name in LINKED:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)
    return dest


@dataclass
class Project:
    """A copy of the project, the environment its runs get, and their transcript.

    ``zone_name`` is the zone its cdktf/terraform runs and paths are about
    (example.com unless a test migrates another zone).
    """

    path: Path
    env: dict[str, str]
    transcript: list[str] = field(default_factory=list)
    zone_name: str = ZONE

    @property
    def stack_dir(self) -> Path:
        return self.path / "cdktf.out" / "stacks" / self.zone_name

    @property
    def state_file(self) -> Path:
        return self.path / ".state" / self.zone_name / "terraform.tfstate"

    @property
    def records_file(self) -> Path:
        return self.path / "records" / f"{self.zone_name}.yaml"

    def zone(self) -> Zone:
        return load_zone(self.records_file)

    def cdktf(self, action: Action, *, skip_synth: bool = False, env: Mapping[str, str] | None = None,
              timeout: float = 600) -> CdktfResult:
        result = run_cdktf(action, [self.zone_name], env={**self.env, **(env or {})}, cwd=self.path,
                           skip_synth=skip_synth, timeout=timeout)
        self.transcript.append(result.output)
        return result

    def terraform(self, *args: str, env: Mapping[str, str] | None = None) -> CdktfResult:
        result = run_terraform(list(args), self.stack_dir, {**self.env, **(env or {})})
        self.transcript.append(result.output)
        return result

    def state_addresses(self) -> list[str]:
        result = self.terraform("state", "list")
        assert result.ok, result.output
        return sorted(line.strip() for line in result.output.splitlines() if line.strip())


def expected_rrsets(zone: Zone) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    """What Gandi should hold for the zone: (name, type) → (ttl, sorted values)."""
    return {(r.name, r.type): (r.ttl, tuple(sorted(r.values))) for r in zone.records}


def live_rrsets(rrsets: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    """The emulator's (or API's) rrset dicts in the same shape."""
    return {
        (r["rrset_name"], r["rrset_type"]): (int(r["rrset_ttl"]), tuple(sorted(r["rrset_values"])))
        for r in rrsets
    }


def expected_addresses(zone: Zone) -> list[str]:
    """``terraform state list`` of a deployed zone stack: the domain and one resource per record set."""
    from zonestack.resource_ids import record_address

    return sorted(["gandi_livedns_domain.zone", *(record_address(r.name, r.type) for r in zone.records)])


def files_containing(root: Path, needle: bytes) -> list[str]:
    """Regular files under ``root`` (symlinks not followed) whose bytes contain ``needle``."""
    hits = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not Path(dirpath, d).is_symlink()]
        for name in filenames:
            path = Path(dirpath, name)
            if path.is_symlink() or not path.is_file():
                continue
            if needle in path.read_bytes():
                hits.append(str(path.relative_to(root)))
    return hits
