"""In-memory state of the emulated account, with plain-dict (JSON) round trips.

Kept free of HTTP concerns: hrefs are added by the handlers because they depend
on the Host the client used. Tokens are held only as SHA-256 digests, so the
state (and hence the JSON file) never contains a usable credential. It does hold
the private halves of the zones' LiveDNS DNSSEC keys (``DnssecKey.private_key``),
as Gandi holds them to sign its zones: emulated keys, signing emulated zones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import dns.dnssec
import dns.rdata


@dataclass
class RRset:
    """One (name, type) record set; ``values`` are normalised presentation strings."""

    name: str
    type: str
    ttl: int
    values: list[str]

    def as_api(self) -> dict[str, Any]:
        """The object the API returns, minus ``rrset_href``."""
        return {
            "rrset_name": self.name,
            "rrset_type": self.type,
            "rrset_ttl": self.ttl,
            "rrset_values": list(self.values),
        }

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> RRset:
        return cls(data["rrset_name"], data["rrset_type"], int(data["rrset_ttl"]),
                   list(data["rrset_values"]))


@dataclass
class Snapshot:
    """A saved copy of a zone's rrsets; ``zone_data`` is immutable once taken."""

    id: str
    name: str
    created_at: str
    automatic: bool
    seq: int
    zone_data: list[dict[str, Any]]

    def meta(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "created_at": self.created_at,
                "automatic": self.automatic, "seq": self.seq}


@dataclass
class DnssecKey:
    """A LiveDNS DNSSEC key (§6.9); DELETE only flags it, PATCH/PUT undeletes.

    ``public_key`` is the base64 DNSKEY public key field (RFC 4034 §2.1.4);
    ``private_key`` the PKCS#8 PEM of its private half (see ``signing``), None in
    state saved before the emulator's keys were real: such a key is published but
    cannot sign. ``to_dict``/``from_dict`` of ``Zone`` carry both.
    """

    id: str
    flags: int
    algorithm: int
    public_key: str
    deleted: bool = False
    private_key: str | None = None


@dataclass
class Zone:
    """A LiveDNS zone and everything hanging off it."""

    fqdn: str
    org: str
    automatic_snapshots: bool = True
    soa_ttl: int = 10800
    rrsets: dict[tuple[str, str], RRset] = field(default_factory=dict)
    snapshots: list[Snapshot] = field(default_factory=list)
    keys: list[DnssecKey] = field(default_factory=list)
    snapshot_seq: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Everything but snapshot contents, which persistence stores separately."""
        return {
            "fqdn": self.fqdn,
            "org": self.org,
            "automatic_snapshots": self.automatic_snapshots,
            "soa_ttl": self.soa_ttl,
            "rrsets": [r.as_api() for r in self.rrsets.values()],
            "snapshots": [s.meta() for s in self.snapshots],
            "keys": [vars(k).copy() for k in self.keys],
            "snapshot_seq": self.snapshot_seq,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], zone_data: dict[str, list[dict[str, Any]]]) -> Zone:
        """Inverse of ``to_dict``; ``zone_data`` maps snapshot id to its rrsets."""
        zone = cls(data["fqdn"], data["org"], data["automatic_snapshots"], data["soa_ttl"])
        for item in data["rrsets"]:
            rrset = RRset.from_api(item)
            zone.rrsets[(rrset.name, rrset.type)] = rrset
        zone.snapshots = [
            Snapshot(zone_data=zone_data.get(s["id"], []), **s) for s in data["snapshots"]
        ]
        zone.keys = [DnssecKey(**k) for k in data["keys"]]
        zone.snapshot_seq = data.get("snapshot_seq", len(zone.snapshots))
        return zone


@dataclass
class TokenRecord:
    """A credential as stored: the SHA-256 of the secret, never the secret."""

    digest: str
    scheme: str
    label: str
    org: str
    expires_at: str | None
    scopes: tuple[str, ...]
    domains: tuple[str, ...] | None

    def to_dict(self) -> dict[str, Any]:
        data = vars(self).copy()
        data["scopes"] = list(self.scopes)
        data["domains"] = None if self.domains is None else list(self.domains)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TokenRecord:
        domains = data.get("domains")
        return cls(data["digest"], data["scheme"], data["label"], data["org"],
                   data.get("expires_at"), tuple(data["scopes"]),
                   None if domains is None else tuple(domains))


@dataclass
class RegistryKey:
    """A DNSSEC key published at the registry for a registered domain (its DS is in the parent)."""

    id: int
    domain: str
    algorithm: int
    type: str  # "ksk" or "zsk"
    public_key: str

    def dnskey(self) -> dns.rdata.Rdata:
        """The DNSKEY rdata (flags from ``type``, protocol 3: RFC 4034 §2.1)."""
        flags = 257 if self.type == "ksk" else 256
        return dns.rdata.from_text("IN", "DNSKEY", f"{flags} 3 {self.algorithm} {self.public_key}")

    def ds(self) -> Any:  # dns.rdtypes.ANY.DS.DS
        """The DS rdata the parent publishes (SHA-256 digest, RFC 4509)."""
        return dns.dnssec.make_ds(self.domain + ".", self.dnskey(), "SHA256")

    def keytag(self) -> int:
        return int(self.ds().key_tag)

    def digest(self) -> str:
        return str(self.ds().digest.hex())


@dataclass
class State:
    """The whole emulated account: zones, registered domains (fqdn -> org), tokens, and the
    registrar's side of registered domains: nameservers set through the domain API (absent:
    LiveDNS's) and DS keys published at the registry."""

    zones: dict[str, Zone] = field(default_factory=dict)
    registered: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, TokenRecord] = field(default_factory=dict)
    registrar_ns: dict[str, list[str]] = field(default_factory=dict)
    registrar_keys: dict[str, list[RegistryKey]] = field(default_factory=dict)
    registrar_key_seq: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "zones": [z.to_dict() for z in self.zones.values()],
            "registered": dict(self.registered),
            "tokens": [t.to_dict() for t in self.tokens.values()],
            "registrar_ns": {f: list(n) for f, n in self.registrar_ns.items()},
            "registrar_keys": [vars(k).copy() for keys in self.registrar_keys.values() for k in keys],
            "registrar_key_seq": self.registrar_key_seq,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any],
                  zone_data: dict[str, list[dict[str, Any]]]) -> State:
        state = cls()
        for item in data.get("zones", []):
            zone = Zone.from_dict(item, zone_data)
            state.zones[zone.fqdn] = zone
        state.registered = dict(data.get("registered", {}))
        for item in data.get("tokens", []):
            token = TokenRecord.from_dict(item)
            state.tokens[token.digest] = token
        state.registrar_ns = {f: list(n) for f, n in data.get("registrar_ns", {}).items()}
        for item in data.get("registrar_keys", []):
            key = RegistryKey(**item)
            state.registrar_keys.setdefault(key.domain, []).append(key)
        state.registrar_key_seq = int(data.get("registrar_key_seq", 0))
        return state
