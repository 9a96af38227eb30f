"""Findings: what validation reports, always tied to a file and a line.

Every check in the core returns findings instead of printing or raising one error
at a time, so the CLI can show *all* errors of a file at once as
``path:line: message [rule]`` and exit non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in a record file, located by path and 1-based line."""

    path: str
    line: int
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} [{self.rule}]"


class ValidationFailed(Exception):
    """Raised when a record file does not validate; carries every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        super().__init__("\n".join(str(f) for f in self.findings))
