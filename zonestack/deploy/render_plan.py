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


def verdict_word(plan: ZonePlan, verdict: Verdict, forced: bool = False) -> str:
    """``ok``, ``no changes``, ``refused`` or ``forced`` (the deploy table's words)."""
    if verdict.refused:
        return "forced" if forced else "refused"
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


def to_json(plans: Sequence[ZonePlan], verdicts: Sequence[Verdict], *, forced: bool = False) -> str:
    """``{"schema", "zones": [{zone, verdict, reasons, counts, changes: [{action, name, type, before, after, reason}]}]}``."""
    zones = []
    for plan, verdict in zip(plans, verdicts):
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
                title: str = "zonestack plan") -> str:
    """One Markdown document: a summary table of every zone, then one section per changed zone."""
    out = [f"## {title}", "", "| zone | verdict | import | add | change | destroy | prune |",
           "|---|---|--:|--:|--:|--:|--:|"]
    for plan, verdict in zip(plans, verdicts):
        c = counts(plan)
        word = verdict_word(plan, verdict, forced)
        out.append(f"| {plan.zone} | {word.upper() if verdict.refused else word} | {c['imports']} | {c['adds']} "
                   f"| {c['changes']} | {c['destroys']} | {c['prunes']} |")
    for plan, verdict in zip(plans, verdicts):
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
    if not any(rows(p) for p in plans):
        out += ["", "No changes."]
    return "\n".join(out) + "\n"
