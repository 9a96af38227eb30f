"""Typed binding for ``gandi_livedns_record`` (one record set)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from constructs_lib.gandi.schema import RECORD_ATTRIBUTES
from constructs_lib.terraform_strings import terraform_string


@dataclass(frozen=True)
class LivednsRecordConfig:
    """Inputs of one ``gandi_livedns_record``; validated at construction.

    ``values`` is a set in the provider; order here only keeps the JSON stable.
    Values may hold cdktf tokens; every literal string is escaped for Terraform
    JSON (``$${``, ``%%{``: see :mod:`constructs_lib.terraform_strings`), so the
    provider sends exactly the text given.
    """

    zone: str
    name: str
    type: str
    ttl: int
    values: tuple[str, ...]
    mutable: bool | None = None
    depends_on: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for attr in ("zone", "name", "type"):
            value = getattr(self, attr)
            if not isinstance(value, str) or not value:
                raise ValueError(f"gandi_livedns_record.{attr} must be a non-empty string, got {value!r}")
        if isinstance(self.ttl, bool) or not isinstance(self.ttl, int) or self.ttl <= 0:
            raise ValueError(f"gandi_livedns_record.ttl must be a positive integer, got {self.ttl!r}")
        if not self.values or not all(isinstance(v, str) and v for v in self.values):
            raise ValueError("gandi_livedns_record.values must be a non-empty list of non-empty strings")
        if len(set(self.values)) != len(self.values):
            raise ValueError("gandi_livedns_record.values is a set: duplicate values would be merged")

    def to_terraform(self) -> dict[str, Any]:
        """The resource body as it appears in Terraform JSON."""
        body: dict[str, Any] = {
            "zone": terraform_string(self.zone),
            "name": terraform_string(self.name),
            "type": self.type,
            "ttl": self.ttl,
            "values": [terraform_string(v) for v in self.values],
        }
        if self.mutable is not None:
            body["mutable"] = self.mutable
        if self.depends_on:
            body["depends_on"] = list(self.depends_on)
        return body


EMITTED = frozenset(a.name for a in RECORD_ATTRIBUTES)
