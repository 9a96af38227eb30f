"""SVCB and HTTPS (RFC 9460): target a host name or ``.``; ALPN ids printable ASCII.

ALPN protocol ids are registered ASCII strings (``h2``, ``h3``, ``http/1.1``;
IANA "TLS ALPN Protocol IDs"); anything else cannot match a client's offer.
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.rdtypes.svcbbase

from zonestack.rdtypes import hostname
from zonestack.rdtypes.base import Problem, Value
from zonestack.rule_registry import ERROR, define

ALPN = define("svcb-alpn", ERROR, "SVCB/HTTPS `alpn` ids are printable ASCII (RFC 9460 §7.1, IANA ALPN ids)",
              "`HTTPS 1 . alpn=h2,é`")


def check_value(value: Value) -> Iterator[Problem]:
    yield from hostname.check(value)
    rdata = value.rdata
    if not isinstance(rdata, dns.rdtypes.svcbbase.SVCBBase):  # None: the value did not parse
        return
    for param in rdata.params.values():
        if isinstance(param, dns.rdtypes.svcbbase.ALPNParam):
            for alpn in param.ids:
                if not all(0x21 <= b <= 0x7E for b in alpn):
                    shown = alpn.decode("utf-8", errors="backslashreplace")
                    yield Problem(ALPN, f"{value.rtype} alpn id {shown!r} is not printable ASCII: ALPN ids are "
                                        "registered ASCII names such as h2, h3, http/1.1")
