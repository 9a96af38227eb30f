"""The record sets Gandi puts in the LiveDNS zone of a newly registered (or attached) domain.

Source: the "Default Gandi zone file" as octoDNS's Gandi provider fixture
``gandi-records-1.json`` records it (the same content its tests and Gandi's
documentation of the default zone show). Whether ``POST /domains`` seeds it is not
documented; registering a domain does. All have TTL 10800.

Mail defaults send mail clients to Gandi's mailboxes: ``@ MX`` and ``@ TXT`` (SPF)
by name, ``webmail CNAME`` and the RFC 6186 SRV sets (``_imaps._tcp`` … →
``mail.gandi.net.``) that mail clients follow to configure themselves. A zone
whose own ``@ MX`` points elsewhere (Google, Microsoft, Fastmail, …) contradicts
them: they must go, or be declared, when the zone is migrated.
"""

from __future__ import annotations

from zonestack.names import APEX

DEFAULTS: dict[tuple[str, str], frozenset[str]] = {
    (APEX, "A"): frozenset({"217.70.184.38"}),
    (APEX, "MX"): frozenset({"10 spool.mail.gandi.net.", "50 fb.mail.gandi.net."}),
    (APEX, "TXT"): frozenset({'"v=spf1 include:_mailcust.gandi.net ?all"'}),
    ("webmail", "CNAME"): frozenset({"webmail.gandi.net."}),
    ("www", "CNAME"): frozenset({"webredir.vip.gandi.net."}),
    ("_imap._tcp", "SRV"): frozenset({"0 0 0 ."}),
    ("_imaps._tcp", "SRV"): frozenset({"0 1 993 mail.gandi.net."}),
    ("_pop3._tcp", "SRV"): frozenset({"0 0 0 ."}),
    ("_pop3s._tcp", "SRV"): frozenset({"10 1 995 mail.gandi.net."}),
    ("_submission._tcp", "SRV"): frozenset({"0 1 465 mail.gandi.net."}),
}
"""(name, type) → values, canonical as Gandi returns them."""

MAIL = frozenset({(APEX, "MX"), (APEX, "TXT"), ("webmail", "CNAME"), ("_imap._tcp", "SRV"),
                  ("_imaps._tcp", "SRV"), ("_pop3._tcp", "SRV"), ("_pop3s._tcp", "SRV"),
                  ("_submission._tcp", "SRV")})
"""The defaults that are about mail at Gandi."""

GANDI_MAIL_HOSTS = ("gandi.net.",)
DEFAULT_TTL = 10800


def is_default(name: str, rtype: str, values: frozenset[str] | set[str] | tuple[str, ...],
               ttl: int | None = None) -> bool:
    """True when (name, type) holds exactly Gandi's default values (and, when ``ttl`` is given,
    its default TTL): nobody changed it since Gandi seeded it."""
    expected = DEFAULTS.get((name, rtype))
    return expected is not None and frozenset(values) == expected and ttl in (None, DEFAULT_TTL)


def mail_elsewhere(mx_values: tuple[str, ...] | frozenset[str]) -> bool:
    """True when an ``@ MX`` set names exchangers and none of them is Gandi's (RFC 7505 null MX included)."""
    hosts = [v.split()[-1].lower() for v in mx_values if v.split()]
    return bool(hosts) and not any(h.endswith(GANDI_MAIL_HOSTS) for h in hosts)


def contradiction(name: str, rtype: str, values: tuple[str, ...], declared_mx: tuple[str, ...] | None) -> str:
    """Why a live, undeclared set contradicts the declaration ("" when it does not).

    A mail default of Gandi's, unchanged, in a zone whose declared ``@ MX`` points
    elsewhere: mail clients following RFC 6186 SRV sets (or people following
    ``webmail``) are sent to Gandi's mailboxes, which this zone does not use.
    """
    if (name, rtype) not in MAIL or not is_default(name, rtype, tuple(values)):
        return ""
    if declared_mx is None or not mail_elsewhere(declared_mx):
        return ""
    return ("Gandi's default, pointing mail clients to Gandi while the declared @ MX does not: declare "
            "it, add it to ignore:, or set `mode: authoritative` so the next deploy deletes it")
