"""TLSA (RFC 6698, RFC 7218): owner ``_port._proto[.name]``; fields from the IANA registries.

Certificate usage 0-3, selector 0-1, matching type 0-2 (IANA "DANE TLSA"
registries). A digest of the wrong length for its matching type is
refused by dnspython's parser (rule ``values``).
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.rdtypes.ANY.TLSA

from zonestack.rdtypes.base import Problem, RecordSetView, Value
from zonestack.rule_registry import ERROR, define

OWNER = define("tlsa-owner", ERROR, "a TLSA owner is `_port._proto[.name]` with a port 0..65535 (RFC 6698 §3)",
               "`https._tcp TLSA ...` (port as a name)")
FIELDS = define("tlsa-fields", ERROR, "TLSA usage 0-3, selector 0-1, matching type 0-2 (IANA; digest lengths "
                "are checked by the parser: `values`)", "`_443._tcp TLSA 4 1 1 ...`")

USAGES = {0: "PKIX-TA", 1: "PKIX-EE", 2: "DANE-TA", 3: "DANE-EE"}
SELECTORS = {0: "Cert", 1: "SPKI"}
MATCHING = {0: "Full", 1: "SHA2-256", 2: "SHA2-512"}


def check_value(value: Value) -> Iterator[Problem]:
    rdata = value.rdata
    if not isinstance(rdata, dns.rdtypes.ANY.TLSA.TLSA):  # None: the value did not parse
        return
    for field, number, known in (("usage", rdata.usage, USAGES), ("selector", rdata.selector, SELECTORS),
                                 ("matching type", rdata.mtype, MATCHING)):
        if number not in known:
            allowed = ", ".join(f"{k} ({v})" for k, v in known.items())
            yield Problem(FIELDS, f"TLSA {field} {number} is not in the IANA registry: use {allowed}")


def check_set(view: RecordSetView) -> Iterator[Problem]:
    labels = view.name.split(".")
    port = labels[0][1:] if labels[0].startswith("_") else ""
    if len(labels) < 2 or not (port.isdigit() and int(port) <= 65535) or len(labels[1]) < 2 \
            or not labels[1].startswith("_"):
        yield Problem(OWNER, f"TLSA owner {view.name!r} must be _port._proto[.name] (RFC 6698 §3), "
                             "e.g. '_443._tcp' or '_25._tcp.mail'")
