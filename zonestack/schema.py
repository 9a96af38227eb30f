"""The record-file schema (``docs/records-format.md``) as pydantic models.

This layer checks shape only: known keys, types, required fields. Meaning (names,
values, TTL bounds, policies) is checked afterwards by ``loader`` and ``rules``,
which need the zone to interpret anything. Record entries are validated one by
one (``ZoneHeader.records`` holds raw items) so one bad entry does not hide the
problems of the others.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class RecordEntry(_Strict):
    """One record set as written: ``name``, ``type``, ``values``, optional ``ttl``."""

    name: StrictStr
    type: StrictStr
    values: list[StrictStr] = Field(min_length=1)
    ttl: StrictInt | None = None


class SettingsEntry(_Strict):
    """``settings:``: the zone object's own settings at Gandi (``model.ZoneSettings``)."""

    automatic_snapshots: StrictBool | None = None


class DelegationEntry(_Strict):
    """``delegation:``: the domain's nameservers are managed too (``model.Delegation``)."""

    registrar: Literal["gandi"]
    dnssec: StrictBool = False


class ZoneHeader(_Strict):
    """A whole record file, with record entries left for ``RecordEntry``."""

    zone: StrictStr
    ttl: StrictInt | None = None
    mode: Literal["additive", "authoritative"] | None = None
    ignore: list[StrictStr] = Field(default_factory=list)
    forbid: list[StrictStr] = Field(default_factory=list)
    settings: SettingsEntry | None = None
    delegation: DelegationEntry | None = None
    records: list[Any] = Field(default_factory=list)


RECORD_KEYS: tuple[str, ...] = tuple(RecordEntry.model_fields)
FILE_KEYS: tuple[str, ...] = tuple(ZoneHeader.model_fields)
SETTINGS_KEYS: tuple[str, ...] = tuple(SettingsEntry.model_fields)
DELEGATION_KEYS: tuple[str, ...] = tuple(DelegationEntry.model_fields)
