"""Audit reports as a Markdown table (for a PR comment) or JSON (for tools)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from zonestack.audit.compare import Entry, ZoneAudit

TITLES = {
    "missing": "missing (declared, not live)",
    "changed": "changed (values or TTL differ)",
    "unmanaged": "unmanaged (live, not declared)",
    "ignored": "ignored",
    "state_only": "in state, not declared (would be destroyed)",
    "not_in_state": "live and declared, not in state",
    "prune": "live, not declared (would be deleted)",
    "contradicts": "Gandi default contradicting the file",
}


def to_json(audits: Sequence[ZoneAudit]) -> str:
    body = {"drift": any(a.drift for a in audits), "errors": any(a.error for a in audits),
            "zones": [a.to_dict() for a in audits]}
    return json.dumps(body, indent=2, sort_keys=False) + "\n"


def to_markdown(audits: Sequence[ZoneAudit]) -> str:
    lines: list[str] = []
    for audit in audits:
        lines.append(f"### zonestack audit: `{audit.zone}`")
        lines.append("")
        if audit.error:
            lines.append(f"**error:** {_cell(audit.error)}")
            lines.append("")
            continue
        counts = ", ".join(f"{len(getattr(audit, c))} {c.replace('_', '-')}" for c in ZoneAudit.CATEGORIES)
        lines.append(("**drift**: " if audit.drift else "**clean**: ") + counts)
        lines.append("")
        for warning in audit.warnings:
            lines.append(f"**warning:** {_cell(warning)}")
            lines.append("")
        rows = [(c, e) for c in ZoneAudit.CATEGORIES for e in getattr(audit, c)]
        if rows:
            lines.append("| category | name | type | live | declared | in state | note |")
            lines.append("|---|---|---|---|---|---|---|")
            lines.extend(_row(category, entry) for category, entry in rows)
            lines.append("")
    return "\n".join(lines)


def _row(category: str, entry: Entry) -> str:
    cells = [
        TITLES[category], f"`{entry.name}`", entry.type,
        _side(entry.live_ttl, entry.live_values), _side(entry.declared_ttl, entry.declared_values),
        "yes" if entry.in_state else "no", entry.reason,
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _side(ttl: int | None, values: tuple[str, ...]) -> str:
    if ttl is None:
        return "—"
    return f"{ttl}: " + "<br>".join(f"`{v}`" for v in values)


def _cell(text: str) -> str:
    """Table-safe: pipes escaped, no newlines."""
    return text.replace("|", "\\|").replace("\n", " ")
