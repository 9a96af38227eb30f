"""CAA (RFC 8659): flags 0 or 128, a registered property tag, a usable value.

Tags from IANA's "Certification Authority Restriction Properties" registry:
``issue``, ``issuewild``, ``iodef`` (RFC 8659), ``contactemail`` and
``contactphone`` (CA/Browser Forum), ``issuemail`` (RFC 9495), ``issuevmc``;
``auth``, ``path`` and ``policy`` are reserved. Only flag bit 0 (128, "issuer
critical") is defined; the others are reserved (RFC 8659 §4.1). An ``iodef``
value is a ``mailto:``, ``http:`` or ``https:`` URL (§4.4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import dns.rdtypes.ANY.CAA

from zonestack.rdtypes.base import Problem, Value
from zonestack.rule_registry import ERROR, define

TAG = define("caa-tag", ERROR, "a CAA tag from the IANA registry (issue, issuewild, iodef, issuemail, issuevmc, "
             "contactemail, contactphone)", "`CAA 0 isue \"letsencrypt.org\"`")
FLAGS = define("caa-flags", ERROR, "CAA flags are 0 or 128 (RFC 8659 §4.1)", "`CAA 1 issue \"letsencrypt.org\"`")
VALUE = define("caa-value", ERROR, "an `issue`/`issuewild`/`issuemail` value is an issuer domain (or empty) with "
               "optional `; key=value` parameters; an `iodef` value is a mailto:/http(s): URL (RFC 8659 §4.2-4.4)",
               "`CAA 0 issue \"https://letsencrypt.org\"`")

TAGS = ("issue", "issuewild", "iodef", "issuemail", "issuevmc", "contactemail", "contactphone")
RESERVED = ("auth", "path", "policy")
ISSUER_TAGS = ("issue", "issuewild", "issuemail", "issuevmc")
_ISSUER = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\Z", re.IGNORECASE)


def check_value(value: Value) -> Iterator[Problem]:
    rdata = value.rdata
    if not isinstance(rdata, dns.rdtypes.ANY.CAA.CAA):  # None: the value did not parse
        return
    if rdata.flags not in (0, 128):
        yield Problem(FLAGS, f"CAA flags {rdata.flags}: only 0 and 128 (issuer critical) are defined (RFC 8659 §4.1)")
    tag = rdata.tag.decode("ascii", errors="replace").lower()
    text = rdata.value.decode("utf-8", errors="replace").strip()
    if tag in RESERVED:
        yield Problem(TAG, f"CAA tag {tag!r} is reserved and must not be used (RFC 8659 §4)")
    elif tag not in TAGS:
        yield Problem(TAG, f"CAA tag {tag!r} is not a registered property: use one of {', '.join(TAGS)}")
    elif tag in ISSUER_TAGS:
        issuer = text.split(";", 1)[0].strip()
        if issuer and not _ISSUER.match(issuer):
            yield Problem(VALUE, f"CAA {tag} value {text!r}: the issuer must be a bare domain such as "
                                 "'letsencrypt.org' (then '; key=value' parameters)")
    elif tag == "iodef" and not text.lower().startswith(("mailto:", "http://", "https://")):
        yield Problem(VALUE, f"CAA iodef value {text!r} must be a mailto:, http: or https: URL (RFC 8659 §4.4)")
