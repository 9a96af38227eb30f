"""TXT (and the obsolete SPF type): plain text, plus the policies that live in it.

Values are written as plain text; quoting, escaping and 255-octet splitting are
the tool's job (``rdata.text_to_wire``). A value pasted already quoted (from a
BIND file or a provider's UI) would be published with the quotes inside it,
which breaks SPF and DKIM: refused, with the unquoted text to write instead.

Mail policies are checked as warnings (a receiver, not Gandi, rejects them):
SPF (RFC 7208: ``v=spf1`` first, one SPF record per name, at most 10
DNS-querying terms), DMARC at ``_dmarc`` (RFC 7489 §6.4: ``v=DMARC1`` then
``p=``), DKIM at ``<selector>._domainkey`` (RFC 6376 §3.6.1: ``p=`` base64).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Iterator

import dns.exception
import dns.rdata

from zonestack.rdtypes.base import Problem, RecordSetView, Value
from zonestack.rule_registry import ERROR, WARNING, define

QUOTED = define("txt-quoted", ERROR, "a TXT/SPF value is plain text, not already quoted and holding no string "
                "joint `\" \"` left from a split value (the quotes would be published inside it)",
                "`TXT '\"v=spf1 -all\"'`")
SPF_SYNTAX = define("spf-syntax", WARNING, "an SPF policy starts with `v=spf1`, holds only known mechanisms and "
                    "modifiers, nothing after `all`, and there is one per name (RFC 7208 §3.2, §4.5, §5)",
                    "`TXT [\"v=spf1 mx -all\", \"v=spf1 a -all\"]`")
SPF_LOOKUPS = define("spf-lookups", WARNING, "an SPF policy has at most 10 DNS-querying terms (include, a, mx, ptr, "
                     "exists, redirect); more is a permerror at receivers (RFC 7208 §4.6.4)",
                     "`TXT v=spf1 include:a … include:k -all` (11 includes)")
SPF_TYPE = define("spf-type", WARNING, "the SPF record type (99) is obsolete: publish the policy as TXT "
                  "(RFC 7208 §3.1, §14.1)", "`type: SPF`")
DMARC = define("dmarc-syntax", WARNING, "a TXT at `_dmarc` starts `v=DMARC1;` then `p=` none, quarantine or reject, "
               "one per name (RFC 7489 §6.4, §6.6.3)", "`_dmarc TXT \"p=reject; v=DMARC1\"`")
DKIM = define("dkim-syntax", WARNING, "a TXT at `<selector>._domainkey` has `tag=value` pairs, `v=DKIM1` first if "
              "present, and a base64 `p=` (empty = revoked) (RFC 6376 §3.6.1)",
              "`s1._domainkey TXT \"v=DKIM1; k=rsa; p=not base64!\"`")

#: SPF mechanisms (RFC 7208 §5) and whether each costs a DNS lookup (§4.6.4).
MECHANISMS = {"all": False, "include": True, "a": True, "mx": True, "ptr": True, "ip4": False, "ip6": False,
              "exists": True}
_MODIFIER = re.compile(r"([a-z][a-z0-9_.-]*)=(.*)\Z", re.IGNORECASE)
_MECHANISM = re.compile(r"([+?~-]?)([a-z0-9]+)([:/].*)?\Z", re.IGNORECASE)
_SHOWN = 80
_JOINT = re.compile(r'"\s+"')
"""Two strings of a split zone-file TXT value (``"…" "…"``), as left inside a value whose outer quotes were dropped."""


def is_quoted(text: str) -> bool:
    """True for text that starts and ends with a double quote (``"v=spf1 -all"``)."""
    return len(text) >= 2 and text[0] == '"' and text[-1] == '"'


def is_spf(text: str) -> bool:
    """True for an SPF policy: ``v=spf1`` then a space or the end (RFC 7208 §4.5)."""
    return text[:6].lower() == "v=spf1" and (len(text) == 6 or text[6] == " ")


def check_value(value: Value) -> Iterator[Problem]:
    if is_quoted(value.raw):
        try:
            strings = dns.rdata.from_text("IN", "TXT", value.raw).strings  # type: ignore[attr-defined]
            plain = b"".join(strings).decode("ascii", errors="replace")
        except (dns.exception.DNSException, ValueError):
            plain = value.raw[1:-1]
        shown = plain if len(plain) <= _SHOWN else plain[:_SHOWN] + "…"
        yield Problem(QUOTED, f"{value.rtype} value is already quoted, so the quotes would be published inside it "
                              f"(breaking SPF/DKIM): write the plain text, e.g. '{shown}'; quoting and splitting "
                              "are done for you")
        return
    joint = _JOINT.search(value.raw)
    if joint is not None:
        yield Problem(QUOTED, f"{value.rtype} value holds a string joint ('{joint.group(0)}' at character "
                              f"{joint.start() + 1}), left from a zone file's value split in strings with its outer "
                              "quotes dropped: the quotes and the space would be published inside the text "
                              "(breaking SPF/DKIM): write the strings joined, without it; splitting is done for you")
        return
    if is_spf(value.raw):
        yield from _spf(value.raw)
    elif "v=spf1" in value.raw.lower():
        yield Problem(SPF_SYNTAX, f"{value.rtype} value mentions v=spf1 but does not start with 'v=spf1 ': "
                                  "receivers ignore it as an SPF policy (RFC 7208 §4.5)")


def _spf(text: str) -> Iterator[Problem]:
    lookups, after_all = 0, None
    for term in text.split()[1:]:
        if after_all:
            yield Problem(SPF_SYNTAX, f"SPF term {term!r} comes after {after_all!r} and is never evaluated")
            after_all = None  # one finding is enough
            break
        modifier = _MODIFIER.match(term)
        if modifier:
            lookups += modifier.group(1).lower() == "redirect"
            continue
        mechanism = _MECHANISM.match(term)
        name = mechanism.group(2).lower() if mechanism else ""
        if mechanism is None or name not in MECHANISMS:
            yield Problem(SPF_SYNTAX, f"SPF term {term!r} is not a known mechanism or modifier (RFC 7208 §5, §6)")
            continue
        lookups += MECHANISMS[name]
        argument = (mechanism.group(3) or "")[1:]
        if name in ("ip4", "ip6") and not _network_ok(argument, name):
            yield Problem(SPF_SYNTAX, f"SPF term {term!r}: {argument!r} is not an IP{name[-1]} address or network")
        if name == "all":
            after_all = term
    if lookups > 10:
        yield Problem(SPF_LOOKUPS, f"SPF policy needs {lookups} DNS lookups (include, a, mx, ptr, exists, redirect); "
                                   "receivers stop at 10 with a permerror (RFC 7208 §4.6.4): flatten some includes")


def _network_ok(argument: str, kind: str) -> bool:
    try:
        network = ipaddress.ip_network(argument, strict=False)
    except ValueError:
        return False
    return network.version == (4 if kind == "ip4" else 6)


def check_set(view: RecordSetView) -> Iterator[Problem]:
    if view.rtype == "SPF":
        yield Problem(SPF_TYPE, "type SPF (99) is obsolete and ignored by receivers: publish the policy as TXT "
                                "(RFC 7208 §3.1)")
    texts = [(i, v.raw) for i, v in enumerate(view.values) if not is_quoted(v.raw)]
    spf = [i for i, text in texts if is_spf(text)]
    if len(spf) > 1:
        yield Problem(SPF_SYNTAX, f"{len(spf)} SPF policies at {view.name!r}: receivers fail with a permerror "
                                  "(RFC 7208 §3.2); merge them into one", spf[1])
    labels = view.name.split(".")
    if view.rtype == "TXT" and labels[0] == "_dmarc":
        yield from _dmarc(texts)
    if view.rtype == "TXT" and "_domainkey" in labels[1:]:
        for index, text in texts:
            yield from (Problem(p.rule, p.message, index) for p in _dkim(text))


def _tags(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split(";"):
        if part.strip():
            key, _, val = part.partition("=")
            pairs.append((key.strip(), val.strip() if _ else None))
    return pairs  # type: ignore[return-value]


def _dmarc(texts: list[tuple[int, str]]) -> Iterator[Problem]:
    policies = [(i, t) for i, t in texts if t.strip().lower().startswith("v=dmarc1")]
    if len(policies) > 1:
        yield Problem(DMARC, "more than one DMARC policy at this name: receivers then apply none "
                             "(RFC 7489 §6.6.3); keep one", policies[1][0])
    for index, text in texts:
        tags = _tags(text)
        if not tags or tags[0] != ("v", "DMARC1"):
            yield Problem(DMARC, f"DMARC record {text[:_SHOWN]!r} must start with 'v=DMARC1;' (RFC 7489 §6.4)", index)
        elif len(tags) < 2 or tags[1][0].lower() != "p" or (tags[1][1] or "").lower() not in (
                "none", "quarantine", "reject"):
            yield Problem(DMARC, f"DMARC record {text[:_SHOWN]!r}: the tag after v=DMARC1 must be "
                                 "p=none, p=quarantine or p=reject (RFC 7489 §6.4)", index)


def _dkim(text: str) -> Iterator[Problem]:
    tags = _tags(text)
    if any(val is None for _, val in tags):
        yield Problem(DKIM, f"DKIM key record {text[:_SHOWN]!r} must be tag=value pairs separated by ';'")
        return
    keys = [key.lower() for key, _ in tags]
    if "v" in keys and (keys[0] != "v" or tags[0][1] != "DKIM1"):
        yield Problem(DKIM, "DKIM key record: v=DKIM1, when present, must be the first tag (RFC 6376 §3.6.1)")
    if "p" not in keys:
        yield Problem(DKIM, "DKIM key record has no p= (public key) tag; an empty p= revokes a key (RFC 6376 §3.6.1)")
        return
    key = "".join(dict(zip(keys, (v for _, v in tags), strict=True))["p"].split())
    try:
        base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        yield Problem(DKIM, "DKIM p= is not base64: paste the public key without line breaks, quotes or "
                            "'-----BEGIN' lines (RFC 6376 §3.6.1)")
