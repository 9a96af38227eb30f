"""Cross-record rules: each takes a ``Zone`` and returns findings, nothing else.

A rule never prints, exits or reads files; the loader runs them all, so a file's
every problem is reported at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from zonestack.findings import Finding
from zonestack.model import Zone
from zonestack.rules import aliases, cname, delegation, duplicates, placement, policy, targets, ttl

Rule = Callable[[Zone], Iterable[Finding]]

RULES: tuple[Rule, ...] = (
    ttl.check,
    placement.check,
    cname.check,
    duplicates.check,
    delegation.check,
    aliases.check,
    targets.check,
    policy.check,
)


def run_rules(zone: Zone) -> list[Finding]:
    """Every finding of every rule for ``zone``."""
    return [finding for rule in RULES for finding in rule(zone)]
