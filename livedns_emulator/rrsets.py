"""Turning request bodies into validated ``RRset`` objects (Shape B on failure).

Production normalises every write into an item list before validating, which
is why Shape B errors always say ``"name": "items"`` and echo the item with the
server defaults applied (``'rrset_ttl': 10800``, name/type from the path).
Everything is validated before anything is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from livedns_emulator import normalise
from livedns_emulator.errors import ApiError, validation
from livedns_emulator.model import RRset, Zone
from livedns_emulator.normalise import Invalid
from livedns_emulator.settings import Settings
from livedns_emulator.values import check_value


def require_object(body: Any) -> dict[str, Any]:
    """The JSON body must be an object."""
    if not isinstance(body, dict):
        raise validation(("body", "Invalid JSON: an object is expected"))
    return body


def parse_rrset(
    item: Any,
    zone: str,
    settings: Settings,
    *,
    name: str | None = None,
    rtype: str | None = None,
) -> RRset:
    """One rrset from ``item``; ``name``/``rtype`` from the path win over the body."""
    rrset, errors = _parse(item, zone, settings, name, rtype)
    if errors:
        raise validation(*errors)
    assert rrset is not None
    return rrset


def parse_items(body: Any, zone: str, settings: Settings, *, name: str | None = None
                ) -> list[RRset]:
    """``{"items": [...]}`` bodies of PUT /records and PUT /records/{name}."""
    items = require_object(body).get("items")
    if not isinstance(items, list):
        raise validation(("items", "Required: a list of rrsets"))
    parsed: dict[tuple[str, str], RRset] = {}
    errors: list[tuple[str, str]] = []
    for item in items:
        rrset, item_errors = _parse(item, zone, settings, name, None)
        errors.extend(item_errors)
        if rrset is not None:
            parsed[(rrset.name, rrset.type)] = rrset  # a repeated name/type: last wins
    if errors:
        raise validation(*errors)
    return list(parsed.values())


def _parse(item: Any, zone: str, settings: Settings, name: str | None, rtype: str | None
           ) -> tuple[RRset | None, list[tuple[str, str]]]:
    if not isinstance(item, dict):
        return None, [("items", f"{item!r}: an rrset object is expected")]
    missing = [key for key, given in (("rrset_name", name), ("rrset_type", rtype),
                                      ("rrset_values", None))
               if given is None and key not in item]
    if missing:
        return None, [(key, "Required") for key in missing]
    raw_values = item["rrset_values"]
    param = {
        "rrset_type": rtype if rtype is not None else item["rrset_type"],
        "rrset_ttl": item.get("rrset_ttl") or normalise.DEFAULT_TTL,
        "rrset_name": name if name is not None else item["rrset_name"],
        "rrset_values": raw_values,
    }
    problems: list[Invalid] = []
    try:
        final_name = name if name is not None else normalise.rrset_name(item["rrset_name"], zone)
        final_type = rtype if rtype is not None else normalise.rrset_type(item["rrset_type"])
        # go-gandi and libdns omit a zero TTL (omitempty); a literal 0 means the same.
        final_ttl = normalise.ttl(item.get("rrset_ttl") or None)
    except Invalid as exc:
        return None, [("items", f"{exc.description} (param: {param!r})")]
    if not isinstance(raw_values, list):
        return None, [("items", f"{raw_values!r}: rrset_values must be a list (param: {param!r})")]
    if final_type == "ALIAS" and final_name != "@":
        problems.append(Invalid(final_name, "only '@' is allowed for ALIAS records"))
    for value in raw_values:
        try:
            check_value(final_type, value, zone)
        except Invalid as exc:
            problems.append(exc)
    if problems:
        return None, [("items", f"{p.description} (param: {param!r})") for p in problems]
    stored = normalise.values(final_type, raw_values, split_long=settings.txt_split_long,
                              dedupe=settings.dedupe_values)
    return RRset(final_name, final_type, final_ttl, stored), []


def require_values(rrset: RRset) -> None:
    """POST needs at least one value ([U] per spec; 400 recommended)."""
    if not rrset.values:
        param = rrset.as_api()
        raise validation(("items", f"[]: at least one value is required (param: {param!r})"))


def check_cname(zone: Zone, changed: Iterable[RRset], settings: Settings) -> None:
    """Optional CNAME rules (§7 [U]): alone at its name and never at the apex."""
    if not settings.reject_cname_conflicts:
        return
    for rrset in changed:
        if rrset.type == "CNAME" and rrset.name == "@":
            raise _cname_error(rrset, "a CNAME is not allowed at '@'")
        types = {t for (n, t) in zone.rrsets if n == rrset.name}
        if "CNAME" in types and len(types) > 1:
            raise _cname_error(rrset, "a CNAME cannot coexist with other records")


def _cname_error(rrset: RRset, problem: str) -> ApiError:
    return validation(("items", f"{rrset.name!r}: {problem} (param: {rrset.as_api()!r})"))


def api_rrset(rrset: RRset, href: str) -> dict[str, Any]:
    """The API's rrset object, keys in production order (type, ttl, name, href, values)."""
    return {
        "rrset_type": rrset.type,
        "rrset_ttl": rrset.ttl,
        "rrset_name": rrset.name,
        "rrset_href": href,
        "rrset_values": list(rrset.values),
    }


def sorted_rrsets(rrsets: Iterable[RRset]) -> list[RRset]:
    """§5.8 order."""
    return sorted(rrsets, key=lambda r: normalise.sort_key(r.name, r.type))
