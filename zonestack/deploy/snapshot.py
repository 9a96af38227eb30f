"""One snapshot per zone per run: its state, its live record sets and its zone object, read once.

Everything in a deploy that compares (adoption, prunes, the cheap refresh,
untaint, the guard's plan document) reads the same :class:`ZoneSnapshot` and
the one :func:`zonestack.diff.diff` of it. The only deliberate second look at
Gandi is the check just before apply (:mod:`zonestack.deploy.livecheck`).

Reading costs, per zone: the state (the local backend's file, or one
``terraform state pull`` for pg, in an initialised stack), one paginated
listing of the record sets (2 requests per 1,000 sets) and one ``GET`` of the
zone object (for ``automatic_snapshots``); a zone Gandi does not have (404)
costs the listing only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from zonestack.diff import ZoneDiff, as_record_set, diff
from zonestack.gandi.errors import GandiError, NotFoundError
from zonestack.model import RecordSet, Zone
from zonestack.settings import STATE_DIR, backend, state_file
from zonestack.tfstate import StateError, ZoneState, parse_state, read_local_state
from zonestack.zoneset import unknown_managed_zone


class SnapshotError(Exception):
    """The zone's state or its live listing could not be read (one line naming the zone).

    Failures that are not the zone's (401, the API unreachable) are raised as the API
    client's own ``UnauthorizedError``/``UnreachableError``: every zone would fail alike.
    """


class Lister(Protocol):
    """What the snapshot needs of the API client."""

    def list_rrsets(self, fqdn: str) -> Any: ...
    def get_domain(self, fqdn: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ZoneSnapshot:
    """A zone's declaration with what state and Gandi held when the run read them.

    ``live``: the record sets at Gandi (None: Gandi has no such zone); ``domain``: the
    zone object (None when absent). ``diff`` is computed once, on first use.
    """

    declared: Zone
    state: ZoneState
    live: tuple[RecordSet, ...] | None
    domain: Mapping[str, Any] | None = field(default=None, compare=False)

    @property
    def zone(self) -> str:
        return self.declared.name

    @cached_property
    def diff(self) -> ZoneDiff:
        return diff(self.declared, self.live, self.state, self.domain)


def read_state(zone: str, project: Path, env: Mapping[str, str],
               pull: Callable[[], str] | None = None) -> ZoneState:
    """The zone's state: the local backend's file (read directly, no Terraform), or, for
    ``ZONESTACK_BACKEND=pg``, the text ``pull`` returns (``terraform state pull`` in the
    initialised stack). Raises ``StateError`` (one line naming the file and the runbook)."""
    if backend(env) == "pg":
        if pull is None:
            raise StateError(f"{zone}: reading pg state needs an initialised stack")
        return parse_state(pull(), f"{zone} (pg state)")
    return read_local_state(state_file(zone, Path(project) / STATE_DIR), state_file(zone))  # shown relative


def read_live(zone: str, client: Lister) -> tuple[tuple[RecordSet, ...] | None, Mapping[str, Any] | None]:
    """One listing of the zone's record sets and one read of the zone object; (None, None) on 404.

    Raises ``SnapshotError``, or the client's ``UnauthorizedError``/``UnreachableError``.
    """
    from zonestack.deploy.errors import failure_for
    from zonestack.gandi.errors import UnauthorizedError, UnreachableError

    try:
        listing = tuple(as_record_set(item) for item in client.list_rrsets(zone))
        domain = client.get_domain(zone)
    except NotFoundError:
        return None, None
    except (UnauthorizedError, UnreachableError):
        raise
    except GandiError as exc:
        raise SnapshotError(f"{zone}: {str(failure_for(exc)).removeprefix('deploy: ')}") from None
    return listing, domain


LiveRead = tuple[tuple[RecordSet, ...] | None, Mapping[str, Any] | None]


def take(declared: Zone, project: Path, env: Mapping[str, str], client: Lister,
         pull: Callable[[], str] | None = None, live: Callable[[], LiveRead] | None = None) -> ZoneSnapshot:
    """Read the zone's snapshot once (see :func:`read_state` and :func:`read_live`; ``live``, when
    given, hands over the zone's one :func:`read_live` already made, e.g. read ahead concurrently).

    A zone Gandi does not have (404) while its state manages it raises ``SnapshotError``
    with one line (as ``audit`` says it): nothing is planned, so nothing is applied.
    """
    try:
        state = read_state(declared.name, project, env, pull)
    except StateError as exc:
        raise SnapshotError(str(exc)) from None
    listing, domain = live() if live is not None else read_live(declared.name, client)
    if listing is None and (state.domain or state.records):
        raise SnapshotError(unknown_managed_zone(declared.name))
    return ZoneSnapshot(declared, state, listing, domain)
