"""What a plan or apply said it would do, read from Terraform's own summary line.

Terraform prints ``Plan: 1 to import, 2 to add, 0 to change, 1 to destroy.``
(the import part only when there are imports) or ``No changes.``; cdktf passes
those lines through, prefixed with the stack name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAN = re.compile(
    r"Plan:\s+(?:(?P<imports>\d+) to import,\s+)?(?P<adds>\d+) to add,\s+"
    r"(?P<changes>\d+) to change,\s+(?P<destroys>\d+) to destroy\."
)
_NO_CHANGES = re.compile(r"\bNo changes\.")


@dataclass(frozen=True)
class PlanSummary:
    """Counts from one plan; ``no_changes`` when Terraform said so."""

    imports: int = 0
    adds: int = 0
    changes: int = 0
    destroys: int = 0
    no_changes: bool = False

    @property
    def total(self) -> int:
        return self.imports + self.adds + self.changes + self.destroys


def parse_summary(output: str) -> PlanSummary | None:
    """The summary of the last plan in ``output``; None if it holds none.

    Several stacks in one run each print a line; their counts are added up.
    """
    plans = list(_PLAN.finditer(output))
    if plans:
        totals = {key: sum(int(m.group(key) or 0) for m in plans) for key in ("imports", "adds", "changes", "destroys")}
        return PlanSummary(**totals)
    if _NO_CHANGES.search(output):
        return PlanSummary(no_changes=True)
    return None
