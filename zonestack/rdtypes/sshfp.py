"""SSHFP (RFC 4255, 6594, 7479, 8709): algorithm and fingerprint type from the IANA registry.

Algorithms: 1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519, 6 Ed448 (5 is unassigned);
fingerprint types: 1 SHA-1, 2 SHA-256. A fingerprint of the wrong length for
its type is refused by dnspython's parser (rule ``values``).
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.rdtypes.ANY.SSHFP

from zonestack.rdtypes.base import Problem, Value
from zonestack.rule_registry import ERROR, define

FIELDS = define("sshfp-fields", ERROR, "SSHFP algorithm 1, 2, 3, 4 or 6 and fingerprint type 1 or 2 "
                "(IANA)",
                "`SSHFP 5 2 ...`")

ALGORITHMS = {1: "RSA", 2: "DSA", 3: "ECDSA", 4: "Ed25519", 6: "Ed448"}
FP_TYPES = {1: "SHA-1", 2: "SHA-256"}


def check_value(value: Value) -> Iterator[Problem]:
    rdata = value.rdata
    if not isinstance(rdata, dns.rdtypes.ANY.SSHFP.SSHFP):  # None: the value did not parse
        return
    if rdata.algorithm not in ALGORITHMS:
        yield Problem(FIELDS, f"SSHFP algorithm {rdata.algorithm} is not in the IANA registry: use "
                              + ", ".join(f"{k} ({v})" for k, v in ALGORITHMS.items()))
    if rdata.fp_type not in FP_TYPES:
        yield Problem(FIELDS, f"SSHFP fingerprint type {rdata.fp_type} is not in the IANA registry: use "
                              + ", ".join(f"{k} ({v})" for k, v in FP_TYPES.items()))
