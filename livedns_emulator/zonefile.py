"""Zone-file (``text/plain``) representation of rrsets (§6.5, §6.8).

Export: one ``<name> <ttl> IN <TYPE> <value>`` line per value, relative names,
TXT as stored (quoted), in the API's list order. Import (``PUT /records`` with
``Content-Type: text/plain``) reads the same layout plus ``$TTL``/``$ORIGIN``
and blank-owner continuation lines; SOA lines are ignored because the SOA is
managed by LiveDNS. Multi-line parentheses are not supported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from livedns_emulator.errors import validation
from livedns_emulator.model import RRset


def render(rrsets: Iterable[RRset]) -> str:
    """Master-file text for ``rrsets`` (already in the wanted order)."""
    lines = [f"{r.name} {r.ttl} IN {r.type} {value}" for r in rrsets for value in r.values]
    return "".join(line + "\n" for line in lines)


def parse(text: str) -> dict[str, Any]:
    """A ``{"items": [...]}`` body equivalent to ``text``, for normal validation."""
    default_ttl: int | None = None
    owner: str | None = None
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(";"):
            continue
        continued = line[0].isspace()
        body = line.strip()
        tokens = body.split()
        if tokens[0].upper() == "$TTL" and len(tokens) > 1 and tokens[1].isdigit():
            default_ttl = int(tokens[1])
            continue
        if tokens[0].startswith("$"):
            continue  # $ORIGIN etc.: names are taken relative to the zone anyway
        index = 0
        if not continued:
            owner, index = tokens[0], 1
        if owner is None:
            raise validation(("body", f"line {number}: no owner name"))
        ttl = default_ttl
        while index < len(tokens) - 1 and (tokens[index].isdigit() or tokens[index].upper() == "IN"):
            if tokens[index].isdigit():
                ttl = int(tokens[index])
            index += 1
        if index >= len(tokens) - 1:
            raise validation(("body", f"line {number}: expected '<name> <ttl> IN <type> <value>'"))
        rtype = tokens[index].upper()
        value = body.split(None, index + 1)[-1]
        if rtype == "SOA":
            continue
        item = grouped.setdefault((owner.lower(), rtype), {
            "rrset_name": owner, "rrset_type": rtype, "rrset_values": []})
        if ttl is not None and "rrset_ttl" not in item:
            item["rrset_ttl"] = ttl
        item["rrset_values"].append(value.strip())
    return {"items": list(grouped.values())}
