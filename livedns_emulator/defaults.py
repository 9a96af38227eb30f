"""Gandi's default zone content (§11), used when seeding a new zone.

This is the "Default Gandi zone file" a freshly attached registered domain gets;
whether ``POST /domains`` applies it is unknown, hence the seed knob.
"""

from __future__ import annotations

from livedns_emulator.model import RRset

DEFAULT_RECORDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("@", "A", ("217.70.184.38",)),
    ("@", "MX", ("10 spool.mail.gandi.net.", "50 fb.mail.gandi.net.")),
    ("@", "TXT", ('"v=spf1 include:_mailcust.gandi.net ?all"',)),
    ("webmail", "CNAME", ("webmail.gandi.net.",)),
    ("www", "CNAME", ("webredir.vip.gandi.net.",)),
    ("_imap._tcp", "SRV", ("0 0 0 .",)),
    ("_imaps._tcp", "SRV", ("0 1 993 mail.gandi.net.",)),
    ("_pop3._tcp", "SRV", ("0 0 0 .",)),
    ("_pop3s._tcp", "SRV", ("10 1 995 mail.gandi.net.",)),
    ("_submission._tcp", "SRV", ("0 1 465 mail.gandi.net.",)),
)


def default_rrsets() -> list[RRset]:
    """Fresh copies of the default rrsets, all with TTL 10800."""
    return [RRset(name, rtype, 10800, list(vals)) for name, rtype, vals in DEFAULT_RECORDS]
