"""Which failed requests the pacing proxy may send again, and how it proves a lost write landed.

A failed answer is one of two kinds:

* **not applied**: 429 (rate limit) and 503 (unavailable) are given before the API
  does anything (LiveDNS spec §9; RFC 9110 §15.6.4), and a connection that could
  not be opened carried nothing: any request may be sent again;
* **answer lost**: 502 and 504 come from a gateway in front of the API, and a
  connection reset or timeout after the request was sent says nothing either:
  the API may have applied the request. Only an idempotent request may be sent
  again (LiveDNS semantics, RFC 9110 §9.2.2): ``GET``/``HEAD``, ``PUT`` (a record
  set, a name or the zone is replaced whole: the same ``PUT`` twice leaves the
  same zone), ``DELETE`` (gone is gone) and the ``PATCH`` of a zone's settings
  (``{"automatic_snapshots": bool}`` sets a value).

A ``POST`` that creates a record set is not idempotent: sent again after it
landed, the API answers ``409 This record already exists`` (go-gandi issue #126)
and Terraform fails a run whose zone is complete. After a lost answer the proxy
reads the set back (``GET …/records/{name}/{type}``): absent means the POST did
not land and is sent again; present with exactly the posted TTL and values means
it landed, and the provider gets the answer the API would have given (201
``{"message": "DNS Record Created"}``); anything else is passed on as the
failure it was. Any other non-idempotent write (``POST`` of a zone, a key, a
snapshot; ``PATCH`` of a record set) is never sent again after a lost answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import unquote, urlsplit

from zonestack.rdata import ValueProblem, canonical_value, wire_to_text
from zonestack.rrtypes import TEXT_TYPES

NOT_APPLIED = frozenset({429, 503})
"""Answers given before the API acted: safe to send any request again."""
ANSWER_LOST = frozenset({502, 504})
"""Gateway answers: the request may or may not have been applied."""
DEFAULT_TTL = 10800
"""The TTL Gandi stores when a write names none (LiveDNS spec §5.5)."""
CREATED = {"message": "DNS Record Created"}
"""The API's body for a created record set (LiveDNS spec §4.2)."""

_DOMAINS = r"^/v5/livedns/domains/(?P<zone>[^/]+)"
_ZONE_SETTINGS = re.compile(_DOMAINS + r"/?$")
_RECORDS = re.compile(_DOMAINS + r"/records(?:/(?P<name>[^/]+)(?:/(?P<type>[^/]+))?)?/?$")
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


class Verdict(Enum):
    """What to do after a failed answer."""

    RETRY = "retry"  # send the same request again
    READ_BACK = "read back"  # a record-set POST whose answer was lost: look before sending again
    PASS = "pass"  # give the failure to the provider


@dataclass(frozen=True)
class RecordPost:
    """A ``POST`` creating one record set, as the API will store it."""

    zone: str
    name: str
    type: str
    ttl: int
    values: tuple[str, ...]
    query: str  # the request's query (``sharing_id``), kept for the read-back

    @property
    def read_back_path(self) -> str:
        """``/v5/livedns/domains/{zone}/records/{name}/{type}`` plus the request's query."""
        path = f"/v5/livedns/domains/{self.zone}/records/{self.name}/{self.type}"
        return f"{path}?{self.query}" if self.query else path


def idempotent(method: str, path: str) -> bool:
    """Whether sending ``method path`` twice leaves the API as sending it once (module docstring)."""
    method = method.upper()
    if method in _IDEMPOTENT:
        return True
    return method == "PATCH" and _ZONE_SETTINGS.match(urlsplit(path).path) is not None


def record_post(method: str, path: str, body: bytes) -> RecordPost | None:
    """The record set a ``POST`` to ``/records``, ``/records/{name}`` or ``/records/{name}/{type}`` creates.

    None for any other request or a body that is not one record set (the API will refuse it anyway).
    """
    if method.upper() != "POST":
        return None
    parts = urlsplit(path)
    match = _RECORDS.match(parts.path)
    if match is None:
        return None
    try:
        data = json.loads(body or b"null")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    zone = unquote(match["zone"]).rstrip(".").lower()
    name = unquote(match["name"]) if match["name"] else data.get("rrset_name")
    rtype = unquote(match["type"]) if match["type"] else data.get("rrset_type")
    values, ttl = data.get("rrset_values"), data.get("rrset_ttl", DEFAULT_TTL)
    if not (isinstance(name, str) and name and isinstance(rtype, str) and rtype and isinstance(values, list)
            and all(isinstance(v, str) for v in values) and isinstance(ttl, int) and not isinstance(ttl, bool)):
        return None
    return RecordPost(zone, _relative(name, zone), rtype.upper(), ttl, tuple(values), parts.query)


def after_failure(method: str, path: str, body: bytes, status: int | None) -> Verdict:
    """What to do after answer ``status`` (None: the connection broke after the request was sent)."""
    if status in NOT_APPLIED:
        return Verdict.RETRY
    if status is not None and status not in ANSWER_LOST:
        return Verdict.PASS
    if idempotent(method, path):
        return Verdict.RETRY
    if record_post(method, path, body) is not None:
        return Verdict.READ_BACK
    return Verdict.PASS


def delete_landed(method: str, status: int | None) -> bool:
    """After an earlier try's answer was lost, whether this answer says that try's ``DELETE`` landed:
    a 404 to the DELETE sent again (gone is gone; the request is idempotent)."""
    return method.upper() == "DELETE" and status == 404


def landed_as_posted(posted: RecordPost, live: Mapping[str, Any]) -> bool:
    """Whether the read-back record set (the API's JSON object) holds exactly the posted TTL and values.

    Values are compared in the form Gandi stores (TXT as its text, host names
    absolute and lower-case: ``rdata.canonical_value``), as a multiset.
    """
    try:
        ttl = int(live.get("rrset_ttl", DEFAULT_TTL))
    except (TypeError, ValueError):
        return False
    stored = live.get("rrset_values")
    if ttl != posted.ttl or not isinstance(stored, list):
        return False
    return _normalised(posted.type, posted.values, posted.zone) == _normalised(posted.type, map(str, stored),
                                                                               posted.zone)


def _normalised(rtype: str, values: Iterable[str], zone: str) -> list[str]:
    out = []
    for value in values:
        if rtype in TEXT_TYPES:
            out.append(wire_to_text(value))
            continue
        try:
            out.append(canonical_value(rtype, value, zone))
        except ValueProblem:
            out.append(value)
    return sorted(out)


def _relative(name: str, zone: str) -> str:
    """``www.example.com.`` → ``www``; the apex (``@``, the zone's own name) → ``@``; relative names unchanged."""
    if not name.endswith("."):
        return name
    absolute = name.rstrip(".").lower()
    if absolute == zone:
        return "@"
    suffix = "." + zone
    return name[: len(absolute) - len(suffix)] if absolute.endswith(suffix) else name
