"""Destroy before create across types at one name, derived from the reviewed plan.

A CNAME cannot share its name with any other type (RFC 1034 §3.6.2, RFC 2181
§10.1), and Gandi refuses such a write. Terraform sees ``wiki A`` and
``wiki CNAME`` as unrelated resources and runs their delete and create in
parallel: the create can hit the API while the old set still exists, fail,
and leave ``wiki`` answering nothing after the delete half ran.

So when the reviewed plan deletes one type and creates another at a name where
a CNAME is involved, the apply runs in two phases:

1. ``plan -target=<those deletes> -out`` then ``apply``: only the deletes (the
   phase-1 plan must be exactly the reviewed plan's changes at those addresses);
2. ``plan -out`` then ``apply``: everything else (the phase-2 plan must be
   exactly the reviewed plan minus phase 1).

Any difference from the reviewed plan stops the run before that phase applies.
A plan that creates the zone runs in two phases too: phase 1 creates only the
zone (``gandi_livedns_domain``); then ``between`` runs (the deploy deletes the
default sets Gandi seeded that are in the way of declared ones, see
:mod:`zonestack.deploy.prune`), and phase 2 plans and applies the rest, checked
against the reviewed plan like any phase.

Live sets not in state that the snapshot prunes need no phase: zonestack deletes
them itself before phase 1.
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


def phase_one_targets(plan: ZonePlan) -> tuple[str, ...]:
    """Addresses of the deletes that must run first: at each name where the plan deletes one
    type and creates another, and one of them is CNAME (an empty tuple: one phase is enough)."""
    deleted: dict[str, set[str]] = {}
    created: dict[str, set[str]] = {}
    for record in plan.records:
        if record.kind == "delete":
            deleted.setdefault(record.name, set()).add(record.type)
        elif record.kind == "create" and not record.importing:
            created.setdefault(record.name, set()).add(record.type)
    names = {
        name for name in deleted.keys() & created.keys()
        if "CNAME" in deleted[name] | created[name] and created[name] - deleted[name]
    }
    deletes = tuple(sorted(r.address for r in plan.records if r.kind == "delete" and r.name in names))
    if plan.creates_zone:
        return (f"{DOMAIN_RESOURCE_TYPE}.{DOMAIN_RESOURCE_ID}", *deletes)
    return deletes


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


def apply_reviewed(saved: SavedPlan, tf: Terraform, plan_args: tuple[str, ...] = (),
                   between: Callable[[], None] | None = None) -> int:
    """Apply the reviewed plan ``saved``: as is, or in two checked phases; returns the phase count.

    ``plan_args``: the arguments the reviewed plan was made with (``-refresh=false``);
    ``between``: runs after phase 1 (only when there are two phases).
    Raises StepError (nothing more applied) when the plan file changed, a phase
    plan differs from the reviewed plan, or Terraform fails.
    """
    verify(saved)
    targets = phase_one_targets(saved.plan)
    if not targets:
        tf.apply(saved.file)
        return 1
    reviewed = changes(saved.shown)
    first_file, first = _run_phase(saved, tf, "-phase1", [*plan_args, *(f"-target={t}" for t in targets)])
    wanted, extra = set(targets), first.keys() - set(targets)
    problems = (difference(_only(reviewed, wanted), _only(first, wanted))
                + difference(_only(reviewed, extra), _only(first, extra)))
    _apply_checked(saved, tf, first_file, problems, "phase 1")
    if between is not None:
        between()
    second_file, second = _run_phase(saved, tf, "-phase2", list(plan_args))
    rest = {a: c for a, c in reviewed.items() if a not in first}
    _apply_checked(saved, tf, second_file, difference(rest, second), "phase 2")
    return 2


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
