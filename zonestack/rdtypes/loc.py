"""LOC (RFC 1876 §2): altitude and sizes within what the wire format holds.

Altitude is stored in centimetres from -100 000 m as 32 bits, so it lies in
-100000.00 .. 42849672.95 m; size and the precisions are a digit times a power
of ten of centimetres, at most 9e9 cm = 90 000 000 m.
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.rdtypes.ANY.LOC

from zonestack.rdtypes.base import Problem, Value
from zonestack.rule_registry import ERROR, define

RANGE = define("loc-range", ERROR, "LOC altitude -100000.00..42849672.95 m, size and precisions ≤ 90000000 m "
               "(RFC 1876)", "`LOC 52 22 23 N 4 53 32 E -200000m`")

ALT_MIN_CM, ALT_MAX_CM = -10_000_000, 4_284_967_295
SIZE_MAX_CM = 9_000_000_000


def check_value(value: Value) -> Iterator[Problem]:
    rdata = value.rdata
    if not isinstance(rdata, dns.rdtypes.ANY.LOC.LOC):  # None: the value did not parse
        return
    if not ALT_MIN_CM <= round(rdata.altitude) <= ALT_MAX_CM:
        yield Problem(RANGE, f"LOC altitude {rdata.altitude / 100:.2f} m is outside -100000.00..42849672.95 m "
                             "(RFC 1876 §2)")
    for field, cm in (("size", rdata.size), ("horizontal precision", rdata.horizontal_precision),
                      ("vertical precision", rdata.vertical_precision)):
        if not 0 <= round(cm) <= SIZE_MAX_CM:
            yield Problem(RANGE, f"LOC {field} {cm / 100:.2f} m is outside 0..90000000 m (RFC 1876 §2)")
