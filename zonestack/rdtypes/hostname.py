"""The host-name target: one shape shared by every field that holds a domain name.

CNAME, ALIAS, DNAME, NS and PTR targets, the MX exchange, the SRV target, the
NAPTR replacement and the SVCB/HTTPS target name a host (RFC 1035 §3.3, RFC 2181
§11, RFC 1123 §2.1). dnspython parses almost any text as a name, so
``https://shop.example.net/cart`` would be published as
``https://shop.example.net/cart.example.test.``; here each label must be
letters, digits, ``-`` and ``_`` (underscore labels such as ``_domainkey`` are
real targets; octoDNS allows them too), with at least one letter or digit and no
``-`` at either end. An IP address where a name is required is refused, as
Gandi does ("invalid hostname"). ``.`` (no target) is allowed only where the
type defines it: null MX (RFC 7505), SRV (RFC 2782), SVCB/HTTPS (RFC 9460),
NAPTR (RFC 3403 §4.1). A target with a dot must end with one (``final_dot``).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import dns.name

from zonestack.rdtypes import final_dot
from zonestack.rdtypes.base import Problem, Value
from zonestack.rule_registry import ERROR, define

HOSTNAME = define("target-hostname", ERROR, "every field holding a domain name (CNAME/ALIAS/DNAME/NS/PTR target, "
                  "MX exchange, SRV target, NAPTR replacement, SVCB/HTTPS target) is a host name: not a URL, a "
                  "path, an IP address or other characters", "`www CNAME https://shop.example.net/cart`")

#: The rdata slot holding the name (also its name in messages), and where it stands among the value's words.
FIELD: dict[str, tuple[str, int]] = {
    "CNAME": ("target", 0), "ALIAS": ("target", 0), "DNAME": ("target", 0), "NS": ("target", 0),
    "PTR": ("target", 0), "MX": ("exchange", 1), "SRV": ("target", 3), "NAPTR": ("replacement", -1),
    "SVCB": ("target", 1), "HTTPS": ("target", 1),
}
#: Types whose name field may be ``.`` (meaning "none").
ROOT_ALLOWED = frozenset({"MX", "SRV", "NAPTR", "SVCB", "HTTPS"})

_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\Z")
# The common case, decided without dnspython objects: plain labels (a letter or
# digit after any leading underscores, no '-' at the end), not a dotted quad.
_PLAIN = re.compile(r"(?:_*[a-z0-9](?:[a-z0-9_-]*[a-z0-9_])?\.)*_*[a-z0-9](?:[a-z0-9_-]*[a-z0-9_])?\.?\Z", re.I)
_DOTTED_QUAD = re.compile(r"\d+\.\d+\.\d+\.\d+\.?\Z")
_ALNUM = re.compile(r"[a-z0-9]")
_CLASSLESS = re.compile(r"(?:(?<=^)|(?<=\.))(\d+)/(\d+)(?=\.\d+\.\d+.*\.in-addr\.arpa\.?$)", re.I)
"""An RFC 2317 label (``0/25``) in a name under ``in-addr.arpa``."""


def check(value: Value) -> Iterator[Problem]:
    """Problems of the value's host-name field (none for types without one)."""
    field = FIELD.get(value.rtype)
    if field is None or value.rdata is None:
        return
    slot, position = field
    words = value.raw.split()
    written = words[position] if words else value.raw
    what = f"{value.rtype} {slot} {written!r}"
    if _PLAIN.match(written) and not _DOTTED_QUAD.match(written):  # the common case: a plain host name
        yield from final_dot.problems(written, what, value.zone)
        return
    name: dns.name.Name = getattr(value.rdata, slot)
    if name == dns.name.root:
        if value.rtype not in ROOT_ALLOWED:
            yield Problem(HOSTNAME, f"{what} is the DNS root, not a host name")
        return
    hint = _hint(written, value.rtype)
    if hint:
        yield Problem(HOSTNAME, f"{what} {hint}")
        return
    for raw_label in name.labels[:-1] if name.is_absolute() else name.labels:
        text = raw_label.decode("ascii", errors="backslashreplace")
        if not (_LABEL.match(text) and _ALNUM.search(text)):
            shown = "'*' (a wildcard)" if text == "*" else repr(text)
            yield Problem(HOSTNAME, f"{what} is not a host name: label {shown} may hold only letters, digits, "
                                    "'-' and '_' (with a letter or digit, and no '-' at either end)")
            return
    yield from final_dot.problems(written, what, value.zone)


def _hint(written: str, rtype: str) -> str | None:
    """What a common non-name was probably meant to be, or None."""
    bare = written.rstrip(".")
    if "://" in written:
        host = urlsplit(written).hostname
        fix = f": use '{host}.'" if host else ""
        return f"is a URL, not a host name{fix}"
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        pass
    else:
        if rtype in ("CNAME", "ALIAS"):
            return (f"is an IP address, not a host name: a {rtype} points at a name; for an address use an "
                    f"{'AAAA' if ':' in bare else 'A'} record instead")
        return ("is an IP address, not a host name: give the address a name (e.g. 'host A "
                f"{bare}') and use that name")
    if _CLASSLESS.search(written):
        dashed = _CLASSLESS.sub(lambda m: f"{m.group(1)}-{m.group(2)}", written)
        return ("holds '/', as RFC 2317's classless reverse delegation names do ('0/25'): host-name labels "
                f"cannot hold it; name the delegated sub-zone with '-' instead ('{dashed}'), a convention "
                "RFC 2317 leaves open")
    if "/" in written:
        host = written.split("/", 1)[0]
        return f"holds a path, which is not part of a host name: use '{host.rstrip('.')}.'"
    if "@" in written and written != "@":
        return "looks like an e-mail address, not a host name"
    return None
