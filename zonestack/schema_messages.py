"""Plain-language messages for pydantic's schema errors.

pydantic says "Input should be a valid string"; a user editing YAML needs to hear
which key, what was found, and what to do (quote it, remove it, add it).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from zonestack.schema import DELEGATION_KEYS, FILE_KEYS, RECORD_KEYS, SETTINGS_KEYS


def _where(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "file"


def _yaml_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{value!r}"


def describe(error: Mapping[str, Any], loc: tuple[Any, ...]) -> str:
    """One readable sentence for one pydantic error at ``loc``."""
    kind = error["type"]
    where = _where(loc)
    value = error.get("input")
    in_record = len(loc) >= 2 and loc[0] == "records"
    in_settings = len(loc) >= 1 and loc[0] == "settings"
    in_delegation = len(loc) >= 1 and loc[0] == "delegation"
    allowed = (RECORD_KEYS if in_record else SETTINGS_KEYS if in_settings else
               DELEGATION_KEYS if in_delegation else FILE_KEYS)
    if kind == "extra_forbidden":
        return f"unknown key {loc[-1]!r} (allowed here: {', '.join(allowed)})"
    if kind == "missing":
        owner = "record entry" if in_record else "delegation" if in_delegation else "file"
        return f"{owner} is missing the required key {loc[-1]!r}"
    if kind == "string_type":
        hint = " (quote it in YAML)" if isinstance(value, (bool, int, float, datetime.date)) else ""
        return f"{where} must be a string, found {_yaml_type(value)}{hint}"
    if kind == "int_type":
        return f"{where} must be a whole number of seconds, found {_yaml_type(value)}"
    if kind == "list_type":
        return f"{where} must be a list, found {_yaml_type(value)}"
    if kind == "bool_type":
        return f"{where} must be true or false, found {_yaml_type(value)}"
    if kind == "too_short":
        return f"{where} must not be empty"
    if kind == "literal_error" and in_delegation:
        return f"{where} must be gandi (the only registrar supported), found {_yaml_type(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type") and in_delegation:
        return f"{where} must be a mapping with registrar (and optionally dnssec), found {_yaml_type(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type") and in_settings:
        return f"{where} must be a mapping with {', '.join(SETTINGS_KEYS)}, found {_yaml_type(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        keys = ", ".join(RECORD_KEYS if in_record else FILE_KEYS)
        return f"{where} must be a mapping with {keys}, found {_yaml_type(value)}"
    return f"{where}: {error['msg']}"
