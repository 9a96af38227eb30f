"""Applying a reviewed plan that one ``terraform apply`` cannot apply safely, in checked phases.

**A type switch at one name** (``wiki`` A → CNAME). A CNAME cannot share its name
with any other type (RFC 1034 §3.6.2, RFC 2181 §10.1) and Gandi refuses such a
write; Terraform sees ``wiki A`` and ``wiki CNAME`` as unrelated resources, so
either order leaves a window: create first fails (400), delete first leaves the
name answering nothing until the create lands (or for good, if it fails). Gandi's
``PUT /domains/{zone}/records/{name}`` replaces every type at a name in one
request (DNSControl's Gandi provider applies every change this way), so
zonestack switches such names itself (``switch``: one PUT per name with the
declared sets there, then ``terraform state rm`` of the replaced types' resources,
and the new types adopted by the next plan); then the rest is planned and applied,
and that plan must be exactly the reviewed plan minus the switched names.

**A plan that creates the zone**: phase 1 creates only the zone
(``gandi_livedns_domain``); then ``between`` runs (the deploy deletes the default
sets Gandi seeded that are in the way of declared ones, :mod:`zonestack.deploy.prune`);
phase 2 plans and applies the rest.

Any difference from the reviewed plan stops the run before that phase applies.
Live sets not in state that the snapshot prunes need no phase: zonestack deletes
them itself first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.planfile import SavedPlan, verify
from zonestack.deploy.terraform import StepError, Terraform
from zonestack.resource_ids import DOMAIN_RESOURCE_ID, DOMAIN_RESOURCE_TYPE

Change = tuple[tuple[str, ...], str]
"""A resource's planned actions and its canonical ``after`` JSON (what a phase plan must repeat)."""


def switched_names(plan: ZonePlan) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Names where the plan deletes one type and creates another, one of them CNAME:
    name → (addresses deleted, addresses created)."""
    deleted: dict[str, set[str]] = {}
    created: dict[str, set[str]] = {}
    for record in plan.records:
        if record.kind == "delete":
            deleted.setdefault(record.name, set()).add(record.type)
        elif record.kind == "create" and not record.importing:
            created.setdefault(record.name, set()).add(record.type)
    names = sorted(
        name for name in deleted.keys() & created.keys()
        if "CNAME" in deleted[name] | created[name] and created[name] - deleted[name]
    )
    return {name: (tuple(sorted(r.address for r in plan.records if r.kind == "delete" and r.name == name)),
                   tuple(sorted(r.address for r in plan.records
                                if r.kind == "create" and not r.importing and r.name == name)))
            for name in names}


def phase_one_targets(plan: ZonePlan) -> tuple[str, ...]:
    """What must be applied before the rest: the zone, when the plan creates it (else nothing)."""
    return (f"{DOMAIN_RESOURCE_TYPE}.{DOMAIN_RESOURCE_ID}",) if plan.creates_zone else ()


def changes(shown: str) -> dict[str, Change]:
    """Every non-``no-op`` managed resource change of a ``show -json`` plan, by address."""
    data = json.loads(shown[shown.find("{"):])
    found: dict[str, Change] = {}
    for item in data.get("resource_changes") or []:
        change = item.get("change") or {}
        actions = tuple(change.get("actions") or ("no-op",))
        if item.get("mode", "managed") != "managed" or actions in (("no-op",), ("read",)):
            continue
        found[str(item["address"])] = (actions, json.dumps(_comparable(change.get("after")), sort_keys=True))
    return found


def _comparable(after: Any) -> Any:
    """``after`` without attributes only the provider fills in (``href``, ``id``)."""
    if isinstance(after, dict):
        return {k: v for k, v in after.items() if k not in ("href", "id")}
    return after


def difference(expected: Mapping[str, Change], got: Mapping[str, Change]) -> list[str]:
    """One line per address where a phase plan is not what the reviewed plan says."""
    lines = []
    for address in sorted(expected.keys() | got.keys()):
        if address not in got:
            lines.append(f"{address}: {'/'.join(expected[address][0])} reviewed but not planned")
        elif address not in expected:
            lines.append(f"{address}: {'/'.join(got[address][0])} planned but not reviewed")
        elif expected[address] != got[address]:
            lines.append(f"{address}: planned differently from the reviewed plan")
    return lines


def _only(items: Mapping[str, Change], keep: Iterable[str]) -> dict[str, Change]:
    wanted = set(keep)
    return {k: v for k, v in items.items() if k in wanted}


Switch = Callable[[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]], None]


def apply_reviewed(saved: SavedPlan, tf: Terraform, plan_args: tuple[str, ...] = (),
                   between: Callable[[], None] | None = None, switch: Switch | None = None) -> int:
    """Apply the reviewed plan ``saved``: as is, or in checked phases; returns the phase count.

    ``plan_args``: the arguments the reviewed plan was made with (``-refresh=false``);
    ``between``: runs after the zone was created (phase 1); ``switch``: switches the names of
    :func:`switched_names` (given them) — without it such a plan is refused, nothing applied.
    Raises StepError (nothing more applied) when the plan file changed, a phase plan differs
    from the reviewed plan, or Terraform fails.
    """
    verify(saved)
    targets = phase_one_targets(saved.plan)
    switches = switched_names(saved.plan)
    if not targets and not switches:
        tf.apply(saved.file)
        return 1
    if switches and switch is None:
        raise StepError(f"{saved.zone}: the plan switches types at {', '.join(switches)}, which needs the deploy's "
                        "one-request switch; nothing applied")
    reviewed = changes(saved.shown)
    done: set[str] = set()
    phases = 0
    if targets:
        first_file, first = _run_phase(saved, tf, "-phase1", [*plan_args, *(f"-target={t}" for t in targets)])
        wanted, extra = set(targets), first.keys() - set(targets)
        problems = (difference(_only(reviewed, wanted), _only(first, wanted))
                    + difference(_only(reviewed, extra), _only(first, extra)))
        _apply_checked(saved, tf, first_file, problems, "phase 1")
        phases += 1
        done |= set(first)
        if between is not None:
            between()
    if switches:
        assert switch is not None
        switch(switches)  # every declared set at those names is now live as declared
        done |= {r.address for r in saved.plan.records if r.name in switches}
        phases += 1
    rest_file, rest = _run_phase(saved, tf, "-rest", list(plan_args))
    expected = {a: c for a, c in reviewed.items() if a not in done}
    _apply_checked(saved, tf, rest_file, difference(expected, rest), "phase 2")
    return phases + 1


def _run_phase(saved: SavedPlan, tf: Terraform, suffix: str, extra: list[str]) -> tuple[str, dict[str, Change]]:
    name = saved.file.removesuffix(".tfplan") + suffix + ".tfplan"
    tf.plan(name, extra)
    return name, changes(tf.show(name))


def _apply_checked(saved: SavedPlan, tf: Terraform, plan_file: str, problems: list[str], label: str) -> None:
    path = saved.directory / plan_file
    try:
        if problems:
            raise StepError(f"{saved.zone}: {label} plan is not the reviewed plan, nothing more applied: "
                            + "; ".join(problems))
        tf.apply(plan_file)
    finally:
        path.unlink(missing_ok=True)
