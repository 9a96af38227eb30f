"""Record sets Terraform believes it manages, read from a zone's state.

The audit needs state to tell "would be destroyed" from "never managed". The
local backend keeps a plain JSON file, read directly (no Terraform needed);
for the pg backend, ``terraform state pull`` produces the same JSON, so the
caller passes that text to ``parse_state`` instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from zonestack.resource_ids import RECORD_RESOURCE_TYPE

DEFAULT_STATE_DIR = Path(".state")


class StateError(ValueError):
    """A state file that exists but cannot be understood (one-line message)."""


@dataclass(frozen=True)
class StateRecord:
    """One ``gandi_livedns_record`` instance: its address and attributes."""

    address: str
    name: str
    type: str
    ttl: int
    values: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.type)


def state_file(zone: str, state_dir: Path = DEFAULT_STATE_DIR) -> Path:
    """The local backend's state file of ``zone`` (see ``stacks.backend``)."""
    return Path(state_dir) / zone / "terraform.tfstate"


def read_local_state(zone: str, state_dir: Path = DEFAULT_STATE_DIR) -> list[StateRecord]:
    """Record sets in the zone's local state; none when there is no state yet."""
    return parse_state(read_local_state_text(zone, state_dir), str(state_file(zone, state_dir)))


def read_local_state_text(zone: str, state_dir: Path = DEFAULT_STATE_DIR) -> str:
    """The zone's local state document; "" when there is no state yet."""
    path = state_file(zone, state_dir)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise StateError(f"{path}:1: cannot read state: {exc.strerror or exc}") from None


def parse_state(text: str, shown: str = "state") -> list[StateRecord]:
    """Record sets of a Terraform v4 state document (``terraform state pull`` JSON)."""
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateError(f"{shown}:{exc.lineno}: not valid JSON state: {exc.msg} (column {exc.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("resources", []), list):
        raise StateError(f"{shown}:1: not a Terraform state document")
    found: list[StateRecord] = []
    for resource in data.get("resources", []):
        if not isinstance(resource, dict) or resource.get("type") != RECORD_RESOURCE_TYPE:
            continue
        if resource.get("mode", "managed") != "managed":
            continue
        address = f"{RECORD_RESOURCE_TYPE}.{resource.get('name', '?')}"
        for instance in resource.get("instances", []):
            found.append(_record(address, instance, shown))
    return sorted(found, key=lambda r: r.key)


def _record(address: str, instance: object, shown: str) -> StateRecord:
    attrs = instance.get("attributes") if isinstance(instance, dict) else None
    if not isinstance(attrs, dict):
        raise StateError(f"{shown}:1: {address} has no attributes")
    try:
        return StateRecord(
            address=address,
            name=str(attrs["name"]),
            type=str(attrs["type"]).upper(),
            ttl=int(attrs.get("ttl") or 0),
            values=tuple(str(v) for v in attrs.get("values") or ()),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise StateError(f"{shown}:1: {address} has unreadable attributes ({exc})") from None
