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
Live sets not in state that the reconcile prunes (``terraform_data.prune``) need
no phase: the construct makes the declared sets at their names depend on it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from zonestack.deploy.pipeline import StepError, apply_zone, plan_json
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.planfile import SavedPlan, verify
from zonestack.deploy.runner import Echo

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
    return tuple(sorted(r.address for r in plan.records if r.kind == "delete" and r.name in names))


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


def apply_reviewed(saved: SavedPlan, env: Mapping[str, str], echo: Echo | None = None) -> int:
    """Apply the reviewed plan ``saved``: as is, or in two checked phases; returns the phase count.

    Raises StepError (nothing more applied) when the plan file changed, a phase
    plan differs from the reviewed plan, or Terraform fails.
    """
    verify(saved)
    targets = phase_one_targets(saved.plan)
    if not targets:
        apply_zone(saved.zone, saved.directory, env, echo, plan_file=saved.file)
        return 1
    reviewed = changes(saved.shown)
    first_file, first = _run_phase(saved, env, echo, "-phase1", [f"-target={t}" for t in targets])
    wanted, extra = set(targets), first.keys() - set(targets)
    problems = (difference(_only(reviewed, wanted), _only(first, wanted))
                + difference(_only(reviewed, extra), _only(first, extra)))
    _apply_checked(saved, env, echo, first_file, problems, "phase 1")
    second_file, second = _run_phase(saved, env, echo, "-phase2", [])
    rest = {a: c for a, c in reviewed.items() if a not in first}
    _apply_checked(saved, env, echo, second_file, difference(rest, second), "phase 2")
    return 2


def _run_phase(saved: SavedPlan, env: Mapping[str, str], echo: Echo | None, suffix: str,
               extra: list[str]) -> tuple[str, dict[str, Change]]:
    name = saved.file.removesuffix(".tfplan") + suffix + ".tfplan"
    shown = plan_json(saved.zone, saved.directory, env, echo, plan_file=name, extra=extra)
    return name, changes(shown)


def _apply_checked(saved: SavedPlan, env: Mapping[str, str], echo: Echo | None, plan_file: str,
                   problems: list[str], label: str) -> None:
    path = saved.directory / plan_file
    try:
        if problems:
            raise StepError(f"{saved.zone}: {label} plan is not the reviewed plan, nothing more applied: "
                            + "; ".join(problems))
        apply_zone(saved.zone, saved.directory, env, echo, plan_file=plan_file)
    finally:
        path.unlink(missing_ok=True)
