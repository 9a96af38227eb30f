"""Findings: what validation reports, always tied to a file and a line.

Every check in the core returns findings instead of printing or raising one error
at a time, so the CLI can show *all* errors of a file at once as
``path:line: message [rule]`` and exit non-zero. A finding is an error (the
file is invalid) or a warning (printed as ``path:line: warning: message [rule]``;
the file stays valid unless ``validate --strict``).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Severities: an error makes a file invalid; a warning is shown and, unless
#: ``--strict``, lets it pass.
ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in a record file, located by path and 1-based line."""

    path: str
    line: int
    message: str
    rule: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        level = "" if self.is_error else f"{self.severity}: "
        return f"{self.path}:{self.line}: {level}{self.message} [{self.rule}]"


class ValidationFailed(Exception):
    """Raised when a record file does not validate; carries every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        super().__init__("\n".join(str(f) for f in self.findings))
