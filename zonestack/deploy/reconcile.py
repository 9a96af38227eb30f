"""The pre-plan reconcile: live zone vs Terraform state vs record file, before anything is planned.

Terraform only knows what its state holds. A zone that already exists at Gandi
(every registered domain has one, LIVEDNS_API.md §15), a record set whose
create response was lost, or an apply killed before it saved state all leave
live record sets the declaration wants but state does not know: the
provider's ``POST`` then answers 409 on every rerun (§12.1). Gandi's default
records of another type at a declared name (``www CNAME`` beside a declared
``www A``, parking ``@ A`` beside ``@ ALIAS``) make the create fail too, since
Gandi refuses a CNAME beside other types (§15).

So before planning, the guarded deploy lists each zone once and decides:

* ``import_domain``: the zone is live and its ``gandi_livedns_domain`` is not
  in state → an ``import`` block adopts it;
* ``record_imports``: declared sets that are live and not in state → ``import``
  blocks, so the plan shows them as imports (then an in-place update where the
  values differ) instead of failing with 409;
* ``prune``: live sets that are neither in state nor declared, and either
  conflict with a declared set at the same name (``reason: conflict``) or, in an
  ``authoritative`` zone, are not ignored (``reason: authoritative``); they
  become one ``terraform_data.prune`` whose input names exactly those sets
  (``constructs_lib/prune.py``), so the plan shows them and the guard counts them.

Nothing here deletes anything: it only decides what the plan will show. The
result is handed to synthesis as ``<dir>/<zone>.json`` (``ZONESTACK_RECONCILE_DIR``,
read by ``stacks/app.py``); without it, ``main.py`` behaves as before.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zonestack.atomic import write_text
from zonestack.gandi.rrset import LiveSet
from zonestack.model import Zone
from zonestack.names import APEX
from zonestack.resource_ids import DOMAIN_RESOURCE_TYPE, provider_import_id, record_id

#: Where synthesis finds the reconcile files; unset means "no reconcile" (plain ``cdktf`` runs).
RECONCILE_ENV = "ZONESTACK_RECONCILE_DIR"
RECONCILE_DIR = Path("cdktf.out") / "reconcile"
PRUNE_RESOURCE_TYPE = "terraform_data"
PRUNE_RESOURCE_ID = "prune"
PRUNE_ADDRESS = f"{PRUNE_RESOURCE_TYPE}.{PRUNE_RESOURCE_ID}"
CONFLICT = "conflict"
AUTHORITATIVE = "authoritative"
#: Record sets Gandi manages itself (its apex NS delegation, SOA): never pruned, never adopted.
GANDI_MANAGED = frozenset({(APEX, "NS"), (APEX, "SOA")})
_APEX_ADDRESS_TYPES = frozenset({"A", "AAAA"})

Key = tuple[str, str]


def conflicts(name: str, declared_types: Iterable[str], live_type: str) -> bool:
    """True if a live set ``name``/``live_type`` cannot stay beside the declared types at ``name``.

    A CNAME is alone at its name (RFC 1034 §3.6.2; Gandi answers 400 to a CNAME
    beside other types, LIVEDNS_API.md §15), and an apex ALIAS replaces the apex
    A/AAAA (Gandi resolves it into them). Same type is not a conflict: that set is
    adopted, not pruned.
    """
    declared = {t.upper() for t in declared_types}
    live_type = live_type.upper()
    if not declared or live_type in declared:
        return False
    if "CNAME" in declared or live_type == "CNAME":
        return True
    if name == APEX:
        if "ALIAS" in declared and live_type in _APEX_ADDRESS_TYPES:
            return True
        if live_type == "ALIAS" and declared & _APEX_ADDRESS_TYPES:
            return True
    return False


@dataclass(frozen=True)
class PruneSet:
    """One live record set the deploy deletes, exactly as listed before the plan."""

    name: str
    type: str
    ttl: int
    values: tuple[str, ...]
    reason: str

    @property
    def key(self) -> Key:
        return (self.name, self.type)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "ttl": self.ttl, "values": list(self.values),
                "reason": self.reason}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PruneSet:
        return cls(str(data["name"]), str(data["type"]).upper(), int(data["ttl"]),
                   tuple(str(v) for v in data.get("values") or ()), str(data.get("reason", "")))


@dataclass(frozen=True)
class StateView:
    """What a zone's Terraform state holds that the reconcile needs.

    ``records``: (name, type) of every ``gandi_livedns_record``; ``domain``: whether
    the ``gandi_livedns_domain`` is there; ``prune``: the ``terraform_data.prune``
    attributes (``input``, ``triggers_replace``) if one was applied before;
    ``clear_defaults``: whether the zone's creation ran ``terraform_data.clear_defaults``.
    """

    records: frozenset[Key] = frozenset()
    domain: bool = False
    prune: dict[str, Any] | None = None
    clear_defaults: bool = False


@dataclass(frozen=True)
class Reconcile:
    """The reconcile's result for one zone (see the module docstring).

    ``zone_live``: the zone exists at Gandi. ``prune_state``: the prune resource
    already in state, kept unchanged when nothing is to be pruned now (so a
    finished prune does not show as a change on every later plan). ``python``:
    the interpreter the prune's local-exec runs (the deploy's own).
    ``clear_defaults``: keep the ``terraform_data.clear_defaults`` step, only when
    this plan creates the zone (nothing live to touch yet) or state already has it
    (it stays a no-op, bound to the domain's id).
    """

    zone: str
    zone_live: bool = False
    import_domain: bool = False
    record_imports: dict[str, str] = field(default_factory=dict)
    prune: tuple[PruneSet, ...] = ()
    prune_state: dict[str, Any] | None = None
    python: str = ""
    clear_defaults: bool = False

    @property
    def prune_names(self) -> frozenset[str]:
        """Names whose declared sets must wait for the prune (delete before create)."""
        return frozenset(p.name for p in self.prune if p.reason == CONFLICT)

    def to_json(self) -> str:
        return json.dumps({
            "zone": self.zone, "zone_live": self.zone_live, "import_domain": self.import_domain,
            "record_imports": dict(sorted(self.record_imports.items())),
            "prune": [p.to_dict() for p in self.prune], "prune_state": self.prune_state, "python": self.python,
            "clear_defaults": self.clear_defaults,
        }, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Reconcile:
        data = json.loads(text)
        return cls(
            zone=str(data["zone"]), zone_live=bool(data.get("zone_live")),
            import_domain=bool(data.get("import_domain")),
            record_imports={str(k): str(v) for k, v in (data.get("record_imports") or {}).items()},
            prune=tuple(PruneSet.from_dict(p) for p in data.get("prune") or ()),
            prune_state=data.get("prune_state"), python=str(data.get("python") or ""),
            clear_defaults=bool(data.get("clear_defaults")),
        )


def prune_candidates(zone: Zone, live: Iterable[LiveSet], in_state: Iterable[Key] = ()) -> list[PruneSet]:
    """Live sets the deploy of ``zone`` deletes: not in state, not declared, not ignored, not Gandi's;
    conflicting with a declared set at the same name, or any such set in an authoritative zone.

    Sets in state are left to Terraform (a removed declaration is a destroy in the plan).
    """
    state = set(in_state)
    declared_at: dict[str, set[str]] = {}
    for name, rtype in zone.by_key:
        declared_at.setdefault(name, set()).add(rtype)
    found: list[PruneSet] = []
    for rrset in live:
        key = (rrset.name.lower(), rrset.type.upper())
        if key in zone.by_key or key in state or key in GANDI_MANAGED or zone.is_ignored(key[0]):
            continue
        if conflicts(key[0], declared_at.get(key[0], ()), key[1]):
            reason = CONFLICT
        elif zone.authoritative:
            reason = AUTHORITATIVE
        else:
            continue
        found.append(PruneSet(key[0], key[1], int(rrset.ttl), tuple(rrset.values), reason))
    return sorted(found, key=lambda p: p.key)


def adoptable(zone: Zone, live: Iterable[LiveSet], in_state: Iterable[Key] = ()) -> list[Key]:
    """Declared (name, type) that are live but not in state: the deploy imports them."""
    state = set(in_state)
    live_keys = {(s.name.lower(), s.type.upper()) for s in live}
    return sorted(k for k in zone.by_key if k in live_keys and k not in state)


def reconcile(zone: Zone, live: Sequence[LiveSet] | None, state: StateView = StateView(),
              python: str = "") -> Reconcile:
    """Decide imports and prunes for ``zone``; ``live`` is None when the zone does not exist at Gandi."""
    if live is None:
        return Reconcile(zone.name, prune_state=state.prune, python=python or sys.executable, clear_defaults=True)
    imports = {record_id(n, t): provider_import_id(zone.name, n, t) for n, t in adoptable(zone, live, state.records)}
    return Reconcile(
        zone=zone.name, zone_live=True, import_domain=not state.domain, record_imports=imports,
        prune=tuple(prune_candidates(zone, live, state.records)), prune_state=state.prune,
        python=python or sys.executable, clear_defaults=state.clear_defaults,
    )


def without_listing(zone: Zone, state: StateView | None, import_domain: bool = False,
                    record_imports: Mapping[str, str] | None = None) -> Reconcile:
    """What a plain ``cdktf diff|deploy`` synthesises for ``zone`` (no reconcile file, no listing).

    Imports come from ``imports/<zone>.json`` (``import_domain``, ``record_imports``) as
    before. The guarded deploy's helper resources follow ``state`` (None: unknown, e.g.
    the pg backend, which synthesis cannot read): a ``terraform_data.prune`` in state
    is kept unchanged (nothing is listed, so nothing new is pruned), and once the
    domain is in state ``clear_defaults`` is kept exactly when state has it. Otherwise
    a plain plan right after a guarded deploy would destroy the finished prune and
    create a ``clear_defaults`` for a zone it did not create (issue 7: the next diff
    shows no changes).
    """
    imports = dict(record_imports or {})
    if state is None or not state.domain:
        return Reconcile(zone.name, import_domain=import_domain, record_imports=imports,
                         prune_state=None if state is None else state.prune, python=sys.executable,
                         clear_defaults=not import_domain)
    return Reconcile(zone.name, zone_live=True, import_domain=False, record_imports=imports,
                     prune_state=state.prune, python=sys.executable, clear_defaults=state.clear_defaults)


def read_local_state_view(zone: str, state_dir: Path) -> StateView | None:
    """The zone's local state (``<state_dir>/<zone>/terraform.tfstate``) as a ``StateView``;
    an empty view when there is no state yet, None when it cannot be read (the plan will say why)."""
    from zonestack.audit.state import StateError, read_local_state_text

    try:
        return state_view(read_local_state_text(zone, state_dir), f"{zone} (local state)")
    except (StateError, ValueError):
        return None


def state_view(text: str, shown: str = "state") -> StateView:
    """A ``StateView`` of a Terraform v4 state document (local file or ``terraform state pull``)."""
    from zonestack.audit.state import parse_state

    records = frozenset(r.key for r in parse_state(text, shown))
    if not text.strip():
        return StateView(records)
    data = json.loads(text)
    domain, prune, clear = False, None, False
    for resource in data.get("resources", []):
        if not isinstance(resource, dict) or resource.get("mode", "managed") != "managed":
            continue
        instances = [i for i in resource.get("instances") or [] if isinstance(i, dict)]
        if resource.get("type") == DOMAIN_RESOURCE_TYPE and instances:
            domain = True
        if (resource.get("type"), resource.get("name")) == (PRUNE_RESOURCE_TYPE, PRUNE_RESOURCE_ID) and instances:
            attrs = instances[0].get("attributes") or {}
            prune = {"input": _dynamic(attrs.get("input")), "triggers_replace": _dynamic(attrs.get("triggers_replace"))}
        if (resource.get("type"), resource.get("name")) == (PRUNE_RESOURCE_TYPE, "clear_defaults") and instances:
            clear = True
    return StateView(records, domain, prune, clear)


def _dynamic(value: Any) -> Any:
    """A ``terraform_data`` attribute as written: state keeps dynamic values as ``{"value", "type"}``."""
    if isinstance(value, dict) and set(value) == {"value", "type"}:
        return value["value"]
    return value


def write_reconcile(result: Reconcile, directory: Path) -> Path:
    """Write ``<directory>/<zone>.json`` atomically; returns its path."""
    path = Path(directory) / f"{result.zone}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, result.to_json())
    return path


def load_reconcile(zone: str, env: Mapping[str, str] | None = None) -> Reconcile | None:
    """The reconcile file of ``zone`` named by ``ZONESTACK_RECONCILE_DIR``; None when unset or absent."""
    directory = (os.environ if env is None else env).get(RECONCILE_ENV, "").strip()
    if not directory:
        return None
    path = Path(directory) / f"{zone}.json"
    return Reconcile.from_json(path.read_text(encoding="utf-8")) if path.is_file() else None


class ReconcileError(Exception):
    """The live zone or the state could not be read: one line naming the zone."""


def read_state_view(zone: str, project: Path, env: Mapping[str, str]) -> StateView:
    """The zone's state: the local backend's file, or ``terraform state pull`` for ``ZONESTACK_BACKEND=pg``."""
    from zonestack.audit.pulled import pull_state_text
    from zonestack.audit.state import DEFAULT_STATE_DIR, StateError, read_local_state_text

    backend = (env.get("ZONESTACK_BACKEND") or os.environ.get("ZONESTACK_BACKEND") or "local").strip().lower()
    try:
        if backend == "pg":
            return state_view(pull_state_text(zone, project, env), f"{zone} (pg state)")
        return state_view(read_local_state_text(zone, project / DEFAULT_STATE_DIR), f"{zone} (local state)")
    except (StateError, ValueError) as exc:
        raise ReconcileError(f"{zone}: cannot read state: {exc}") from None


def reconcile_zones(zones: Sequence[Zone], project: Path, env: Mapping[str, str], client: Any = None,
                    directory: Path | None = None,
                    on_error: Callable[[str, str], None] | None = None) -> dict[str, str]:
    """Reconcile every zone (ONE listing call each) and write the files synthesis reads.

    Returns the environment to hand to ``main.py`` (``ZONESTACK_RECONCILE_DIR``).
    ``client`` defaults to a ``LiveDNSClient`` from ``GANDI_URL`` and the PAT in
    the environment. Raises ``ReconcileError`` (API or state unreadable); with
    ``on_error(zone, line)`` a zone's own failure is handed to it and the other
    zones go on (a 401 or an unreachable API still raises: every zone would fail).
    """
    from zonestack.gandi import GandiError, LiveDNSClient, NotFoundError, UnauthorizedError, UnreachableError

    target = directory or project / RECONCILE_DIR
    for stale in target.glob("*.json") if target.is_dir() else ():
        stale.unlink()
    owned = client is None
    try:
        client = client or LiveDNSClient()
    except GandiError as exc:
        raise ReconcileError(str(exc)) from None
    try:
        for zone in zones:
            try:
                state = read_state_view(zone.name, project, env)
                try:
                    live: list[LiveSet] | None = list(client.list_rrsets(zone.name))
                except NotFoundError:
                    live = None
                except GandiError as exc:
                    failure = f"{zone.name}: listing the live zone before planning failed: {exc}"
                    if isinstance(exc, (UnauthorizedError, UnreachableError)):
                        on_error = None
                    raise ReconcileError(failure) from None
                write_reconcile(reconcile(zone, live, state), target)
            except ReconcileError as exc:
                if on_error is None:
                    raise
                on_error(zone.name, str(exc))
    finally:
        if owned:
            client.close()
    return {RECONCILE_ENV: str(target.resolve())}
