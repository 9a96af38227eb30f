"""Never replace a record set whose create succeeded: untaint it before planning.

go-gandi creates a record set with ``POST`` and then reads it back with
``GET``; when only the read fails (429 rate limit, 502 from a gateway) the
provider returns an error after setting the ID, and Terraform keeps the
resource as *tainted*. The next plan would then destroy and re-create a record
set that is live and correct, an outage window that at a low rate limit ended
with the record gone from zone and state. Before planning, every tainted
record instance is compared with the zone at Gandi (one listing): when the
live set equals the declaration (or what the failed create wrote, i.e. the
state's attributes), ``terraform untaint`` clears the mark and the plan shows
no change (or a plain in-place update).

A set that is not live is left tainted: the plan then creates it again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from zonestack.deploy.livecheck import list_live
from zonestack.deploy.pipeline import terraform_json_step, terraform_step
from zonestack.deploy.statedoc import local_state_file, read_state_file
from zonestack.gandi import LiveRRset
from zonestack.model import Zone
from zonestack.resource_ids import RECORD_RESOURCE_TYPE


@dataclass(frozen=True)
class TaintedSet:
    """A tainted ``gandi_livedns_record`` instance in state, with the attributes state holds."""

    address: str
    name: str
    type: str
    ttl: int
    values: tuple[str, ...]


def tainted_records(state_text: str) -> list[TaintedSet]:
    """Tainted record instances of a ``terraform state pull`` document (none if empty/unreadable)."""
    start = state_text.find("{")
    try:
        data = json.loads(state_text[start:]) if start >= 0 else {}
    except json.JSONDecodeError:
        return []
    found = []
    for resource in data.get("resources") or []:
        if resource.get("type") != RECORD_RESOURCE_TYPE or resource.get("mode", "managed") != "managed":
            continue
        for instance in resource.get("instances") or []:
            if instance.get("status") != "tainted":
                continue
            attrs = instance.get("attributes") or {}
            found.append(TaintedSet(f"{RECORD_RESOURCE_TYPE}.{resource.get('name')}", str(attrs.get("name")),
                                    str(attrs.get("type", "")).upper(), int(attrs.get("ttl") or 0),
                                    tuple(str(v) for v in attrs.get("values") or ())))
    return found


def safe_to_untaint(tainted: TaintedSet, zone: Zone, live: Mapping[tuple[str, str], LiveRRset]) -> bool:
    """Whether the live set equals the declaration or the tainted state's own attributes."""
    current = live.get((tainted.name, tainted.type))
    if current is None:
        return False
    seen = (current.ttl, frozenset(current.values))
    declared = zone.by_key.get((tainted.name, tainted.type))
    if declared is not None and seen == (declared.ttl, frozenset(declared.values)):
        return True
    return seen == (tainted.ttl, frozenset(tainted.values))


def _state_text(zone: str, directory: Path, env: Mapping[str, str]) -> str:
    """The zone's state document: the local backend's file read directly (no Terraform run),
    any other backend through ``terraform init`` + ``state pull``."""
    try:
        local = local_state_file(directory)
    except (OSError, ValueError):
        return ""
    if local is not None:
        return read_state_file(local)
    terraform_step(zone, ["init", "-input=false", "-no-color"], directory, env)
    return terraform_json_step(zone, ["state", "pull"], directory, env)  # TF_LOG kept out of the JSON


def untaint_created(zone: Zone, directory: Path, env: Mapping[str, str]) -> list[str]:
    """Untaint every tainted record set of ``zone`` that is live as intended; returns their addresses.

    Reads state (see :func:`_state_text`); lists the zone and runs ``terraform
    untaint`` only when something is tainted. Raises StepError (one line) when Terraform or the
    API fails.
    """
    tainted = tainted_records(_state_text(zone.name, directory, env))
    if not tainted:
        return []
    live = list_live(zone.name, env, "to check tainted record sets")
    done: list[str] = []
    for item in tainted:
        if safe_to_untaint(item, zone, live):
            if not done:
                terraform_step(zone.name, ["init", "-input=false", "-no-color"], directory, env)
            terraform_step(zone.name, ["untaint", "-lock-timeout=60s", "-no-color", item.address], directory, env)
            done.append(item.address)
    return done
