"""A zone's declaration read back from a synthesised stack (``cdktf.out/stacks/<stack>/cdk.tf.json``).

A cdktf app written with the constructs (``GandiZone.from_name`` and
``add_record_set``) declares its record sets in Python, not in a record file;
what ``zonestack adopt`` needs of it — which sets the zone declares, under
which resource names, and where the stack keeps its state — is in the
synthesised JSON. Values that hold a token (``${…}``: another resource's
attribute) are known only at apply time; they are kept as written, so such a
set always compares as changed, which is what adoption needs (import it if it
is live, let Terraform update it).

Errors: :class:`StackFileError`, one line naming the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zonestack.model import RecordSet, Zone
from zonestack.resource_ids import DOMAIN_RESOURCE_TYPE, RECORD_RESOURCE_TYPE

DEFAULT_OUTPUT = "cdktf.out"
"""cdktf's default output folder (``cdktf.json`` ``"output"`` overrides it)."""


class StackFileError(ValueError):
    """A synthesised stack that cannot be read, one line naming the file."""


@dataclass(frozen=True)
class StackZone:
    """One zone as a synthesised stack declares it.

    ``zone``: the declared record sets as a model ``Zone`` (additive: the ownership
    mode and ``ignore`` globs of ``from_name`` live only in the app);
    ``resource_ids``: (name, type) → the Terraform resource name in this stack;
    ``domain_id``: the ``gandi_livedns_domain`` resource name, None when the stack
    does not manage the zone object; ``state_path``: the local backend's state
    file, None for another backend; ``stack_file``: the ``cdk.tf.json`` read.
    """

    zone: Zone
    resource_ids: dict[tuple[str, str], str]
    domain_id: str | None
    state_path: Path | None
    stack_file: Path


def output_dir(project: Path) -> Path:
    """The app's synth output folder: ``cdktf.json``'s ``"output"``, else ``cdktf.out``."""
    try:
        config = json.loads((project / "cdktf.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    output = config.get("output") if isinstance(config, dict) else None
    return project / (output if isinstance(output, str) and output else DEFAULT_OUTPUT)


def stack_files(project: Path) -> Iterator[Path]:
    """Every synthesised ``cdk.tf.json`` of the app at ``project``, sorted."""
    yield from sorted((output_dir(project) / "stacks").glob("*/cdk.tf.json"))


def find_zone(zone: str, project: Path) -> StackZone | None:
    """The synthesised stack of ``project`` that declares ``zone`` (record sets or the zone
    object), or None. Raises :class:`StackFileError` for an unreadable stack file."""
    for path in stack_files(project):
        found = read_zone(path, zone)
        if found is not None:
            return found
    return None


def read_zone(path: Path, zone: str) -> StackZone | None:
    """``zone``'s declaration in the stack file ``path``, or None when it declares nothing of it."""
    wanted = zone.lower().rstrip(".")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StackFileError(f"{path}:1: cannot read the synthesised stack ({exc}); run `npx cdktf synth` "
                             "again") from None
    resources = data.get("resource") if isinstance(data, dict) else None
    if not isinstance(resources, dict):
        return None
    records: list[RecordSet] = []
    ids: dict[tuple[str, str], str] = {}
    for rid, body in _bodies(resources, RECORD_RESOURCE_TYPE):
        if str(body.get("zone", "")).lower().rstrip(".") != wanted:
            continue
        record = RecordSet(str(body.get("name", "@")), str(body.get("type", "")).upper(), _ttl(body.get("ttl")),
                           tuple(str(v) for v in body.get("values") or ()))
        records.append(record)
        ids[record.key] = rid
    domain = next((rid for rid, body in _bodies(resources, DOMAIN_RESOURCE_TYPE)
                   if str(body.get("name", "")).lower().rstrip(".") == wanted), None)
    if not records and domain is None:
        return None
    records.sort(key=lambda r: r.key)
    return StackZone(Zone(wanted, tuple(records), path=str(path)), ids, domain, _local_state(data, path.parent),
                     path)


def _bodies(resources: dict[str, Any], rtype: str) -> Iterator[tuple[str, dict[str, Any]]]:
    block = resources.get(rtype)
    if isinstance(block, dict):
        yield from ((str(rid), body) for rid, body in block.items() if isinstance(body, dict))


def _ttl(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _local_state(data: dict[str, Any], stack_dir: Path) -> Path | None:
    """The local backend's state file (its ``path`` is relative to the stack folder), or None."""
    backend = ((data.get("terraform") or {}).get("backend") or {}) if isinstance(data.get("terraform"), dict) else {}
    if not backend:
        return stack_dir / "terraform.tfstate"  # no backend block: Terraform's default local state
    local = backend.get("local")
    if not isinstance(local, dict):
        return None
    return (stack_dir / str(local.get("path") or "terraform.tfstate")).resolve()
