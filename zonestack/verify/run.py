"""Verify a zone over DNS: every declared record set at every nameserver, in parallel, bounded.

Each nameserver is probed first (the zone's SOA): one that does not answer is
*unreachable* and not asked further, so a stopped server costs one timeout,
not one per record set. The remaining questions run on a thread pool of at
most ``parallel`` workers. With ``wait`` > 0 the record sets not yet as
declared (and unreachable servers) are asked again about once a second until
they are, or the time is up — the propagation after a deploy.

Exit codes (``ZoneReport.exit_code``): 0 every record set answered as
declared (not-checkable ones aside) · 2 a mismatch (missing, different,
server error, or a delegation that is not LiveDNS's) · 4 a nameserver
unreachable. Ignored names (the record file's ``ignore``) are skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from zonestack.model import RecordSet, Zone
from zonestack.names import zone_origin
from zonestack.verify.checks import check_served_record_set
from zonestack.verify.compare import Check, Status
from zonestack.verify.delegation import Delegation
from zonestack.verify.query import TIMEOUT, probe
from zonestack.verify.servers import Lookup, Nameserver

EXIT_OK, EXIT_FAILED, EXIT_MISMATCH, EXIT_UNREACHABLE = 0, 1, 2, 4
PARALLEL = 16
"""Default bound on questions in flight."""
POLL_INTERVAL = 1.0


@dataclass
class ZoneReport:
    """The outcome for one zone: checks per record set and server, unreachable servers, delegation."""

    zone: str
    servers: list[Nameserver] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    unreachable: dict[str, str] = field(default_factory=dict)
    ignored: int = 0
    delegation: Delegation | None = None
    seconds: float = 0.0
    error: str = ""

    @property
    def reachable(self) -> list[Nameserver]:
        return [s for s in self.servers if s.label not in self.unreachable]

    def per_record_set(self) -> dict[tuple[str, str], list[Check]]:
        grouped: dict[tuple[str, str], list[Check]] = {}
        for check in self.checks:
            grouped.setdefault((check.name, check.type), []).append(check)
        return grouped

    def counts(self) -> tuple[int, int, int]:
        """(ok, checkable, not checkable) record sets; ok means ok at every reachable server."""
        ok = checkable = uncheckable = 0
        for checks in self.per_record_set().values():
            if all(c.status is Status.UNCHECKABLE for c in checks):
                uncheckable += 1
                continue
            checkable += 1
            ok += all(c.settled for c in checks)
        return ok, checkable, uncheckable

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.settled]

    @property
    def exit_code(self) -> int:
        if self.error:
            return EXIT_FAILED
        if self.unreachable or (self.delegation and self.delegation.unreachable):
            return EXIT_UNREACHABLE
        if self.problems or (self.delegation is not None and not self.delegation.ok):
            return EXIT_MISMATCH
        return EXIT_OK

    def summary(self) -> str:
        """``example.com: 15/15 record sets ok at 1 nameserver`` (+ not checkable, unreachable)."""
        ok, checkable, uncheckable = self.counts()
        count = len(self.reachable)
        line = f"{self.zone}: {ok}/{checkable} record sets ok at {count} nameserver{'s' if count != 1 else ''}"
        if uncheckable:
            line += f"; {uncheckable} not checkable"
        if self.unreachable:
            line += f"; {len(self.unreachable)} unreachable"
        return line

    def to_dict(self) -> dict[str, object]:
        ok, checkable, uncheckable = self.counts()
        return {"zone": self.zone, "exit_code": self.exit_code, "ok": ok, "checkable": checkable,
                "not_checkable": uncheckable, "ignored": self.ignored, "seconds": round(self.seconds, 3),
                "servers": [{"names": list(s.names), "address": str(s.address),
                             "unreachable": self.unreachable.get(s.label)} for s in self.servers],
                "checks": [c.to_dict() for c in self.checks],
                "delegation": self.delegation.to_dict() if self.delegation else None,
                "error": self.error or None}


def _probe(server: Nameserver, zone: Zone, timeout: float) -> str:
    """'' when ``server`` answers at all (any rcode), else why not."""
    return probe(server.address, zone_origin(zone.name), timeout)


def verify_zone(zone: Zone, servers: Sequence[Nameserver], lookup: Lookup, *, timeout: float = TIMEOUT,
                parallel: int = PARALLEL, wait: float = 0.0,
                progress: Callable[[str], None] | None = None) -> ZoneReport:
    """Check every declared, non-ignored record set of ``zone`` at each of ``servers``.

    ``lookup`` resolves ALIAS targets outside the zone;
    ``timeout`` is per exchange in seconds; ``wait`` the seconds to keep asking
    while something is not yet as declared; ``progress`` gets one line per
    waiting round. Returns the report; raises nothing for DNS trouble.
    """
    started = time.monotonic()
    deadline = started + max(wait, 0.0)
    origin = zone_origin(zone.name)
    records = [r for r in zone.records if not zone.is_ignored(r.name)]
    report = ZoneReport(zone.name, list(servers), ignored=len(zone.records) - len(records))
    results: dict[tuple[tuple[str, str], str], Check] = {}
    pending: list[tuple[RecordSet, Nameserver]] = [(r, s) for s in servers for r in records]
    with ThreadPoolExecutor(max_workers=max(1, min(parallel, len(pending) or 1))) as pool:
        while True:
            todo_servers = {s.label: s for _, s in pending} | {s.label: s for s in servers
                                                               if s.label in report.unreachable}
            for label, why in zip(todo_servers, pool.map(lambda s: _probe(s, zone, timeout),
                                                          todo_servers.values()), strict=True):
                if why:
                    report.unreachable[label] = why
                else:
                    report.unreachable.pop(label, None)
            asked = [(r, s) for r, s in pending if s.label not in report.unreachable]
            served = pool.map(lambda item: check_served_record_set(item[0], item[1], origin, lookup, timeout), asked)
            for (record, server), check in zip(asked, served, strict=True):
                results[(record.key, server.label)] = check
            pending = [(r, s) for r, s in pending
                       if s.label in report.unreachable or not results[(r.key, s.label)].settled]
            left = deadline - time.monotonic()
            if not pending or left <= 0:
                break
            if progress is not None:
                waiting = len({r.key for r, _ in pending})
                progress(f"verify {zone.name}: {waiting} record set(s) not yet as declared"
                         f"{f', {len(report.unreachable)} nameserver(s) unreachable' if report.unreachable else ''}; "
                         f"asking again ({left:.0f}s left)")
            time.sleep(min(POLL_INTERVAL, max(left, 0)))
    report.checks = [results[(r.key, s.label)] for r in records for s in servers if (r.key, s.label) in results]
    report.seconds = time.monotonic() - started
    return report
