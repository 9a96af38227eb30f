"""Validation of rdata strings (§5.6, §7), with dnspython as the parser.

Values are checked after normalisation and stored verbatim (no trailing dot is
added: production returns a relative CNAME target exactly as sent). Only the
messages the spec confirms are reproduced word for word ("must be an IP
address", "invalid hostname", the ALIAS rule); others are descriptive.
"""

from __future__ import annotations

import ipaddress
import re

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from livedns_emulator.normalise import Invalid

MAX_VALUE_LEN = 16384
HOSTNAME_TYPES = frozenset({"ALIAS", "CNAME", "DNAME", "NS", "PTR"})
_HOST_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")


def _is_printable_ascii(value: str) -> bool:
    return all(" " <= ch <= "~" for ch in value)


def check_hostname(value: str, *, allow_root: bool = False) -> None:
    """A host name (relative or absolute) that does not look like an IP address."""
    if value == "." and allow_root:
        return
    if value == "@":
        return
    host = value[:-1] if value.endswith(".") else value
    labels = host.split(".")
    if (not host or len(host) > 253 or not all(_HOST_LABEL.match(lbl) for lbl in labels)
            or labels[-1].isdigit()):
        raise Invalid(value, "invalid hostname")


def _check_fields(value: str, count: int, host_index: int) -> None:
    """Integer fields then a host name (MX: 1 + host, SRV: 3 + host)."""
    fields = value.split()
    if len(fields) != count:
        raise Invalid(value, f"expected {count} fields")
    for field in fields[:host_index]:
        if not field.isdigit() or int(field) > 65535:
            raise Invalid(value, "invalid value")
    check_hostname(fields[host_index], allow_root=True)


def _check_with_dnspython(rtype: str, value: str, zone: str) -> None:
    try:
        dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), value,
                            origin=dns.name.from_text(zone))
    except (dns.exception.DNSException, ValueError, TypeError) as exc:
        raise Invalid(value, f"invalid {rtype} value") from exc


def check_value(rtype: str, value: object, zone: str) -> None:
    """Raise ``Invalid`` unless ``value`` is acceptable rdata for ``rtype``."""
    if not isinstance(value, str):
        raise Invalid(value, "must be a string")
    if not value or len(value) > MAX_VALUE_LEN or not _is_printable_ascii(value):
        raise Invalid(value, f"must be 1 to {MAX_VALUE_LEN} printable ASCII characters")
    if rtype == "A":
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            raise Invalid(value, "must be an IP address") from None
    elif rtype == "AAAA":
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            raise Invalid(value, "must be an IP address") from None
    elif rtype in HOSTNAME_TYPES:
        check_hostname(value)
    elif rtype == "MX":
        _check_fields(value, 2, 1)
    elif rtype == "SRV":
        _check_fields(value, 4, 3)
    elif rtype in ("TXT", "SPF"):
        return  # any printable text is accepted: it gets quoted, and >255 is allowed
    else:
        _check_with_dnspython(rtype, value, zone)
