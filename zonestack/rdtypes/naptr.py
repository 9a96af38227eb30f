"""NAPTR (RFC 3403 §4.1, RFC 3404 §4.3): flags, and REGEXP xor REPLACEMENT.

Flags are single characters A-Z, 0-9; ``S``, ``A`` and ``U`` are terminal and
mutually exclusive; ``U`` produces a URI from REGEXP, so it needs a REGEXP and
an empty (``.``) replacement; ``S`` and ``A`` need a replacement. REGEXP and
REPLACEMENT are mutually exclusive (a record with both is in error). The
replacement itself is a host-name field.
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.name
import dns.rdtypes.IN.NAPTR

from zonestack.rdtypes import hostname
from zonestack.rdtypes.base import Problem, Value
from zonestack.rule_registry import ERROR, define

FLAGS = define("naptr-flags", ERROR, "NAPTR flags are letters/digits, at most one of S, A, U; U needs a regexp and "
               "replacement `.`; S/A need a replacement; regexp and replacement are exclusive (RFC 3403/3404)",
               "`NAPTR 100 10 \"SU\" \"SIP+D2U\" \"\" _sip._udp.example.com.`")

TERMINAL = "SAU"


def check_value(value: Value) -> Iterator[Problem]:
    yield from hostname.check(value)
    rdata = value.rdata
    if not isinstance(rdata, dns.rdtypes.IN.NAPTR.NAPTR):  # None: the value did not parse
        return
    flags = rdata.flags.decode("ascii", errors="replace").upper()
    regexp = rdata.regexp.decode("ascii", errors="replace")
    has_replacement = rdata.replacement != dns.name.root
    what = f"NAPTR flags {flags!r}"
    if not all(c.isascii() and c.isalnum() for c in flags):
        yield Problem(FLAGS, f"{what}: flags are single letters or digits (RFC 3403 §4.1)")
    terminal = [c for c in flags if c in TERMINAL]
    if len(terminal) > 1:
        yield Problem(FLAGS, f"{what}: S, A and U are mutually exclusive (RFC 3404 §4.3)")
    if regexp and has_replacement:
        yield Problem(FLAGS, "NAPTR has both a regexp and a replacement; they are mutually exclusive (RFC 3403 §4.1): "
                             "set the replacement to '.' or the regexp to \"\"")
    if "U" in terminal and (not regexp or has_replacement):
        yield Problem(FLAGS, f"{what}: 'U' makes a URI from the regexp, so it needs a regexp and replacement '.' "
                             "(RFC 3404 §4.3)")
    if ("S" in terminal or "A" in terminal) and not has_replacement and not regexp:
        yield Problem(FLAGS, f"{what}: 'S'/'A' lead to an SRV/address lookup, so they need a replacement name")
