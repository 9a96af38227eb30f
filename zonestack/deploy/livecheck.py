"""The check just before apply: refuse when a record set the plan touches changed at Gandi since.

Terraform checks a saved plan against state only; it never re-reads the zone.
A plan's ``before`` side is what Gandi held at plan time (the snapshot, or the
targeted refresh), so one listing of the zone just before ``apply`` — the run's
one deliberate second listing — shows whether any set the plan touches, or any
set zonestack is about to prune, moved on: an update or delete would silently
overwrite someone's newer change, a create would hit 409, a prune would delete
something nobody reviewed. Sets the plan leaves alone may change freely.

The same listing then drives the prunes' compare-and-swap (:mod:`.prune`).
What is *not* protected: a change at Gandi after this listing, while Terraform
applies (seconds); see the README's "What the deploy protects".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from zonestack.deploy.plan import ZonePlan
from zonestack.diff import Key, RecordLike, as_record_set, same
from zonestack.model import RecordSet


def _shown(value: RecordLike | None) -> str:
    if value is None:
        return "absent"
    return f"TTL {value.ttl} {', '.join(sorted(set(value.values))) or '(no values)'}"


def live_changes(plan: ZonePlan, live: Mapping[Key, RecordLike] | None,
                 prunes: Sequence[RecordLike] = ()) -> list[str]:
    """One line per set the plan touches (or zonestack prunes) whose live value is not what the plan saw.

    ``live`` None: the zone is not at Gandi (the plan creates it; nothing can have moved,
    unless the plan expected sets there).
    """
    now = dict(live or {})
    problems = []
    for record in plan.records:
        if record.kind == "no-op" and not record.importing:
            continue
        expected = None if record.kind == "create" and not record.importing else record.before
        current = now.get((record.name, record.type))
        if same(expected, current):
            continue
        if expected is None and record.kind == "create":
            problems.append(f"{record.name} {record.type}: the plan creates it but Gandi has it now "
                            f"({_shown(current)}; not in state)")
        else:
            problems.append(f"{record.name} {record.type}: {_shown(expected)} at plan time, now {_shown(current)}")
    for item in prunes:
        record = as_record_set(item)
        current = now.get(record.key)
        if not same(record, current):
            problems.append(f"{record.name} {record.type}: to be deleted as {_shown(record)}, now {_shown(current)}")
    return problems


def by_key(listing: Sequence[RecordLike] | None) -> dict[Key, RecordSet] | None:
    """A listing keyed by (name, TYPE); None stays None (no zone)."""
    if listing is None:
        return None
    return {r.key: r for r in (as_record_set(item) for item in listing)}
