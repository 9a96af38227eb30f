"""Which live ``_acme-challenge`` TXT values are orphans (pure; no I/O).

libdns/gandi (Caddy) compares its unquoted token with Gandi's quoted values,
so once a record set holds two values it never removes any (docs/gandi-livedns.md
§9) and tokens pile up at every renewal. The API keeps no timestamps, so
"old" cannot be told from "in progress": every value of an undeclared
challenge record set is an orphan, except values the operator names to keep.
A challenge record set with no values at all (an ACME client's cleanup that
wrote ``[]``: certbot-plugin-gandi#5, acme.sh#2037; docs/gandi-livedns.md §3)
is deleted too. Declared record sets are never touched: the record file owns them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zonestack.gandi.rrset import LiveSet
from zonestack.model import Zone
from zonestack.rdata import wire_to_text

ACME_LABEL = "_acme-challenge"



@dataclass(frozen=True)
class Cleanup:
    """One challenge record set: values to remove and values to keep (as stored)."""

    name: str
    ttl: int
    orphans: tuple[str, ...]
    keep: tuple[str, ...]
    declared: bool = False
    empty: bool = False
    """The live record set holds no values at all: it is deleted."""

    @property
    def action(self) -> str:
        """``skip`` (declared), ``none``, ``delete`` (nothing left) or ``put`` (rewrite the rest)."""
        if self.declared:
            return "skip"
        if self.empty:
            return "delete"
        if not self.orphans:
            return "none"
        return "put" if self.keep else "delete"

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "ttl": self.ttl, "action": self.action,
                "orphans": list(self.orphans), "keep": list(self.keep), "empty": self.empty}


def is_challenge_name(name: str) -> bool:
    """``_acme-challenge`` itself or ``_acme-challenge.<sub>``."""
    lowered = name.lower()
    return lowered == ACME_LABEL or lowered.startswith(ACME_LABEL + ".")


def plan_cleanup(zone: Zone, live: Iterable[LiveSet], keep: Sequence[str] = ()) -> list[Cleanup]:
    """Challenge TXT record sets of ``zone`` and what a cleanup would do to each."""
    kept_text = set(keep)
    found: list[Cleanup] = []
    for rrset in sorted(live, key=lambda s: s.name):
        if rrset.type.upper() != "TXT" or not is_challenge_name(rrset.name):
            continue
        values = tuple(rrset.values)
        if (rrset.name.lower(), "TXT") in zone.by_key:
            found.append(Cleanup(rrset.name.lower(), rrset.ttl, (), values, declared=True))
            continue
        stay = tuple(v for v in values if wire_to_text(v) in kept_text or v in kept_text)
        found.append(Cleanup(rrset.name.lower(), rrset.ttl, tuple(v for v in values if v not in stay), stay,
                             empty=not values))
    return found


def remaining_after(current: Sequence[str], orphans: Sequence[str]) -> list[str]:
    """Values to write back: the current ones minus the planned orphans.

    Re-read just before writing, so a token a bot added since the listing survives.
    """
    gone = set(orphans)
    return [v for v in current if v not in gone]
