"""``SigningKey``: one of LiveDNS's DNSSEC keys for a zone, as the keys API describes it.

``GET /v5/livedns/domains/{fqdn}/keys`` lists ``{id, algorithm, algorithm_name, deleted, ds, flags,
fqdn, key_href, status}``; ``GET …/keys/{id}`` adds ``public_key`` (base64 of the DNSKEY public key
field, RFC 4034 §2.1.4) and ``tag``; ``POST …/keys`` with ``{"flags": 257}`` creates a key and makes
LiveDNS sign the zone with it (the call go-gandi names ``SignDomain``). DELETE only flags a key as
deleted. A DNSKEY whose flags have the SEP bit (257) is the key a DS at the parent points to
(RFC 4034 §2.1.1, RFC 4035 §5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zonestack.gandi.errors import GandiError

#: DNSKEY flags of a key-signing key (Zone Key + Secure Entry Point, RFC 4034 §2.1.1).
KSK_FLAGS = 257


@dataclass(frozen=True)
class SigningKey:
    """``id`` (LiveDNS's uuid), ``flags`` (256/257), ``algorithm`` (IANA number, 13 = ECDSAP256SHA256),
    ``deleted``; ``public_key`` and ``tag`` only when read one by one (else "" and None);
    ``ds``: LiveDNS's DS text for the key (``<zone>. IN DS <tag> <alg> <digest type> <digest>``)."""

    id: str
    flags: int
    algorithm: int
    deleted: bool = False
    public_key: str = ""
    tag: int | None = None
    ds: str = ""

    @property
    def is_ksk(self) -> bool:
        return self.flags == KSK_FLAGS

    @property
    def active(self) -> bool:
        return not self.deleted

    @classmethod
    def from_api(cls, item: Mapping[str, Any], what: str) -> SigningKey:
        """Raises GandiError naming ``what`` (the request) when the object lacks a field it must have."""
        try:
            tag = item.get("tag")
            return cls(str(item["id"]), int(item["flags"]), int(item["algorithm"]), bool(item.get("deleted", False)),
                       str(item.get("public_key") or ""), int(tag) if tag is not None else None,
                       str(item.get("ds") or ""))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise GandiError(f"{what}: unexpected DNSSEC key object (no id, flags or algorithm)") from None
