"""Typed binding for ``gandi_livedns_domain`` (the zone itself at LiveDNS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from constructs_lib.terraform_strings import escape_literal


@dataclass(frozen=True)
class LivednsDomainConfig:
    """Inputs of one ``gandi_livedns_domain``; validated at construction.

    Deleting this resource makes no API call (the provider only forgets it), so
    a stack never removes a zone from Gandi by accident.
    """

    name: str
    automatic_snapshots: bool | None = None
    ttl: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or "." not in self.name:
            raise ValueError(f"gandi_livedns_domain.name must be a domain name, got {self.name!r}")
        if self.ttl is not None and (isinstance(self.ttl, bool) or not isinstance(self.ttl, int) or self.ttl <= 0):
            raise ValueError(f"gandi_livedns_domain.ttl must be a positive integer, got {self.ttl!r}")

    def to_terraform(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": escape_literal(self.name)}
        if self.automatic_snapshots is not None:
            body["automatic_snapshots"] = self.automatic_snapshots
        if self.ttl is not None:
            body["ttl"] = self.ttl
        return body
