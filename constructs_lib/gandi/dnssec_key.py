"""Typed binding for ``gandi_dnssec_key`` (provider ``go-gandi/gandi`` v2.3.0, ``resource_dnsseckey.go``).

A DNSSEC key published at the registry for a domain registered at Gandi: the registry then serves
its DS in the parent zone. Every attribute is required and ForceNew (a change replaces the key).
Create is ``POST /v5/domain/domains/{domain}/dnskeys {algorithm, type, public_key}``, then the
provider lists ``…/dnskeys`` until one has the same ``public_key`` (its id becomes the resource id);
delete is ``DELETE …/dnskeys/{id}``. Read sets ``algorithm``, ``type``, ``public_key`` from the listing.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from constructs_lib.terraform_strings import escape_literal

DNSSEC_KEY_RESOURCE_TYPE = "gandi_dnssec_key"
#: The domain API's key types (DNSKEY flags 257 / 256, RFC 4034 §2.1.1).
KEY_TYPES = ("ksk", "zsk")


@dataclass(frozen=True)
class DnssecKeyConfig:
    """Inputs of one ``gandi_dnssec_key``: ``domain``, ``algorithm`` (IANA number, 13 =
    ECDSAP256SHA256), ``type`` (``ksk``/``zsk``), ``public_key`` (base64 DNSKEY public key field)."""

    domain: str
    algorithm: int
    type: str
    public_key: str

    def __post_init__(self) -> None:
        if not isinstance(self.domain, str) or "." not in self.domain.strip(".") or self.domain != self.domain.strip():
            raise ValueError(f"gandi_dnssec_key.domain must be a domain name, got {self.domain!r}")
        if isinstance(self.algorithm, bool) or not isinstance(self.algorithm, int) or not 1 <= self.algorithm <= 255:
            raise ValueError(f"gandi_dnssec_key.algorithm must be an algorithm number, got {self.algorithm!r}")
        if self.type not in KEY_TYPES:
            raise ValueError(f"gandi_dnssec_key.type must be one of {', '.join(KEY_TYPES)}, got {self.type!r}")
        try:
            if not self.public_key or not base64.b64decode(self.public_key, validate=True):
                raise ValueError
        except (binascii.Error, ValueError):
            raise ValueError("gandi_dnssec_key.public_key must be base64") from None

    def to_terraform(self) -> dict[str, Any]:
        return {"domain": escape_literal(self.domain), "algorithm": self.algorithm, "type": self.type,
                "public_key": self.public_key}
