"""Declared record sets against what a nameserver answered, compared canonically.

Two values are equal when their canonical forms are: host names without case
(RFC 4343), addresses as numbers (so ``2001:db8:0::1`` is ``2001:db8::1``), and
TXT/SPF as the concatenation of their character-strings (RFC 7208 §3.3: a
value split into 255-octet strings differently is the same value; quotes,
semicolons and backslashes are compared as the octets they stand for).
Everything else compares as uncompressed wire format. A record set is equal
when its value *sets* are; a different TTL is reported as a difference too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from zonestack.rrtypes import TEXT_TYPES


class Status(str, Enum):
    """A record set's state at one nameserver."""

    OK = "ok"
    MISSING = "missing"
    DIFFERENT = "different"
    SERVER_ERROR = "server error"
    UNCHECKABLE = "not checkable"


@dataclass(frozen=True)
class Check:
    """One declared record set at one nameserver.

    ``declared``/``answered`` are presentation values (TXT as one quoted
    string); TTLs in seconds (None when nothing was answered); ``detail`` says
    what differs or why it could not be checked.
    """

    name: str
    type: str
    server: str
    status: Status
    declared: tuple[str, ...] = ()
    answered: tuple[str, ...] = ()
    declared_ttl: int | None = None
    answered_ttl: int | None = None
    detail: str = ""
    tcp: bool = False

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @property
    def settled(self) -> bool:
        """Nothing to wait for: ok, or not checkable whatever the server does."""
        return self.status in (Status.OK, Status.UNCHECKABLE)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "type": self.type, "server": self.server, "status": self.status.value,
                "declared": list(self.declared), "answered": list(self.answered),
                "declared_ttl": self.declared_ttl, "answered_ttl": self.answered_ttl,
                "detail": self.detail, "tcp": self.tcp}


def _names_lowered(rdata: dns.rdata.Rdata) -> dns.rdata.Rdata:
    slots = {slot for cls in type(rdata).__mro__ for slot in getattr(cls, "__slots__", ())}
    changes = {slot: getattr(rdata, slot).canonicalize() for slot in slots
               if isinstance(getattr(rdata, slot, None), dns.name.Name)}
    return rdata.replace(**changes) if changes else rdata


def canonical(rdata: dns.rdata.Rdata) -> bytes:
    """The comparison key of one value (see the module docstring)."""
    if dns.rdatatype.to_text(rdata.rdtype) in TEXT_TYPES:
        return b"".join(rdata.strings)  # type: ignore[attr-defined]
    wire = _names_lowered(rdata).to_wire()
    assert wire is not None  # to_wire() without a file returns the bytes
    return wire


def shown(rdata: dns.rdata.Rdata) -> str:
    """A value for people: TXT as one quoted string, others in presentation form."""
    if dns.rdatatype.to_text(rdata.rdtype) in TEXT_TYPES:
        joined = b"".join(rdata.strings)  # type: ignore[attr-defined]
        return '"' + joined.decode("ascii", errors="backslashreplace").replace('"', '\\"') + '"'
    return rdata.to_text()


def parse_declared(rtype: str, values: Iterable[str], origin: dns.name.Name) -> list[dns.rdata.Rdata]:
    """Declared values (the model's canonical, Gandi-stored text) as rdata; raises ValueError."""
    parsed = []
    for value in values:
        try:
            parsed.append(dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), value,
                                              origin=origin, relativize=False))
        except (dns.exception.DNSException, ValueError) as exc:
            raise ValueError(f"declared {rtype} value {value!r} does not parse ({exc})") from None
    return parsed


def compare(name: str, rtype: str, server: str, declared: list[dns.rdata.Rdata], declared_ttl: int,
            answered: Iterable[dns.rdata.Rdata], answered_ttl: int | None, *, tcp: bool = False) -> Check:
    """``ok`` when the value sets are canonically equal and the TTLs match; else ``different``."""
    got = list(answered)
    want_keys = {canonical(r) for r in declared}
    got_keys = {canonical(r) for r in got}
    declared_text = tuple(sorted(shown(r) for r in declared))
    answered_text = tuple(sorted(shown(r) for r in got))
    if want_keys != got_keys:
        return Check(name, rtype, server, Status.DIFFERENT, declared_text, answered_text, declared_ttl,
                     answered_ttl, "values differ", tcp)
    if answered_ttl is not None and answered_ttl != declared_ttl:
        return Check(name, rtype, server, Status.DIFFERENT, declared_text, answered_text, declared_ttl,
                     answered_ttl, f"TTL declared {declared_ttl} / answered {answered_ttl}", tcp)
    return Check(name, rtype, server, Status.OK, declared_text, answered_text, declared_ttl, answered_ttl,
                 tcp=tcp)
