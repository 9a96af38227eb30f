"""Which nameservers to ask, and at which address: ``HOST[:PORT]``, name maps, the resolver.

A nameserver is named by host name (what LiveDNS's API and a parent's
delegation give: ``ns-123-a.gandi.net``) and reached at an address. Names
become addresses through, in order:

1. a static map, ``NAME=HOST[:PORT]`` entries (``NAME`` may be a glob such as
   ``*.gandi.net``), from ``--resolve`` or ``ZONESTACK_DNS_RESOLVE`` — like
   curl's ``--resolve``; the local emulator publishes its map this way because
   its nameservers listen on 127.0.0.1 on ports of their own;
2. a resolver: ``--resolver HOST[:PORT]`` / ``ZONESTACK_DNS_RESOLVER``, else the
   system's (``/etc/resolv.conf``), asked for A then AAAA; port 53.

Production needs neither variable. Errors are ``ServerError`` with one line.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import dns.exception
import dns.resolver

DNS_PORT = 53
RESOLVE_ENV = "ZONESTACK_DNS_RESOLVE"
RESOLVER_ENV = "ZONESTACK_DNS_RESOLVER"
LOOKUP_LIFETIME = 3.0
"""Seconds a resolver lookup (nameserver address, ALIAS target, parent zone) may take."""


class ServerError(ValueError):
    """A nameserver specification that does not parse, or a name that does not resolve."""


@dataclass(frozen=True)
class Address:
    """An IP address and port; ``str`` gives ``HOST:PORT`` (IPv6 in brackets)."""

    host: str
    port: int = DNS_PORT

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Nameserver:
    """One address to query and the names it stands for (several names may share one address)."""

    address: Address
    names: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``ns-1-a.gandi.net (127.0.0.1:5353)``, or just the address."""
        return f"{', '.join(self.names)} ({self.address})" if self.names else str(self.address)


def split_host_port(text: str, default_port: int = DNS_PORT) -> tuple[str, int]:
    """``host``, ``host:port``, ``[v6]:port`` or a bare IPv6 literal → (host, port)."""
    raw = text.strip()
    match = re.fullmatch(r"\[([^\]]+)\](?::(\d+))?", raw)
    if match:
        host, port = match.group(1), match.group(2)
    elif raw.count(":") == 1:
        host, port = raw.split(":")
    else:
        host, port = raw, None
    if not host:
        raise ServerError(f"{text!r}: expected HOST[:PORT]")
    number = default_port if port is None else int(port) if port.isdigit() else -1
    if not 0 < number < 65536:
        raise ServerError(f"{text!r}: the port must be a number from 1 to 65535")
    return host.rstrip(".").lower() if not _is_ip(host) else host, number


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def parse_resolve(entries: Iterable[str]) -> dict[str, str]:
    """``NAME=HOST[:PORT]`` entries (each may hold several, separated by spaces or commas)."""
    found: dict[str, str] = {}
    for entry in entries:
        for item in re.split(r"[\s,]+", entry.strip()):
            if not item:
                continue
            name, sep, target = item.partition("=")
            if not sep or not name or not target:
                raise ServerError(f"{item!r}: expected NAME=HOST[:PORT] (e.g. '*.gandi.net=127.0.0.1:5353')")
            split_host_port(target)
            found[name.rstrip(".").lower()] = target
    return found


@dataclass
class Lookup:
    """Turns names into addresses (static map first, then a resolver made on first use)."""

    resolve_map: Mapping[str, str] = field(default_factory=dict)
    resolver_address: str | None = None
    _resolver: dns.resolver.Resolver | None = None

    def resolver(self) -> dns.resolver.Resolver:
        """The configured resolver (``--resolver``), else the system's."""
        if self._resolver is None:
            if self.resolver_address:
                host, port = split_host_port(self.resolver_address)
                if not _is_ip(host):
                    raise ServerError(f"resolver {self.resolver_address!r}: give an IP address")
                resolver = dns.resolver.Resolver(configure=False)
                resolver.nameservers = [host]
                resolver.port = port
            else:
                resolver = dns.resolver.Resolver()
            resolver.lifetime = LOOKUP_LIFETIME
            self._resolver = resolver
        return self._resolver

    def mapped(self, name: str) -> Address | None:
        key = name.rstrip(".").lower()
        for pattern, target in self.resolve_map.items():
            if fnmatch.fnmatchcase(key, pattern):
                host, port = split_host_port(target)
                return Address(host, port) if _is_ip(host) else self.address_of(host, port)
        return None

    def address_of(self, name: str, port: int = DNS_PORT) -> Address:
        """The address for nameserver ``name``: mapped, an IP literal, or A then AAAA."""
        if _is_ip(name):
            return Address(name, port)
        mapped = self.mapped(name)
        if mapped is not None:
            return mapped
        problems = []
        for rdtype in ("A", "AAAA"):
            try:
                answer = self.resolver().resolve(name, rdtype)
                return Address(answer[0].to_text(), port)
            except (dns.exception.DNSException, OSError) as exc:
                problems.append(f"{rdtype}: {_reason(exc)}")
        raise ServerError(f"nameserver {name} does not resolve ({'; '.join(problems)})")

    def addresses_of(self, name: str) -> list[str]:
        """A and AAAA of ``name`` through the resolver (ALIAS targets); [] on failure."""
        found = []
        for rdtype in ("A", "AAAA"):
            try:
                found += [r.to_text() for r in self.resolver().resolve(name, rdtype)]
            except (dns.exception.DNSException, OSError):
                continue
        return found


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].rstrip(".")


def nameservers(specs: Sequence[str], lookup: Lookup) -> tuple[list[Nameserver], dict[str, str]]:
    """``HOST[:PORT]`` specs (names or IPs) → nameservers merged by address, in order, and
    the specs whose names do not resolve (spec → reason). Bad syntax raises ServerError."""
    merged: dict[Address, list[str]] = {}
    failed: dict[str, str] = {}
    for spec in specs:
        host, port = split_host_port(spec)
        try:
            address = lookup.address_of(host, port)
        except ServerError as exc:
            failed[host] = str(exc)
            continue
        names = merged.setdefault(address, [])
        if not _is_ip(host) and host not in names:
            names.append(host)
    return [Nameserver(address, tuple(names)) for address, names in merged.items()], failed
