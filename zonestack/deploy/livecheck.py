"""Refuse to apply a saved plan when a record set it touches changed at Gandi since planning.

Terraform checks a saved plan against state only; it never re-reads the zone
(see :mod:`zonestack.deploy.pipeline`). A plan's ``before`` side is what the
refresh read from Gandi at plan time, so one listing of the zone just before
``apply`` shows whether any set the plan touches moved on: an update or delete
would silently overwrite someone's newer change, a create would hit 409. Sets
the plan leaves alone (``no-op``) may change freely.
"""

from __future__ import annotations

from collections.abc import Mapping

from zonestack.deploy.pipeline import StepError
from zonestack.deploy.plan import SetValue, ZonePlan
from zonestack.deploy.runner import merged_env
from zonestack.gandi import GandiError, LiveDNSClient, LiveRRset, NotFoundError


def list_live(zone: str, env: Mapping[str, str], why: str) -> dict[tuple[str, str], LiveRRset]:
    """The zone's live record sets by (name, TYPE), one listing; StepError (naming ``why``) on failure."""
    full = merged_env(env)
    try:
        with LiveDNSClient(full.get("GANDI_URL"), full.get("GANDI_PERSONAL_ACCESS_TOKEN")) as client:
            return {r.key: r for r in client.list_rrsets(zone)}
    except NotFoundError:  # no zone yet: the plan creates it
        return {}
    except GandiError as exc:
        raise StepError(f"{zone}: listing the zone {why} failed: {exc}") from None


def _shown(value: SetValue | LiveRRset | None) -> str:
    if value is None:
        return "absent"
    return f"TTL {value.ttl} {', '.join(sorted(value.values)) or '(no values)'}"


def live_changes(plan: ZonePlan, live: Mapping[tuple[str, str], LiveRRset]) -> list[str]:
    """One line per set the plan touches whose live value is no longer what the plan saw."""
    problems = []
    for record in plan.records:
        if record.kind == "no-op" and not record.importing:
            continue
        expected = None if record.kind == "create" and not record.importing else record.before
        current = live.get((record.name, record.type))
        # As a set: the provider's refresh (the plan's ``before``) reads values as a set, so a value
        # Gandi stores twice (import gandi adopts such sets, issue 7.6) is one value at plan time too.
        seen = None if current is None else SetValue(current.ttl, tuple(sorted(set(current.values))))
        if seen == expected:
            continue
        if expected is None and record.kind == "create":
            problems.append(f"{record.name} {record.type}: the plan creates it but Gandi has it now "
                            f"({_shown(current)}; not in state)")
        else:
            problems.append(f"{record.name} {record.type}: {_shown(expected)} at plan time, now {_shown(current)}")
    return problems


def check_unchanged(plan: ZonePlan, env: Mapping[str, str]) -> None:
    """Raise StepError when a set the plan touches changed live since planning (nothing is applied)."""
    if plan.no_changes:
        return
    problems = live_changes(plan, list_live(plan.zone, env, "before apply"))
    if problems:
        raise StepError(f"{plan.zone}: changed at Gandi since the plan, nothing applied, plan again: "
                        + "; ".join(problems))
