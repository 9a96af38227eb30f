"""Every validation rule by name, with its severity, what it checks and an example.

A rule is defined once, beside the code that applies it (``RULE = define(...)``);
findings carry its name, so every message ends in ``[rule]``. The README's rule
table lists exactly these (a test keeps the two in step). Severity follows the
source: an RFC MUST, a Gandi refusal or a record that cannot work is an error;
an RFC SHOULD or best practice is a warning (``validate --strict`` fails on it).
"""

from __future__ import annotations

from dataclasses import dataclass

from zonestack.findings import ERROR, WARNING, Finding

__all__ = ["ERROR", "WARNING", "REGISTRY", "Rule", "define"]


@dataclass(frozen=True)
class Rule:
    """A named check: ``id`` as printed, ``severity``, one line of what it checks, one bad example."""

    id: str
    severity: str
    checks: str
    example: str

    def at(self, path: str, line: int, message: str) -> Finding:
        """A finding of this rule at ``path:line``."""
        return Finding(path, line, message, self.id, self.severity)


#: Every rule, by id, in definition order.
REGISTRY: dict[str, Rule] = {}


def define(rule_id: str, severity: str, checks: str, example: str) -> Rule:
    """Register a rule; ids are unique, severity is ERROR or WARNING."""
    if rule_id in REGISTRY or severity not in (ERROR, WARNING):
        raise ValueError(f"rule {rule_id!r} defined twice or with severity {severity!r}")
    REGISTRY[rule_id] = rule = Rule(rule_id, severity, checks, example)
    return rule


# Rules applied while a file is read (loader, names, rdata), before the model exists.
FILE = define("file", ERROR, "the record file can be read", "a path that does not exist")
YAML = define("yaml", ERROR, "UTF-8, one YAML document, no invisible line breaks, text keys",
              "`values: [a, b` (unclosed bracket)")
SCHEMA = define("schema", ERROR, "only the documented keys, right types (`name: on` is a boolean: quote it; "
                "`mode` is additive or authoritative; `automatic_snapshots` is true or false; "
                "`delegation.registrar` is gandi), no duplicate keys, `values` non-empty", "`recrods:` (unknown key)")
ZONE = define("zone", ERROR, "a valid domain equal to the file name (which is lower case); declared in one file "
              "only; not the name of another zone's delegation stack (`delegation-<zone>`)",
              "`zone: example.org` in `records/example.com.yaml`")
NAMES = define("names", ERROR, "LDH/underscore labels of 1..63 octets, 253 in all; lower-cased; IDN → punycode; "
               "`*` only as the whole leftmost label; absolute names inside the zone", "`name: www.*`")
TYPES = define("types", ERROR, "a type Gandi LiveDNS accepts (A, AAAA, ALIAS, CAA, CDS, CNAME, DNAME, DS, HTTPS, "
               "KEY, LOC, MX, NAPTR, NS, OPENPGPKEY, PTR, RP, SPF, SRV, SSHFP, SVCB, TLSA, TXT, WKS)", "`type: URL`")
VALUES = define("values", ERROR, "each value parses (dnspython) as its type's presentation format; TXT printable "
                "ASCII, ≤ 16384 characters once quoted; every bad value reported, with its type's name",
                "`A 300.1.2.3`")
NAME_ZONE_REPEATED = define("name-zone-repeated", ERROR, "a relative name does not end in the zone's own name "
                            "(it would be published as `www.example.com.example.com.`), as DNSControl refuses",
                            "`name: www.example.com` in zone example.com")


# Rules of the importers' own input (``import bind``): the zone file and a --rules file.
ZONE_FILE = define("zone-file", ERROR, "a zone file to import (`import bind`) is master-file text (RFC 1035 §5) "
                   "dnspython reads: a regular UTF-8 file, every record with a TTL (or a `$TTL` before it), class IN, "
                   "owners inside `--zone`, known directives, `$INCLUDE` inside the allowed folders; bounded: 16 MiB, "
                   "50,000 records, `$INCLUDE` 4 deep", "`www A 192.0.2.1` with no TTL and no `$TTL` before it")
IMPORT_RULES = define("import-rules", ERROR, "an `import bind --rules` file is readable YAML with the documented "
                      "keys, and each `to:` builds a valid name", "`action: rename` without `to:`")

def rule_table() -> str:
    """The README's rule table (Markdown, by rule name): every rule, its severity, what it checks, one bad example."""
    rows = ["| rule | severity | checks | example refused or warned |", "|---|---|---|---|"]
    rows += [f"| `{r.id}` | {r.severity} | {r.checks} | {r.example} |" for _, r in sorted(REGISTRY.items())]
    return "\n".join(rows) + "\n"
