"""MX (RFC 5321 §5.1, RFC 7505): exchange a host name; null MX ``0 .`` alone.

A null MX says the domain accepts no mail: its preference is 0 and the set
holds no other MX (RFC 7505 §3).
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.rdtypes.ANY.MX

from zonestack.rdtypes import hostname
from zonestack.rdtypes.base import Problem, RecordSetView, Value
from zonestack.rule_registry import ERROR, define

NULL_MX = define("null-mx", ERROR, "a null MX (`0 .`) has preference 0 and is alone in its set (RFC 7505 §3)",
                 "`MX [\"0 .\", \"10 mail.example.net.\"]`")


def _is_null(value: Value) -> bool:
    return value.wire.endswith(" .")  # canonical "preference exchange": the exchange is the root


def check_value(value: Value) -> Iterator[Problem]:
    yield from hostname.check(value)
    if _is_null(value) and isinstance(value.rdata, dns.rdtypes.ANY.MX.MX) and value.rdata.preference != 0:
        yield Problem(NULL_MX, f"MX {value.raw!r}: a null MX ('.') must have preference 0 (RFC 7505 §3): write '0 .'")


def check_set(view: RecordSetView) -> Iterator[Problem]:
    nulls = [i for i, v in enumerate(view.values) if _is_null(v)]
    if nulls and len(view.values) > 1:
        yield Problem(NULL_MX, "a null MX ('0 .') says no mail is accepted, so it must be the only MX of its name "
                               "(RFC 7505 §3): drop it or the other MX values", nulls[0])
