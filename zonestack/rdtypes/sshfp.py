"""SSHFP (RFC 4255, 6594, 7479, 8709): algorithm and fingerprint type from the IANA registry.

Algorithms: 1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519, 6 Ed448 (5 is unassigned);
fingerprint types: 1 SHA-1 (20 octets), 2 SHA-256 (32 octets).
"""

from __future__ import annotations

from collections.abc import Iterator

from zonestack.rdtypes.base import Problem, Value
from zonestack.rules.registry import ERROR, define

FIELDS = define("sshfp-fields", ERROR, "SSHFP algorithm 1, 2, 3, 4 or 6 and fingerprint type 1 or 2 (IANA); "
                "fingerprint 20 octets for SHA-1, 32 for SHA-256", "`SSHFP 5 2 ...`")

ALGORITHMS = {1: "RSA", 2: "DSA", 3: "ECDSA", 4: "Ed25519", 6: "Ed448"}
FP_TYPES = {1: "SHA-1", 2: "SHA-256"}
FP_OCTETS = {1: 20, 2: 32}


def check_value(value: Value) -> Iterator[Problem]:
    rdata = value.rdata
    if rdata is None:
        return
    if rdata.algorithm not in ALGORITHMS:
        yield Problem(FIELDS, f"SSHFP algorithm {rdata.algorithm} is not in the IANA registry: use "
                              + ", ".join(f"{k} ({v})" for k, v in ALGORITHMS.items()))
    if rdata.fp_type not in FP_TYPES:
        yield Problem(FIELDS, f"SSHFP fingerprint type {rdata.fp_type} is not in the IANA registry: use "
                              + ", ".join(f"{k} ({v})" for k, v in FP_TYPES.items()))
    elif len(rdata.fingerprint) != FP_OCTETS[rdata.fp_type]:
        octets = FP_OCTETS[rdata.fp_type]
        yield Problem(FIELDS, f"SSHFP {FP_TYPES[rdata.fp_type]} fingerprint must be {octets} octets ({octets * 2} hex "
                              f"digits), found {len(rdata.fingerprint)}")
