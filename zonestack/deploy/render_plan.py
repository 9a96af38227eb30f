"""The reviewed plan as one document for all zones: Markdown (a PR comment, a job summary) or JSON.

Built from the summaries of ``terraform show -json`` (:mod:`.plan`) and the
guard's verdicts, never from Terraform's console text. Per zone: imports,
adds, changes (old → new TTL and values), destroys and prunes, each with its
values, and the verdict. It holds record data only: the plan's provider
configuration, variables and state are never read, so nothing secret can be
in it. Lines of structure stay within 80 columns; a long value sits in its
own table cell, and Markdown is plain text a non-tty log shows as is.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zonestack.deploy.guard import Verdict
from zonestack.deploy.plan import RecordChange, SetValue, ZonePlan

SCHEMA = "zonestack-plan/1"
WIDTH = 80


@dataclass(frozen=True)
class Row:
    """One line of a zone's table: ``action`` is import/import+change/add/change/destroy/replace/prune."""

    action: str
    name: str
    type: str
    before: SetValue | None
    after: SetValue | None
    reason: str = ""


INVALID, FAILED, NOT_MANAGED = "invalid", "failed", "no longer managed"


@dataclass(frozen=True)
class Unplanned:
    """A selected zone with no plan, or state whose record file is gone: it still gets a row.

    ``status``: ``invalid`` (the record file does not validate), ``failed`` (its plan failed,
    e.g. a zone Gandi does not know) or ``no longer managed`` (state without a record file);
    ``cause``: the one line the deploy printed on stderr for it.
    """

    zone: str
    status: str
    cause: str


def verdict_word(plan: ZonePlan, verdict: Verdict, forced: bool = False) -> str:
    """``ok``, ``creates zone``, ``no changes``, ``refused`` or ``forced`` (the deploy table's words)."""
    if verdict.refused:
        return "forced" if forced else "refused"
    if plan.zone_action == "create":
        return "creates zone"
    return "no changes" if plan.no_changes else "ok"


def rows(plan: ZonePlan) -> list[Row]:
    """The zone's changes in review order: imports, adds, changes, replaces, destroys, prunes."""
    order = {"import": 0, "import+change": 0, "add": 1, "change": 2, "replace": 3, "destroy": 4}
    found = [_row(r) for r in plan.records]
    listed = sorted((r for r in found if r is not None), key=lambda r: (order[r.action], r.name, r.type))
    listed += [Row("prune", p.name, p.type, SetValue(p.ttl, p.values), None, p.reason) for p in plan.prunes]
    return listed


def _row(record: RecordChange) -> Row | None:
    kind = record.kind
    if kind == "no-op":
        return Row("import", record.name, record.type, record.before, record.after) if record.importing else None
    action = {"create": "add", "update": "change", "delete": "destroy", "replace": "replace"}[kind]
    if record.importing and kind == "update":
        action = "import+change"
    return Row(action, record.name, record.type, record.before, record.after)


def counts(plan: ZonePlan) -> dict[str, int]:
    """Figures of the zone: record sets, imports, adds, changes, destroys (incl. prunes), prunes."""
    return {"record_sets": plan.size, "imports": plan.imports, "adds": plan.adds, "changes": plan.changes,
            "destroys": plan.destroys, "prunes": len(plan.prunes)}


# -- plain text (under the deploy's table) ----------------------------------

def _plain(value: SetValue | None) -> str:
    return " ".join(value.values) if value is not None and value.values else "(none)"


def to_text(plans: Sequence[ZonePlan]) -> list[str]:
    """One line per change of each zone (the table's detail, for people and logs), e.g.
    ``example.com: change @ MX ttl 10800 → 3600: 10 spool.mail.gandi.net. → 10 mx.example.net.``."""
    lines: list[str] = []
    for plan in plans:
        if plan.zone_action:
            lines.append(f"{plan.zone}: {plan.zone_action} the zone" + (
                " (Gandi may seed it with default record sets; those in the way of declared ones are "
                "deleted right after)" if plan.zone_action == "create" else ""))
        for row in rows(plan):
            head = f"{plan.zone}: {row.action} {row.name} {row.type}"
            if row.action == "prune":
                lines.append(f"{head} ttl {row.before.ttl if row.before else ''}: {_plain(row.before)} "
                             f"(not in state, {row.reason}: zonestack deletes it before applying)")
            elif row.before and row.after and row.action in ("change", "import+change", "replace"):
                ttl = (f"ttl {row.before.ttl} → {row.after.ttl}" if row.before.ttl != row.after.ttl
                       else f"ttl {row.after.ttl}")
                values = (_plain(row.after) if row.before.values == row.after.values
                          else f"{_plain(row.before)} → {_plain(row.after)}")
                lines.append(f"{head} {ttl}: {values}")
            else:
                side = row.after if row.action in ("add", "import") else row.before or row.after
                lines.append(f"{head} ttl {side.ttl if side else ''}: {_plain(side)}")
    return lines


# -- JSON --------------------------------------------------------------------

def _value(value: SetValue | None) -> dict[str, Any] | None:
    return None if value is None else {"ttl": value.ttl, "values": list(value.values)}


def to_json(plans: Sequence[ZonePlan], verdicts: Sequence[Verdict], *, forced: bool = False,
            unplanned: Sequence[Unplanned] = ()) -> str:
    """``{"schema", "zones": [{zone, verdict, reasons, counts,
    changes: [{action, name, type, before, after, reason}]}]}``;
    a zone with no plan has its status as ``verdict``, ``cause``, ``counts`` null and no changes."""
    zones: list[dict[str, Any]] = []
    for plan, verdict in zip(plans, verdicts, strict=True):
        zones.append({
            "zone": plan.zone,
            "verdict": verdict_word(plan, verdict, forced),
            "reasons": list(verdict.reasons),
            "counts": counts(plan),
            "zone_action": plan.zone_action or None,
            "changes": [{"action": r.action, "name": r.name, "type": r.type, "before": _value(r.before),
                         "after": _value(r.after), **({"reason": r.reason} if r.reason else {})}
                        for r in rows(plan)],
        })
    zones += [{"zone": u.zone, "verdict": u.status, "cause": u.cause, "reasons": [], "counts": None,
               "zone_action": None, "changes": []} for u in unplanned]
    zones.sort(key=lambda z: z["zone"])
    return json.dumps({"schema": SCHEMA, "zones": zones}, indent=2, ensure_ascii=False) + "\n"


# -- Markdown ----------------------------------------------------------------

def _cell(text: str) -> str:
    """Markdown-table-safe text in a code span (literal inside; GFM tables need ``|`` escaped even there)."""
    safe = text.replace("|", "\\|")
    fence = "``" if "`" in safe else "`"
    pad = " " if safe.startswith("`") or safe.endswith("`") else ""
    return f"{fence}{pad}{safe}{pad}{fence}"


def _values(value: SetValue | None) -> str:
    if value is None:
        return ""
    return "<br>".join(_cell(v) for v in value.values) or "(none)"


def _ttl(row: Row) -> str:
    if row.before and row.after and row.before.ttl != row.after.ttl:
        return f"{row.before.ttl} → {row.after.ttl}"
    side = row.after or row.before
    return str(side.ttl) if side else ""


def _values_cell(row: Row) -> str:
    if row.action in ("change", "import+change", "replace") and row.before and row.after:
        if row.before.values == row.after.values:
            return _values(row.after)
        return f"{_values(row.before)} →<br>{_values(row.after)}"
    return _values(row.after if row.action in ("add", "import") else row.before or row.after)


def _figures(plan: ZonePlan) -> str:
    c = counts(plan)
    zone = {"create": "Creates the zone at LiveDNS; ", "import": "Adopts the zone; ",
            "import+change": "Adopts the zone and changes its settings; ",
            "change": "Changes the zone's settings; "}.get(plan.zone_action, "")
    return (f"{zone}{c['imports']} to import, {c['adds']} to add, {c['changes']} to change, "
            f"{c['destroys']} to destroy ({c['prunes']} pruned), of {c['record_sets']} record sets")


def _wrap(text: str, indent: str = "") -> list[str]:
    """Prose at 80 columns (a Markdown paragraph or list item; continuation lines indented)."""
    return textwrap.wrap(text, WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def to_markdown(plans: Sequence[ZonePlan], verdicts: Sequence[Verdict], *, forced: bool = False,
                title: str = "zonestack plan", unplanned: Sequence[Unplanned] = ()) -> str:
    """One Markdown document: a summary table of every zone (those with no plan too: invalid,
    failed, no longer managed), then one section per changed zone and one per zone with no plan."""
    out = [f"## {title}", "", "| zone | verdict | import | add | change | destroy | prune |",
           "|---|---|--:|--:|--:|--:|--:|"]
    table: list[tuple[str, str]] = []
    for plan, verdict in zip(plans, verdicts, strict=True):
        c = counts(plan)
        word = verdict_word(plan, verdict, forced)
        table.append((plan.zone, f"| {plan.zone} | {word.upper() if verdict.refused else word} | {c['imports']} "
                                 f"| {c['adds']} | {c['changes']} | {c['destroys']} | {c['prunes']} |"))
    table += [(u.zone, f"| {u.zone} | **{u.status}** | – | – | – | – | – |") for u in unplanned]
    out += [line for _, line in sorted(table)]
    for plan, verdict in zip(plans, verdicts, strict=True):
        listed = rows(plan)
        if not listed and not verdict.refused and not plan.zone_action:
            continue
        out += ["", f"### {plan.zone}: {verdict_word(plan, verdict, forced)}", "", *_wrap(_figures(plan) + ".")]
        for reason in verdict.reasons:
            out += _wrap(f"- **{'forced' if forced else 'refused'}**: {reason}", indent="  ")
        if listed:
            out += ["", "| action | name | type | TTL | values |", "|---|---|---|---|---|"]
            for row in listed:
                action = f"prune ({row.reason})" if row.action == "prune" else row.action
                out.append(f"| {action} | {_cell(row.name)} | {row.type} | {_ttl(row)} | {_values_cell(row)} |")
    for u in sorted(unplanned, key=lambda u: u.zone):
        out += ["", f"### {u.zone}: {u.status}", "", *_wrap(_cause(u))]
    if not any(rows(p) for p in plans) and not unplanned:
        out += ["", "No changes."]
    return "\n".join(out) + "\n"


def _cause(item: Unplanned) -> str:
    """The zone's one line, without the zone name it starts with (the heading has it)."""
    cause = item.cause.removeprefix(f"{item.zone}: ")
    what = {INVALID: "Not planned: the record file does not validate", FAILED: "Not planned",
            NOT_MANAGED: "Not planned: its record file is gone"}[item.status]
    return f"{what}. {cause}"
