"""Server-side normalisation of rrset names, types, TTLs and TXT values (§5).

These rules are what make the emulator faithful for clients with quirks:
TXT/SPF values come back wrapped in double quotes (which is what triggers
Terraform's perpetual diff and libdns's orphan values), a missing TTL is
always 10800 (PUT never keeps the old one), names are stored relative and
lower-case, and an absolute name outside the zone is a Shape A 400.
"""

from __future__ import annotations

import re

from livedns_emulator.errors import bad_request

RRTYPES: tuple[str, ...] = (
    "A", "AAAA", "ALIAS", "CAA", "CDS", "CNAME", "DNAME", "DS", "HTTPS", "KEY", "LOC",
    "MX", "NAPTR", "NS", "OPENPGPKEY", "PTR", "RP", "SOA", "SPF", "SRV", "SSHFP", "SVCB",
    "TLSA", "TXT", "WKS",
)
QUOTED_TYPES = frozenset({"TXT", "SPF"})
DEFAULT_TTL = 10800
MIN_TTL = 300
MAX_TTL = 2592000
TXT_CHUNK = 255

_LABEL = re.compile(r"^(\*|[a-z0-9_-]{1,63})$")


class Invalid(Exception):
    """A rejected input; ``rrsets`` turns it into a Shape B entry with the param."""

    def __init__(self, value: object, problem: str) -> None:
        super().__init__(f"{value!r}: {problem}")
        self.value = value
        self.problem = problem

    @property
    def description(self) -> str:
        return f"{self.value!r}: {self.problem}"


def zone_fqdn(raw: str) -> str:
    """A zone name from a path or body: lower-case, no trailing dot."""
    return raw.strip().lower().rstrip(".")


def rrset_name(raw: object, zone: str) -> str:
    """Relative, lower-case name; ``@`` for the apex (empty name included).

    An absolute name (trailing dot) must end with the zone: that is a Shape A
    400 in production (CM#260), unlike the other value problems.
    """
    if not isinstance(raw, str):
        raise Invalid(raw, "rrset_name must be a string")
    name = raw.strip().lower()
    if name in ("", "@"):
        return "@"
    if name.endswith("."):
        suffix = f"{zone}."
        if name == suffix:
            return "@"
        if not name.endswith(f".{suffix}"):
            raise bad_request(f"Absolute rrset_name must end with {suffix} ({raw})")
        name = name[: -len(suffix) - 1]
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise Invalid(raw, "invalid rrset_name")
    if "*" in labels[1:]:
        raise Invalid(raw, "a wildcard is only allowed as the first label")
    return name


def rrset_type(raw: object) -> str:
    """Upper-case type from the supported list (§5.4)."""
    if not isinstance(raw, str) or raw.upper() not in RRTYPES:
        raise Invalid(raw, f"rrset_type must be one of {', '.join(RRTYPES)}")
    return raw.upper()


def ttl(raw: object) -> int:
    """TTL in 300..2592000; omitted (or go-gandi's omitted 0) means 10800."""
    if raw is None:
        return DEFAULT_TTL
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise Invalid(raw, "rrset_ttl must be an integer")
    if not MIN_TTL <= raw <= MAX_TTL:
        raise Invalid(raw, f"rrset_ttl must be between {MIN_TTL} and {MAX_TTL}")
    return raw


def quote_txt(value: str, *, split_long: bool = False) -> str:
    """The §5.7 rule: already quoted stays as is, anything else gets wrapped.

    "Already quoted" means starts and ends with ``"`` (so ``"a" "b"`` is kept).
    Embedded quotes of a wrapped value are escaped so the result stays valid
    presentation format; ``split_long`` cuts wrapped values into 255-octet chunks.
    """
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value
    chunks = [value[i:i + TXT_CHUNK] for i in range(0, len(value), TXT_CHUNK)] or [""]
    if not split_long:
        chunks = [value]
    return " ".join('"' + re.sub(r'(?<!\\)"', r'\\"', c) + '"' for c in chunks)


def values(rtype: str, raw: list[str], *, split_long: bool, dedupe: bool) -> list[str]:
    """Normalised value list: TXT/SPF quoting, then optional de-duplication."""
    out = [quote_txt(v, split_long=split_long) if rtype in QUOTED_TYPES else v.strip()
           for v in raw]
    if dedupe:
        out = list(dict.fromkeys(out))
    return out


def sort_key(name: str, rtype: str) -> tuple[str, str]:
    """§5.8 order: upper-cased name (puts ``@`` first, ``_x`` after ``w``), then type."""
    return (name.upper(), rtype)
