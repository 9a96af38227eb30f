"""Import plans: which live objects a zone's first deploy adopts instead of creating.

``zonestack import gandi`` writes ``imports/<zone>.json``; the app turns it into
Terraform ``import`` blocks. Once the objects are in state, Terraform treats the
blocks as no-ops, so the file can stay until someone deletes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_IMPORTS_DIR = Path("imports")


@dataclass(frozen=True)
class ImportPlan:
    """``domain``: adopt the zone itself; ``records``: resource id → ``zone/name/TYPE``."""

    domain: bool = False
    records: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"domain": self.domain, "records": dict(sorted(self.records.items()))}, indent=2) + "\n"


def plan_path(zone: str, imports_dir: Path | None = None) -> Path:
    return (imports_dir or DEFAULT_IMPORTS_DIR) / f"{zone}.json"


def load_import_plan(zone: str, imports_dir: Path | None = None) -> ImportPlan:
    """The zone's import plan, or an empty one when there is none."""
    path = plan_path(zone, imports_dir)
    if not path.is_file():
        return ImportPlan()
    data = json.loads(path.read_text(encoding="utf-8"))
    records = {str(k): str(v) for k, v in data.get("records", {}).items()}
    return ImportPlan(domain=bool(data.get("domain")), records=records)
