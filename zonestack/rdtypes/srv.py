"""SRV (RFC 2782): owner ``_service._proto[.name]``; target a host name or ``.``.

A target of ``.`` means "decidedly not available at this domain"; a port or a
second record beside it says the author meant something else (warning).
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.rdtypes.IN.SRV

from zonestack.rdtypes import hostname
from zonestack.rdtypes.base import Problem, RecordSetView, Value
from zonestack.rule_registry import ERROR, WARNING, define

OWNER = define("srv-owner", ERROR, "an SRV owner is `_service._proto[.name]` (RFC 2782)",
               "`sip._tcp SRV ...` (no underscore before the service)")
NULL_TARGET = define("srv-null-target", WARNING, "an SRV target `.` (service not available) has port 0 and is the "
                     "only record of its set (RFC 2782)", "`_sip._tcp SRV 0 0 5060 .`")


def underscore_pair(name: str) -> bool:
    """True if the first two labels of a relative name both start with ``_`` and say something after it."""
    labels = name.split(".")
    return len(labels) >= 2 and all(len(label) > 1 and label.startswith("_") for label in labels[:2])


def check_value(value: Value) -> Iterator[Problem]:
    yield from hostname.check(value)
    rdata = value.rdata
    if value.wire.endswith(" .") and isinstance(rdata, dns.rdtypes.IN.SRV.SRV) and rdata.port != 0:
        yield Problem(NULL_TARGET, f"SRV {value.raw!r}: target '.' means the service is not available here; "
                                   f"use port 0 (or a real target for port {rdata.port})")


def check_set(view: RecordSetView) -> Iterator[Problem]:
    if not underscore_pair(view.name):
        yield Problem(OWNER, f"SRV owner {view.name!r} must be _service._proto[.name] (RFC 2782), "
                             "e.g. '_sip._tcp' or '_imaps._tcp.mail'")
    nulls = [i for i, v in enumerate(view.values) if v.wire.endswith(" .")]
    if nulls and len(view.values) > 1:
        yield Problem(NULL_TARGET, "SRV target '.' says the service is not available, but the set has other "
                                   "targets: drop one or the other", nulls[0])
