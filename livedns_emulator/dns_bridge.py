"""The emulator's zones answered over DNS by real Knot DNS servers (see ``knot``).

Two ``knotd`` processes on 127.0.0.1, each on a free port of its own:

* the **LiveDNS nameserver**: every emulator zone, as LiveDNS's
  ``ns-<n>-{a,b,c}.gandi.net`` would answer it (``dns_zone.render_zone``);
* the **parent** (the registry's servers): for each zone, its parent zone
  (``com.`` for ``example.com``) with the delegation NS — by default the zone's
  LiveDNS nameservers, as for a domain registered at Gandi; the registrar's
  nameservers when they were set (the domain API's PUT, or ``delegate()`` for a
  domain still delegated to its old provider before the flip), and a DS
  (SHA-256) for each key published at the registry (see ``registrar``).

A zone with at least one non-deleted LiveDNS DNSSEC key (``handlers_keys``) is
served **signed**: the rendered master file goes through ``signing.sign_zone_text``
(DNSKEY at the apex, RRSIG over every authoritative rrset, an NSEC chain), and
Knot serves that file as it is, without signing of its own (see ``knot``);
it adds the RRSIGs and NSEC proofs to an answer when the query has the DO bit
(RFC 4035 §3.1). Without a key the zone is served unsigned. The parent zone is
not signed: only the DS it publishes matters for the chain from the registry.

Every committed write of the emulator's store is published before the API call
returns: changed zones (records, SOA TTL, or DNSSEC keys: added, deleted,
undeleted) are re-signed if signed, rewritten and reloaded with ``knotc -b zone-reload``
(synchronous, a few milliseconds), so a change made through the API is answered
over DNS as soon as the API has answered.

Addresses: the names LiveDNS hands out (``GET /domains/{fqdn}/nameservers``)
are not in public DNS, and the servers listen on ports other than 53. The
bridge therefore publishes a name → ``127.0.0.1:PORT`` map
(``*.gandi.net`` → the LiveDNS server, ``parent-ns.emulator.invalid`` → the
parent server) and the parent server's address as the resolver for names
outside the zone; ``env()`` gives both as the ``ZONESTACK_DNS_RESOLVE`` and
``ZONESTACK_DNS_RESOLVER`` variables that ``zonestack verify`` reads
(documented there). Production sets neither: names resolve through the system's
resolver, on port 53.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import dns.exception

from livedns_emulator import normalise, signing
from livedns_emulator.dns_zone import PARENT_NS, parent_zones, render_parent, render_zone
from livedns_emulator.knot import KnotBinaries, KnotServer, ensure_knot
from livedns_emulator.model import State, Zone
from livedns_emulator.nameservers import zone_nameservers
from livedns_emulator.settings import Settings
from livedns_emulator.store import Store

RESOLVE_ENV = "ZONESTACK_DNS_RESOLVE"
RESOLVER_ENV = "ZONESTACK_DNS_RESOLVER"

_Records = dict[tuple[str, str], tuple[int, tuple[str, ...]]]
_Keys = tuple[tuple[str, int, int, str, bool, bool], ...]
_Fingerprint = tuple[int, _Records, _Keys]


def _fingerprint(zone: Zone) -> _Fingerprint:
    """What the served zone depends on: SOA TTL, rrsets, and the DNSSEC keys (a key added,
    deleted or undeleted changes the DNSKEY rrset and the signatures)."""
    keys = tuple((k.id, k.flags, k.algorithm, k.public_key, k.private_key is not None, k.deleted)
                 for k in zone.keys)
    return zone.soa_ttl, {k: (r.ttl, tuple(r.values)) for k, r in zone.rrsets.items()}, keys


class DnsBridge:
    """Publishes a ``Store``'s zones to a LiveDNS Knot server and a parent Knot server.

    Create with :meth:`start`; :meth:`stop` stops both ``knotd`` (by PID) and
    removes their work directory. ``notes`` keeps the last note per zone about
    what could not be served (see ``dns_zone``); ``errors`` any publication
    failure (also printed on stderr), so a test can assert there was none.
    """

    def __init__(self, store: Store, auth: KnotServer, parent: KnotServer, workdir: Path,
                 settings: Callable[[], Settings] = Settings) -> None:
        self.store = store
        self._settings = settings
        self.auth = auth
        self.parent = parent
        self._workdir = workdir
        self._published: dict[str, _Fingerprint] = {}
        self._parents: dict[str, str] = {}
        self._serial = int(time.time())
        self._lock = threading.Lock()
        self.notes: dict[str, list[str]] = {}
        self.errors: list[str] = []

    @classmethod
    def start(cls, store: Store, binaries: KnotBinaries | None = None, port: int = 0,
              settings: Callable[[], Settings] = Settings) -> DnsBridge:
        """Start both servers with the store's current zones and follow its writes.

        ``port`` is the LiveDNS server's (0: a free one); the parent's is always free.
        ``settings`` gives the emulator's current settings (read at each publication:
        the DNSSEC signature window, the parent's NS and DS TTLs); a changed setting
        shows at the next write.
        Raises KnotUnavailable when Knot is missing or does not start. The work
        directory is a fresh one under the system temp dir (a Unix control
        socket path must stay short), removed by :meth:`stop`.
        """
        bins = binaries or ensure_knot()
        workdir = Path(tempfile.mkdtemp(prefix="zonestack-dns-"))
        auth = parent = None
        try:
            auth = KnotServer.start(workdir / "livedns", binaries=bins, port=port)
            parent = KnotServer.start(workdir / "parent", binaries=bins)
        except BaseException:
            for server in (auth, parent):
                if server is not None:
                    server.stop()
            shutil.rmtree(workdir, ignore_errors=True)
            raise
        bridge = cls(store, auth, parent, workdir, settings)
        with store.read() as state:
            bridge._publish(state)
        store.listeners.append(bridge._publish)
        return bridge

    # -- what clients need ----------------------------------------------------

    @property
    def address(self) -> str:
        """The LiveDNS server, ``127.0.0.1:PORT``."""
        return self.auth.address

    @property
    def parent_address(self) -> str:
        """The parent zones' server, ``127.0.0.1:PORT``."""
        return self.parent.address

    @property
    def resolve_map(self) -> dict[str, str]:
        """Nameserver name (glob) → address, for ``zonestack verify --resolve``."""
        return {"*.gandi.net": self.address, PARENT_NS: self.parent_address}

    def env(self) -> dict[str, str]:
        """What ``zonestack verify`` (another process) needs to find these servers."""
        return {RESOLVE_ENV: " ".join(f"{name}={addr}" for name, addr in self.resolve_map.items()),
                RESOLVER_ENV: self.parent_address}

    def dig(self, name: str, rtype: str = "A") -> str:
        """A ``dig`` command line a person can paste to ask the LiveDNS server."""
        return f"dig @{self.auth.host} -p {self.auth.port} {name} {rtype}"

    # -- the parent's view ------------------------------------------------------

    def delegate(self, zone: str, nameservers: Sequence[str]) -> None:
        """Set the registrar's nameservers for ``zone`` (host names), as a nameserver change at
        the registrar does; the parent follows. An empty list removes the delegation."""
        with self.store.write() as state:
            state.registrar_ns[normalise.zone_fqdn(zone)] = [n.rstrip(".").lower() for n in nameservers]

    def delegation(self, zone: str) -> list[str]:
        """The nameservers the parent currently delegates ``zone`` to."""
        with self.store.read() as state:
            return self._delegation_map(state).get(normalise.zone_fqdn(zone), [])

    def _delegation_map(self, state: State) -> dict[str, list[str]]:
        found = {fqdn: zone_nameservers(zone) for fqdn, zone in state.zones.items()}
        found.update({fqdn: [n.rstrip(".").lower() for n in names]
                      for fqdn, names in state.registrar_ns.items()})
        return found

    @staticmethod
    def _ds_map(state: State) -> dict[str, list[str]]:
        return {fqdn: [key.ds().to_text() for key in keys] for fqdn, keys in state.registrar_keys.items()}

    # -- publication --------------------------------------------------------------

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def _publish(self, state: State) -> None:
        """Store listener (runs under the store's lock, after each committed write)."""
        with self._lock:
            try:
                self._publish_zones(state)
                self._publish_parents(state)
            except Exception as exc:  # noqa: BLE001 - the write is committed: report, never fail the API call
                message = f"emulator DNS: {exc}"
                self.errors.append(message)
                print(message, file=sys.stderr)

    def _publish_zones(self, state: State) -> None:
        for fqdn in sorted(set(self._published) - set(state.zones)):
            self.auth.remove_zone(fqdn)
            del self._published[fqdn]
            self.notes.pop(fqdn, None)
        for fqdn, zone in state.zones.items():
            current = _fingerprint(zone)
            if self._published.get(fqdn) == current:
                continue
            text, notes = render_zone(zone, self._next_serial())
            settings = self._settings()
            try:
                text, key_notes = signing.sign_zone_text(text, fqdn, zone.keys,
                                                         inception_offset=settings.dnssec_inception_offset,
                                                         validity=settings.dnssec_signature_validity)
            except (dns.exception.DNSException, ValueError) as exc:
                raise RuntimeError(f"zone {fqdn}: DNSSEC signing failed ({exc}); the previous version stays "
                                   "served") from exc
            self.notes[fqdn] = notes + key_notes
            self._published.pop(fqdn, None)  # republished on the next write if this fails
            self.auth.set_zone(fqdn, text)
            self._published[fqdn] = current

    def _publish_parents(self, state: State) -> None:
        grouped = parent_zones(self._delegation_map(state), state.zones)
        ds = self._ds_map(state)
        settings = self._settings()
        ns_ttl, ds_ttl = settings.parent_ns_ttl, settings.parent_ds_ttl
        for parent in sorted(set(self._parents) - set(grouped)):
            self.parent.remove_zone(parent)
            del self._parents[parent]
        for parent, children in grouped.items():
            body = render_parent(parent, children, 0, ds, ns_ttl, ds_ttl)
            if self._parents.get(parent) == body:
                continue
            self._parents.pop(parent, None)
            self.parent.set_zone(parent, render_parent(parent, children, self._next_serial(), ds, ns_ttl, ds_ttl))
            self._parents[parent] = body

    def stop(self) -> None:
        """Stop following the store, stop both servers by PID, remove the work directory."""
        if self._publish in self.store.listeners:
            self.store.listeners.remove(self._publish)
        for server in (self.auth, self.parent):
            server.stop()
        shutil.rmtree(self._workdir, ignore_errors=True)
