"""``verify_declared``: the whole verify job for one zone (the CLI and the demo call it).

Picks the nameservers (given, or the zone's LiveDNS ones from the API), finds their addresses,
asks every declared record set at each (:mod:`.run`), and with ``delegation`` asks the parent
zone's servers instead (:mod:`.delegation`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from zonestack.gandi import LiveDNSClient
from zonestack.model import Zone
from zonestack.verify.delegation import check_delegation, parent_servers
from zonestack.verify.livedns import livedns_nameservers
from zonestack.verify.query import TIMEOUT
from zonestack.verify.run import PARALLEL, POLL_INTERVAL, ZoneReport, verify_zone
from zonestack.verify.servers import Lookup, nameservers


@dataclass(frozen=True)
class Options:
    """How to verify (the CLI's options; see ``zonestack verify --help``).

    ``nameservers``/``parent_nameservers`` are ``HOST[:PORT]`` (empty: from
    the API / found through the resolver); ``resolve`` maps nameserver names
    (globs) to ``HOST[:PORT]``; ``resolver`` is ``HOST[:PORT]`` of the DNS
    server for names outside the zone (None: the system's); seconds for
    ``timeout`` (per exchange) and ``wait``.
    """

    nameservers: Sequence[str] = ()
    resolve: Mapping[str, str] = field(default_factory=dict)
    resolver: str | None = None
    timeout: float = TIMEOUT
    parallel: int = PARALLEL
    wait: float = 0.0
    delegation: bool = False
    parent_nameservers: Sequence[str] = ()


def verify_declared(zone: Zone, options: Options, client: Callable[[], LiveDNSClient] = LiveDNSClient,
                    progress: Callable[[str], None] | None = None) -> ZoneReport:
    """Verify ``zone`` (records, or with ``options.delegation`` the parent's delegation).

    ``client`` makes the API client, called only when the LiveDNS nameservers
    are needed (no ``nameservers`` given, or ``delegation``). Raises GandiError
    (API) and ServerError (a bad ``HOST[:PORT]`` or resolve entry); DNS
    failures end up in the report.
    """
    lookup = Lookup(dict(options.resolve), options.resolver)
    api_names: list[str] = []
    if options.delegation or not options.nameservers:
        with client() as api:
            api_names = livedns_nameservers(api, zone.name)
    if options.delegation:
        return _verify_delegation(zone, api_names, options, lookup, progress)
    servers, failed = nameservers(list(options.nameservers) or api_names, lookup)
    report = verify_zone(zone, servers, lookup, timeout=options.timeout, parallel=options.parallel,
                         wait=options.wait, progress=progress)
    report.unreachable.update(failed)
    return report


def _verify_delegation(zone: Zone, expected: list[str], options: Options, lookup: Lookup,
                       progress: Callable[[str], None] | None) -> ZoneReport:
    started = time.monotonic()
    report = ZoneReport(zone.name)
    if options.parent_nameservers:
        parent = ".".join(zone.name.split(".")[1:]) or "."
        servers, failed = nameservers(list(options.parent_nameservers), lookup)
        report.unreachable.update(failed)
    else:
        parent, servers = parent_servers(zone.name, lookup)
    deadline = started + max(options.wait, 0.0)
    while True:
        report.delegation = check_delegation(zone.name, expected, parent, servers, options.timeout)
        left = deadline - time.monotonic()
        if report.delegation.ok or left <= 0:
            break
        if progress is not None:
            progress(f"verify {zone.name}: the delegation is not LiveDNS's yet; asking again ({left:.0f}s left)")
        time.sleep(min(POLL_INTERVAL, left))
    report.servers = servers
    report.seconds = time.monotonic() - started
    return report

