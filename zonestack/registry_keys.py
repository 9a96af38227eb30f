"""The DS keys a signed zone publishes at the registry: ``imports/<zone>.dnssec.json``.

``zonestack dnssec`` writes it from LiveDNS's key-signing key, to be committed: the delegation stack
(``stacks/delegation_stack.py``) turns each entry into a ``gandi_dnssec_key`` when the record file
says ``delegation: {registrar: gandi, dnssec: true}``, so the DS is a reviewed plan with state like
the nameservers. Shape::

    {"zone": "example.com",
     "keys": [{"algorithm": 13, "type": "ksk", "public_key": "<base64>", "livedns_key": "<uuid>"}]}

``algorithm``/``type``/``public_key`` are what the domain API's ``POST …/dnskeys`` takes (the
registry computes the DS from them, RFC 4034 §5.1.4); ``livedns_key`` only says where the key came from.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zonestack.atomic import write_text

SUFFIX = ".dnssec.json"
#: DNSKEY flags by the domain API's ``type`` (RFC 4034 §2.1.1: 257 = zone key + SEP, 256 = zone key).
FLAGS = {"ksk": 257, "zsk": 256}


class RegistryKeysError(ValueError):
    """The key file cannot be used (the message names the file and why)."""


@dataclass(frozen=True)
class RegistryKey:
    """One DNSSEC key for the registry: ``algorithm`` (IANA number), ``type`` (``ksk``/``zsk``),
    ``public_key`` (base64 of the DNSKEY public key field), ``livedns_key`` (source key id, may be "")."""

    algorithm: int
    type: str
    public_key: str
    livedns_key: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.algorithm, bool) or not isinstance(self.algorithm, int) or not 1 <= self.algorithm <= 255:
            raise ValueError(f"algorithm {self.algorithm!r}: an algorithm number 1-255 is expected")
        if self.type not in FLAGS:
            raise ValueError(f"type {self.type!r}: one of {', '.join(FLAGS)} is expected")
        try:
            if not self.public_key or not base64.b64decode(self.public_key, validate=True):
                raise ValueError
        except (binascii.Error, ValueError):
            raise ValueError("public_key: base64 of the DNSKEY public key is expected") from None

    def dnskey(self) -> Any:
        """The DNSKEY rdata this key is (protocol 3, RFC 4034 §2.1.2); dnspython loads only here."""
        import dns.rdata  # noqa: PLC0415 - keeps the deploy's import of this module light

        return dns.rdata.from_text("IN", "DNSKEY", f"{FLAGS[self.type]} 3 {self.algorithm} {self.public_key}")

    def key_tag(self) -> int:
        """RFC 4034 Appendix B key tag."""
        import dns.dnssec  # noqa: PLC0415

        return int(dns.dnssec.key_id(self.dnskey()))

    def resource_id(self) -> str:
        """Its ``gandi_dnssec_key`` name in the delegation stack, e.g. ``ksk_12345``."""
        return f"{self.type}_{self.key_tag()}"


def keys_path(imports_dir: Path, zone: str) -> Path:
    return Path(imports_dir) / f"{zone}{SUFFIX}"


def load_keys(imports_dir: Path, zone: str) -> tuple[RegistryKey, ...]:
    """The zone's registry keys; () when there is no file. Raises RegistryKeysError."""
    path = keys_path(imports_dir, zone)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise RegistryKeysError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-8 text (byte {exc.start})") from None
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("zone") != zone or not isinstance(data.get("keys"), list):
            raise ValueError(f'expected {{"zone": "{zone}", "keys": [...]}}')
        return tuple(_key(k) for k in data["keys"])
    except RecursionError:  # json's decoder on arrays nested thousands deep
        raise RegistryKeysError(f"{path}: nested too deep to be a key file; write it again with "
                                f"`zonestack dnssec --zone {zone}`") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise RegistryKeysError(f"{path}: {exc}; write it again with `zonestack dnssec --zone {zone}`") from None


def _key(entry: Any) -> RegistryKey:
    """One ``keys`` entry as written by ``save_keys``, taken as is: no coercion, so a hand edit such as
    ``"algorithm": true`` (which ``int()`` would turn into 1, RSAMD5) or ``13.9`` or ``1e400`` is refused,
    not published. Raises ValueError/KeyError/TypeError."""
    if not isinstance(entry, dict):
        raise ValueError(f"a key entry must be an object, not {json.dumps(entry)[:40]}")
    algorithm = entry["algorithm"]
    if isinstance(algorithm, bool) or not isinstance(algorithm, int):
        raise ValueError(f"algorithm {json.dumps(algorithm)[:40]}: an algorithm number 1-255 is expected")
    fields = {name: entry[name] if name != "livedns_key" else entry.get(name, "")
              for name in ("type", "public_key", "livedns_key")}
    for name, value in fields.items():
        if not isinstance(value, str):
            raise ValueError(f"{name} {json.dumps(value)[:40]}: a string is expected")
    return RegistryKey(algorithm, fields["type"], fields["public_key"], fields["livedns_key"])


def save_keys(imports_dir: Path, zone: str, keys: Sequence[RegistryKey]) -> Path:
    """Write the file (atomically); returns its path."""
    path = keys_path(imports_dir, zone)
    body = {"zone": zone, "keys": [{"algorithm": k.algorithm, "type": k.type, "public_key": k.public_key,
                                    "livedns_key": k.livedns_key} for k in keys]}
    write_text(path, json.dumps(body, indent=2) + "\n")
    return path
