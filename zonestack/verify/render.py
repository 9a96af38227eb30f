"""Verify reports as text (terminal), Markdown (a PR comment or runbook log) or JSON (tools).

Text lists every record set that is not as declared, per nameserver, with the
declared and answered values, then one summary line per zone; ``everything``
lists the ok ones too. Markdown and JSON always hold every result.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from zonestack.verify.compare import Check, Status
from zonestack.verify.run import ZoneReport


def _values(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "(nothing)"


def describe(check: Check) -> str:
    """``@ TXT at ns (addr): different (declared … / answered …)`` and the like."""
    head = f"{check.name} {check.type} at {check.server}: {check.status.value}"
    if check.status is Status.DIFFERENT:
        ttl = f"; {check.detail}" if check.detail.startswith("TTL") else ""
        return f"{head} (declared {_values(check.declared)} / answered {_values(check.answered)}{ttl})"
    if check.status is Status.MISSING:
        return f"{head} (declared {_values(check.declared)} / answered {check.detail})"
    if check.detail:
        return f"{head} ({check.detail})"
    return head


def delegation_lines(report: ZoneReport) -> list[str]:
    found = report.delegation
    if found is None:
        return []
    lines = [f"delegation of {found.zone} in {found.parent} at {a.server}: {found.verdict(a)}"
             for a in found.answers]
    if not found.ok:
        lines.append(f"LiveDNS nameservers of {found.zone}: {', '.join(found.expected)}")
    return lines


def to_text(reports: Sequence[ZoneReport], *, everything: bool = False) -> str:
    lines: list[str] = []
    for report in reports:
        if report.error:
            continue
        shown = report.checks if everything else [c for c in report.checks if not c.ok]
        lines.extend(describe(c) for c in shown)
        lines.extend(delegation_lines(report))
        if report.checks or not report.delegation:
            lines.append(report.summary())
    return "".join(line + "\n" for line in lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(reports: Sequence[ZoneReport]) -> str:
    lines: list[str] = []
    for report in reports:
        lines += [f"### zonestack verify: `{report.zone}`", ""]
        if report.error:
            lines += [f"**error:** {_cell(report.error)}", ""]
            continue
        lines += [("**ok**: " if report.exit_code == 0 else "**not as declared**: ") + report.summary(), ""]
        for label, why in report.unreachable.items():
            lines.append(f"- nameserver {label}: unreachable ({_cell(why)})")
        lines += [f"- {_cell(line)}" for line in delegation_lines(report)]
        if report.unreachable or report.delegation:
            lines.append("")
        if report.checks:
            lines += ["| name | type | nameserver | status | declared | answered | note |",
                      "|---|---|---|---|---|---|---|"]
            for c in report.checks:
                declared = f"{_values(c.declared)} (TTL {c.declared_ttl})" if c.declared_ttl else _values(c.declared)
                answered = f"{_values(c.answered)} (TTL {c.answered_ttl})" if c.answered_ttl else _values(c.answered)
                lines.append(f"| `{c.name}` | {c.type} | {_cell(c.server)} | {c.status.value} | {_cell(declared)} "
                             f"| {_cell(answered)} | {_cell(c.detail)} |")
            lines.append("")
    return "\n".join(lines) + "\n"


def to_json(reports: Sequence[ZoneReport]) -> str:
    return json.dumps({"exit_code": max((r.exit_code for r in reports), default=0),
                       "zones": [r.to_dict() for r in reports]}, indent=2) + "\n"
