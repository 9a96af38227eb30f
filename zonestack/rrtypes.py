"""Record types Gandi LiveDNS accepts, and what the tool knows about each.

The list is Gandi's documented enum (docs/gandi-livedns.md §4). ``ALIAS`` is not a real
DNS type: Gandi flattens it at the apex, and its value is a host name, so it is
parsed like a CNAME target.
"""

from __future__ import annotations

GANDI_TYPES: frozenset[str] = frozenset(
    {
        "A", "AAAA", "ALIAS", "CAA", "CDS", "CNAME", "DNAME", "DS", "HTTPS", "KEY",
        "LOC", "MX", "NAPTR", "NS", "OPENPGPKEY", "PTR", "RP", "SOA", "SPF", "SRV",
        "SSHFP", "SVCB", "TLSA", "TXT", "WKS",
    }
)

#: Types whose values are character strings: written as plain text in record
#: files; quoting, escaping and 255-byte splitting are the tool's job.
TEXT_TYPES: frozenset[str] = frozenset({"TXT", "SPF"})

#: Types managed by Gandi itself at the apex (rejected there with a message).
APEX_MANAGED: frozenset[str] = frozenset({"NS", "SOA"})

#: Types whose rdata dnspython parses under another name.
PARSE_AS: dict[str, str] = {"ALIAS": "CNAME"}

#: What a value of each common type looks like, for error messages.
FORMAT_HINT: dict[str, str] = {
    "A": "an IPv4 address",
    "AAAA": "an IPv6 address",
    "ALIAS": "a host name",
    "CNAME": "a host name",
    "DNAME": "a host name",
    "NS": "a host name",
    "PTR": "a host name",
    "MX": "'preference host' (e.g. '10 mail.example.com.')",
    "SRV": "'priority weight port target' (e.g. '0 5 5060 sip.example.com.')",
    "CAA": "'flags tag \"value\"' (e.g. '0 issue \"letsencrypt.org\"')",
    "SSHFP": "'algorithm fp-type fingerprint'",
    "TLSA": "'usage selector matching-type data'",
    "DS": "'key-tag algorithm digest-type digest'",
}
