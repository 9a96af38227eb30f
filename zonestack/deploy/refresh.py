"""Cheap plans: refresh only what changed at Gandi, proven with one listing.

A plain ``terraform plan`` refreshes every resource: one GET per record set (provider v2.3.0,
spec §12.1), 1,001 requests for a 1,000-set zone — over Gandi's 1,000/min on its own. Instead:

1. read the zone's state (``terraform state pull``: no API call, any backend);
2. one listing of the zone's record sets (every page; 2 requests per 1,000 sets) and one GET of
   the zone — or a listing the caller already made (:func:`plan_refresh_args` takes ``listing``);
3. compare each managed record set (name, type, TTL, values as a set) and the zone's
   ``automatic_snapshots`` with the state;
4. equal → plan with ``-refresh=false``; otherwise refresh exactly the differing resources
   (``terraform apply -refresh-only -target=…``: it only rewrites state to what Gandi holds) and
   then plan with ``-refresh=false``.

The comparison is exact because the provider stores in state what the API returns (its Read sets
``values`` from ``rrset_values`` as returned), and the listing returns the same objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from zonestack.deploy.runner import run_terraform, run_terraform_json
from zonestack.deploy.statedoc import local_state_file, read_state_file
from zonestack.gandi import GandiError, LiveDNSClient, NotFoundError
from zonestack.resource_ids import DOMAIN_RESOURCE_TYPE, RECORD_RESOURCE_TYPE

NO_REFRESH = "-refresh=false"


class RefreshError(Exception):
    """The state could not be read or the targeted refresh failed (one line)."""


class LiveSet(Protocol):
    name: str
    type: str
    ttl: int
    values: Sequence[str]


@dataclass(frozen=True)
class StateResource:
    """A managed resource in state: address and the attributes that matter for drift."""

    address: str
    kind: str
    key: tuple[str, str]
    ttl: int = 0
    values: tuple[str, ...] = ()
    automatic_snapshots: bool | None = None


@dataclass(frozen=True)
class Drift:
    """Which state resources differ from Gandi (``targets``), and why (one reason each)."""

    targets: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    managed: int = 0

    @property
    def equal(self) -> bool:
        return not self.targets


@dataclass
class RefreshOutcome:
    """What :func:`plan_refresh_args` did: the plan arguments and the drift it found."""

    args: list[str] = field(default_factory=list)
    drift: Drift = field(default_factory=Drift)
    refreshed: bool = False


def state_resources(state: Mapping[str, Any]) -> list[StateResource]:
    """Managed ``gandi_livedns_record`` and ``gandi_livedns_domain`` instances of a v4 state document."""
    found: list[StateResource] = []
    for resource in state.get("resources", []) or []:
        if not isinstance(resource, dict) or resource.get("mode", "managed") != "managed":
            continue
        rtype = resource.get("type")
        if rtype not in (RECORD_RESOURCE_TYPE, DOMAIN_RESOURCE_TYPE):
            continue
        address = f"{rtype}.{resource.get('name')}"
        for instance in resource.get("instances", []) or []:
            attrs = instance.get("attributes") or {} if isinstance(instance, dict) else {}
            if rtype == RECORD_RESOURCE_TYPE:
                found.append(StateResource(address, rtype, (str(attrs.get("name")), str(attrs.get("type")).upper()),
                                           int(attrs.get("ttl") or 0), tuple(str(v) for v in attrs.get("values") or ())))
            else:
                snapshots = attrs.get("automatic_snapshots")
                found.append(StateResource(address, rtype, (str(attrs.get("name") or attrs.get("id")), ""),
                                           automatic_snapshots=None if snapshots is None else bool(snapshots)))
    return found


def compare(resources: Sequence[StateResource], listing: Sequence[LiveSet],
            domain: Mapping[str, Any] | None) -> Drift:
    """Drift between state and Gandi: a record set missing, or with other TTL/values; the zone's
    ``automatic_snapshots`` changed. Values compare as sets (the provider's ``values`` is a set)."""
    live = {(r.name, r.type.upper()): r for r in listing}
    targets: list[str] = []
    reasons: list[str] = []
    for res in resources:
        if res.kind == RECORD_RESOURCE_TYPE:
            now = live.get(res.key)
            if now is None:
                why = "gone at Gandi"
            elif int(now.ttl) != res.ttl:
                why = f"TTL {res.ttl} → {now.ttl} at Gandi"
            elif sorted(set(now.values)) != sorted(set(res.values)):
                why = "values changed at Gandi"
            else:
                continue
            targets.append(res.address)
            reasons.append(f"{res.key[0]} {res.key[1]}: {why}")
        elif domain is not None and res.automatic_snapshots is not None:
            if bool(domain.get("automatic_snapshots")) != res.automatic_snapshots:
                targets.append(res.address)
                reasons.append("zone: automatic_snapshots changed at Gandi")
    return Drift(tuple(targets), tuple(reasons), len(resources))


def pull_state(directory: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """The stack's state document: the local backend's file read directly, else ``terraform
    state pull`` (TF_LOG kept out of it)."""
    try:
        local = local_state_file(directory)
    except (OSError, ValueError):
        local = None
    if local is not None:
        out = read_state_file(local)
    else:
        status, out, err = run_terraform_json(["state", "pull"], directory, env)
        if status != 0:
            raise RefreshError(
                f"terraform state pull failed: {err.splitlines()[-1] if err else f'exit status {status}'}")
    if not out.strip():
        return {}
    try:
        data = json.loads(out)
    except json.JSONDecodeError as exc:
        raise RefreshError(f"terraform state pull printed no JSON state ({exc.msg} at line {exc.lineno})") from None
    return data if isinstance(data, dict) else {}


Lister = Callable[[str], tuple[Sequence[LiveSet], Mapping[str, Any] | None]]


def live_zone(env: Mapping[str, str]) -> Lister:
    """A lister using the API client at ``env``'s ``GANDI_URL`` with its PAT: the zone's record
    sets (one paginated listing) and the zone object (one GET)."""

    def read(zone: str) -> tuple[Sequence[LiveSet], Mapping[str, Any] | None]:
        with LiveDNSClient(env.get("GANDI_URL") or None, env.get("GANDI_PERSONAL_ACCESS_TOKEN") or None) as client:
            return client.list_rrsets(zone), client.get_domain(zone)

    return read


def plan_refresh_args(zone: str, directory: Path, env: Mapping[str, str], *,
                      listing: Sequence[LiveSet] | None = None, domain: Mapping[str, Any] | None = None,
                      lister: Lister | None = None, echo: Callable[[str], None] | None = None) -> RefreshOutcome:
    """Make the zone's state match Gandi as cheaply as possible; the extra ``plan`` arguments.

    ``listing``/``domain``: what the caller already read from Gandi (no new request); else
    ``lister`` (default :func:`live_zone`). Returns ``["-refresh=false"]`` once state is proven
    equal or the differing resources were refreshed; ``[]`` (a normal, fully refreshing plan) when
    the zone cannot be listed (e.g. it does not exist at Gandi yet and state says it should).
    Raises ``RefreshError`` when the state cannot be read or the targeted refresh fails.
    """
    resources = state_resources(pull_state(directory, env))
    if not resources:
        return RefreshOutcome([NO_REFRESH])
    if listing is None:
        try:
            listing, domain = (lister or live_zone(env))(zone)
        except NotFoundError:
            return RefreshOutcome([])
        except GandiError as exc:
            from zonestack.deploy.errors import failure_for

            raise RefreshError(str(failure_for(exc)).removeprefix("deploy: ")) from None
    drift = compare(resources, listing, domain)
    if drift.equal:
        return RefreshOutcome([NO_REFRESH], drift)
    if echo is not None:
        echo(f"{zone}: {len(drift.targets)} of {drift.managed} resource(s) differ at Gandi; refreshing only those "
             f"({'; '.join(drift.reasons[:5])}{' …' if len(drift.reasons) > 5 else ''})")
    args = ["apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=60s",
            *(f"-target={t}" for t in drift.targets)]
    result = run_terraform(args, directory, env)
    if not result.ok:
        from zonestack.deploy.errors import classify

        raise RefreshError("terraform apply -refresh-only failed: "
                           + str(classify(result.output, result.returncode)).removeprefix("deploy: "))
    return RefreshOutcome([NO_REFRESH], drift, refreshed=True)
