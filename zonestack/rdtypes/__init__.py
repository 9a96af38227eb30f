"""Per-type knowledge of record values, one module per type or shared value shape.

``hostname`` (every host-name field), ``final_dot`` (targets with a dot end with one),
``txt`` (plain text, SPF/DMARC/DKIM),
``mx``, ``srv``, ``tlsa``, ``sshfp``, ``caa``, ``naptr``, ``loc``, ``svcb``.
Each module defines its rules (``zonestack.rule_registry``) beside the checks
that apply them. ``check_value`` parses one value and runs its type's value
checks (cached: a zone repeats values); ``check_set`` runs the set-level checks
(owner-name form, "alone in its set", one policy per name).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from zonestack.rdata import ValueProblem, parse_value
from zonestack.rdtypes import caa, final_dot, hostname, loc, mx, naptr, srv, sshfp, svcb, tlsa, txt
from zonestack.rdtypes.base import Problem, RecordSetView, SetCheck, Value, ValueCheck
from zonestack.rule_registry import VALUES

__all__ = ["CheckedValue", "Problem", "RecordSetView", "Value", "check_set", "check_value"]

VALUE_CHECKS: dict[str, ValueCheck] = {
    **{t: hostname.check for t in ("CNAME", "ALIAS", "DNAME", "NS", "PTR")},
    "MX": mx.check_value, "SRV": srv.check_value, "NAPTR": naptr.check_value,
    "SVCB": svcb.check_value, "HTTPS": svcb.check_value, "TLSA": tlsa.check_value,
    "SSHFP": sshfp.check_value, "CAA": caa.check_value, "LOC": loc.check_value,
    "TXT": txt.check_value, "SPF": txt.check_value, "RP": final_dot.check_rp,
}
SET_CHECKS: dict[str, SetCheck] = {
    "SRV": srv.check_set, "TLSA": tlsa.check_set, "MX": mx.check_set, "TXT": txt.check_set, "SPF": txt.check_set,
}


class CheckedValue(NamedTuple):
    """A value's canonical text (None if it does not parse) and every problem found in it.

    Only strings and problems are kept (this is cached per value): the parsed
    rdata is dropped once the checks have run.
    """

    wire: str | None
    problems: tuple[Problem, ...]


NO_PROBLEMS: tuple[Problem, ...] = ()


@lru_cache(maxsize=65536)
def check_value(rtype: str, raw: str, zone: str) -> CheckedValue:
    """Parse ``raw`` as ``rtype`` inside ``zone`` and run the type's value checks.

    A value that does not parse gives one ``values`` problem; one that parses
    gives every problem of every check (not only the first).
    """
    try:
        wire, rdata = parse_value(rtype, raw, zone)
    except ValueProblem as problem:
        return CheckedValue(None, (Problem(VALUES, str(problem)),))
    check = VALUE_CHECKS.get(rtype)
    if check is None:
        return CheckedValue(wire, NO_PROBLEMS)
    return CheckedValue(wire, tuple(check(Value(rtype, raw, wire, rdata, zone))) or NO_PROBLEMS)


def check_set(view: RecordSetView) -> list[Problem]:
    """Set-level problems of one record set (owner-name form, values that must be alone, ...)."""
    check = SET_CHECKS.get(view.rtype)
    return list(check(view)) if check else []
