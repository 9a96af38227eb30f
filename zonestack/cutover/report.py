"""The Markdown record of a gated run on the delegation stack (``zonestack cutover``, ``zonestack
dnssec``), for the change ticket.

Holds what was checked (one line per pre-flight check with its evidence), the plan of the
delegation stack, whether it was applied and on whose go, and what the parent delegates to at
the end. It is built only from those observations (never from the environment), and is passed
through the redactor with the session's secrets anyway, so no credential can land in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from zonestack.cutover.preflight import Check
from zonestack.redact import Redactor, secrets_from_env


@dataclass
class CutoverRecord:
    """Everything the report says. ``outcome``: one sentence; ``exit_code``: the command's; ``title``
    (``Cutover``, ``DNSSEC``) and ``proof_heading``: the last section's heading and what it holds
    (``delegation``: one line per parent server, or the chain of trust's steps)."""

    zone: str
    started: str
    title: str = "Cutover"
    proof_heading: str = "Delegation at the parent"
    checks: list[Check] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    go: str = ""
    applied: bool = False
    delegation: list[str] = field(default_factory=list)
    outcome: str = ""
    exit_code: int = 0


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(record: CutoverRecord, env: Mapping[str, str] | None = None,
                extra_secrets: Sequence[str] = ()) -> str:
    """The report text; secrets of ``env`` (and ``extra_secrets``) are masked."""
    lines = [f"# {record.title} of {record.zone}", "",
             f"- started: {record.started}", f"- outcome: **{record.outcome}** (exit {record.exit_code})", "",
             "## Pre-flight", "", "| check | result | evidence | way forward |", "|---|---|---|---|"]
    lines += [f"| {c.name} | {'ok' if c.ok else '**refused**'} | {_cell(c.evidence)} | {_cell(c.fix) or '-'} |"
              for c in record.checks]
    lines += ["", f"## Plan of the delegation stack (delegation-{record.zone})", ""]
    lines += [f"- {_cell(p)}" for p in record.plan] or ["- not planned"]
    lines += ["", "## Go", "", f"- {record.go or 'none'}; applied: {'yes' if record.applied else 'no'}"]
    lines += ["", f"## {record.proof_heading}", ""]
    lines += [f"- {_cell(d)}" for d in record.delegation] or ["- not checked"]
    text = "\n".join(lines) + "\n"
    return Redactor([*secrets_from_env(env or {}), *extra_secrets])(text)
