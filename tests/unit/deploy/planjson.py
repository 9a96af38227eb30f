"""Synthetic ``terraform show -json`` plans, shaped like Terraform 1.11's."""

from __future__ import annotations

import json
from typing import Any


def record(name: str, rtype: str, *actions: str, importing: bool = False) -> dict[str, Any]:
    slug = "APEX" if name == "@" else name
    attrs = {"name": name, "type": rtype, "ttl": 300, "values": ["192.0.2.1"], "zone": "example.org"}
    before = None if actions == ("create",) else attrs
    after = None if actions == ("delete",) else attrs
    change: dict[str, Any] = {"actions": list(actions), "before": before, "after": after}
    if importing:
        change["importing"] = {"id": f"example.org/{name}/{rtype}"}
    return {"address": f"gandi_livedns_record.{rtype}_{slug}", "mode": "managed",
            "type": "gandi_livedns_record", "name": f"{rtype}_{slug}", "change": change}


def plan(*changes: dict[str, Any], domain: tuple[str, ...] = ("no-op",)) -> str:
    items = [{"address": "gandi_livedns_domain.zone", "mode": "managed", "type": "gandi_livedns_domain",
              "name": "zone", "change": {"actions": list(domain), "before": {}, "after": {}}}, *changes]
    return "Warning: something printed first\n" + json.dumps(
        {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": items})


def zone_of(size: int, **kinds: int) -> str:
    """``size`` record sets: the first ones with the given kinds (delete=3, update=1, ...), rest no-op."""
    items = []
    for kind, count in kinds.items():
        actions = {"delete": ("delete",), "update": ("update",), "create": ("create",),
                   "replace": ("delete", "create")}[kind]
        items += [actions] * count
    rows = [record(f"h{i}", "A", *actions) for i, actions in enumerate(items)]
    rows += [record(f"n{i}", "A", "no-op") for i in range(size - len(rows))]
    return plan(*rows)
