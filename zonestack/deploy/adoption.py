"""Adoption: ``import`` blocks for what is live at Gandi but not yet in state, beside the stack.

Every domain registered at Gandi already has a LiveDNS zone, usually holding
Gandi's default records; a create whose answer was lost, or an apply killed
before it saved state, leaves live sets state does not know. Creating any of
them again answers 409 (go-gandi issue #126). So before planning, the guarded
deploy writes the imports its snapshot calls for (:attr:`ZoneDiff.adopt`, and the
zone itself when ``import_domain``) into ``zonestack-adopt.tf.json`` in the
stack's directory: Terraform reads every ``*.tf.json`` there, so the plan shows
them as imports (then an in-place update where the values differ).

Synthesis never reads this file (it is a pure function of the record files,
``imports/`` and code); the deploy removes it when the run ends. Imports that
synthesis already emitted (from ``imports/<zone>.json``) are not repeated:
Terraform refuses two import blocks for one address. Import blocks for objects
already in state are no-ops, so a repeated run changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from pathlib import Path

from zonestack.atomic import write_text
from zonestack.diff import ZoneDiff
from zonestack.resource_ids import DOMAIN_RESOURCE_ID, DOMAIN_RESOURCE_TYPE, provider_import_id, record_address

ADOPT_FILE = "zonestack-adopt.tf.json"


def synthesised_imports(directory: Path) -> set[str]:
    """Addresses the synthesised ``cdk.tf.json`` already imports (empty when unreadable)."""
    try:
        stack = json.loads((Path(directory) / "cdk.tf.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(item.get("to")) for item in stack.get("import") or [] if isinstance(item, dict)}


def adoption_blocks(found: ZoneDiff, already: AbstractSet[str] = frozenset(),
                    manage_domain: bool = True) -> list[dict[str, str]]:
    """The ``import`` blocks for ``found`` (a diff of a live zone), minus addresses in ``already``."""
    blocks = []
    if manage_domain and found.zone_live and found.import_domain:
        blocks.append({"to": f"{DOMAIN_RESOURCE_TYPE}.{DOMAIN_RESOURCE_ID}", "id": found.zone})
    for record in found.adopt:
        blocks.append({"to": record_address(record.name, record.type),
                       "id": provider_import_id(found.zone, record.name, record.type)})
    return [b for b in blocks if b["to"] not in already]


def write_adoption(directory: Path, found: ZoneDiff) -> int:
    """Write (or remove, when there is nothing to adopt) the stack's adoption file; the number of imports."""
    path = Path(directory) / ADOPT_FILE
    blocks = adoption_blocks(found, synthesised_imports(directory))
    if not blocks:
        path.unlink(missing_ok=True)
        return 0
    write_text(path, json.dumps({"import": blocks}, indent=2, sort_keys=True) + "\n")
    return len(blocks)


def remove_adoption(directory: Path) -> None:
    """Remove the adoption file (the run is over; plain ``cdktf`` runs never see it)."""
    (Path(directory) / ADOPT_FILE).unlink(missing_ok=True)


def add_imports(directory: Path, blocks: list[dict[str, str]]) -> None:
    """Add ``import`` blocks (``{"to", "id"}``) to the stack's adoption file (e.g. the sets a
    one-request type switch just wrote), keeping those already there."""
    path = Path(directory) / ADOPT_FILE
    try:
        existing = json.loads(path.read_text(encoding="utf-8")).get("import") or []
    except (OSError, ValueError):
        existing = []
    have = {b["to"] for b in existing} | synthesised_imports(directory)
    merged = [*existing, *(b for b in blocks if b["to"] not in have)]
    write_text(path, json.dumps({"import": merged}, indent=2, sort_keys=True) + "\n")
