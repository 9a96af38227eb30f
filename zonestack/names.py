"""Record names: relative to the zone, lower-case, punycode, ``@`` for the apex.

Names are normalised once, on load, so every later layer (rules, resource IDs,
the API client) compares plain ASCII strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

import dns.exception
import dns.name

APEX = "@"
WILDCARD = "*"

_LABEL_OK = re.compile(r"^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$")
# A relative name of plain LDH/underscore labels (optionally a leading '*'): the
# common case, checked without building dnspython objects.
_PLAIN_NAME = re.compile(r"^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$")


class NameProblem(ValueError):
    """A record name that cannot be published; the message says why, ``rule`` names the rule."""

    def __init__(self, message: str, rule: str = "names") -> None:
        super().__init__(message)
        self.rule = rule


#: Rule id of a relative name that ends in the zone's own name (see ``normalise_name``).
ZONE_REPEATED = "name-zone-repeated"


@lru_cache(maxsize=1024)
def zone_suffix(zone: str) -> str:
    """The zone in ASCII without the final dot (``example.test``), for suffix tests."""
    return zone_origin(zone).to_text(omit_final_dot=True)


@lru_cache(maxsize=1024)
def zone_origin(zone: str) -> dns.name.Name:
    """The zone as an absolute dnspython name (IDN zones converted to punycode)."""
    return dns.name.from_unicode(zone.rstrip(".").lower() + ".", idna_codec=dns.name.IDNA_2008_Practical)


def zone_spellings(zone: str) -> tuple[str, ...]:
    """Every spelling of a zone's name a user may type or name a record file by, typed form first.

    Lower case without the final dot, then the ASCII (punycode, ``xn--bcher-kva.example``)
    and Unicode (``bücher.example``) forms of an IDN (IDNA 2008, as the loader reads
    names), without repeats. A name that is not a domain gives only its typed form.
    """
    typed = zone.strip().rstrip(".").lower()
    try:
        origin = zone_origin(typed)
        forms = (typed, origin.to_text(omit_final_dot=True), origin.to_unicode(omit_final_dot=True,
                 idna_codec=dns.name.IDNA_2008_Practical).lower())
    except Exception:  # dnspython raises many types for names that are not domains  # noqa: BLE001
        return (typed,)
    return tuple(dict.fromkeys(forms))


def ascii_zone(zone: str) -> str:
    """The zone's name as Gandi's API, Terraform state and stacks spell it: ASCII (punycode), lower case,
    no final dot; a name that is not a domain is returned as typed (lower case), for the caller to refuse."""
    typed = zone.strip().rstrip(".").lower()
    try:
        return zone_origin(typed).to_text(omit_final_dot=True)
    except Exception:  # dnspython raises many types for names that are not domains  # noqa: BLE001
        return typed


def normalise_name(raw: str, zone: str) -> str:
    """Return the canonical relative name of ``raw`` inside ``zone``.

    Accepts ``@`` (or an empty string) for the apex, relative names, and absolute
    names ending in ``.`` that lie inside the zone. Unicode labels become
    punycode; ``*`` is allowed only as the whole leftmost label. A relative name
    that ends in the zone's own name (``www.example.test`` in ``example.test``)
    would publish ``www.example.test.example.test.``: refused (rule
    ``name-zone-repeated``, as DNSControl does), with the fix in the message.
    """
    origin = zone_origin(zone)
    text = raw.strip()
    if text == APEX:
        return APEX
    if not text:
        raise NameProblem("name is empty: write '@' for the apex")
    lowered = text.lower()
    suffix = zone_suffix(zone)
    if lowered == suffix or lowered.endswith("." + suffix):
        inside = lowered[: -len(suffix)].rstrip(".") or APEX
        raise NameProblem(
            f"name {raw!r} ends in the zone's name, so it means {lowered}.{suffix}. (names are relative): "
            f"write {inside!r} (or {lowered + '.'!r} with the final dot)", ZONE_REPEATED,
        )
    if _PLAIN_NAME.match(lowered) and len(lowered) + len(suffix) + 2 <= 254:
        return lowered
    if any(c.isspace() for c in text):
        raise NameProblem(f"name {raw!r} contains white space")
    try:
        if text.endswith("."):
            name = dns.name.from_unicode(text, idna_codec=dns.name.IDNA_2008_Practical)
            if not name.is_subdomain(origin):
                raise NameProblem(f"absolute name {raw!r} is not inside zone {origin.to_text()}")
        else:
            name = dns.name.from_unicode(text, origin=origin, idna_codec=dns.name.IDNA_2008_Practical)
    except dns.name.LabelTooLong:
        raise NameProblem(f"name {raw!r} has a label longer than 63 octets") from None
    except dns.name.NameTooLong:
        raise NameProblem(f"name {raw!r} is longer than 253 octets with the zone") from None
    except dns.name.EmptyLabel:
        raise NameProblem(f"name {raw!r} has an empty label ('..')") from None
    except NameProblem:
        raise
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        raise NameProblem(f"name {raw!r} is not a valid DNS name ({exc})") from None
    relative = name.relativize(origin)
    if relative == dns.name.empty:
        return APEX
    labels = [label.decode("ascii").lower() for label in relative.labels]
    for index, label in enumerate(labels):
        if label == WILDCARD:
            if index != 0:
                raise NameProblem(f"name {raw!r}: '*' is allowed only as the leftmost label")
            continue
        if "*" in label:
            raise NameProblem(f"name {raw!r}: '*' must be a whole label, not part of {label!r}")
        if not _LABEL_OK.match(label):
            raise NameProblem(
                f"name {raw!r}: label {label!r} may hold only letters, digits, '-' and '_', "
                "and may not start or end with '-'"
            )
    return ".".join(labels)


def absolute(name: str, zone: str) -> str:
    """The fully qualified form of a relative name, with the final dot."""
    origin = zone_suffix(zone) + "."
    return origin if name == APEX else f"{name}.{origin}"


def relative_name(absolute_name: str, zone: str) -> str | None:
    """The relative form of an absolute name (``mail.example.com.`` → ``mail``) if it lies in ``zone``, else None."""
    suffix = zone_suffix(zone)
    text = absolute_name.lower().rstrip(".")
    if text == suffix:
        return APEX
    if text.endswith("." + suffix):
        return text[: -len(suffix) - 1]
    return None
