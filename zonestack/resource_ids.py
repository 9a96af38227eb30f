"""Terraform resource IDs for record sets: readable, stable, unique.

An ID depends only on ``(name, type)``, so reordering entries never renames a
resource (which Terraform would turn into destroy + create). The mapping is
injective for every valid relative name: names are lower-case LDH/underscore
labels (hyphens never touch a dot), so ``.`` → ``-`` and ``-`` → ``--`` can be
undone, and the apex and wildcard become upper-case words no name can contain.

    www A           → A_www           _dmarc TXT    → TXT__dmarc
    @ MX            → MX_APEX         *.preview CNAME → CNAME_STAR-preview
    ns1.lab A       → A_ns1-lab       my-host A     → A_my--host

Zone-qualified IDs (``zone=`` given; for several zones in one stack, where
``@ MX`` of two zones would otherwise share a name) append ``_IN_`` and the
zone's labels the same way: ``MX_APEX_IN_example-org``. ``_IN_`` cannot occur in
an unqualified ID (after ``TYPE_`` come lower-case labels or the words APEX and
STAR), so qualified and unqualified IDs never collide. The one-zone stacks
zonestack synthesises use unqualified IDs.
"""

from __future__ import annotations

from zonestack.names import APEX, WILDCARD

RECORD_RESOURCE_TYPE = "gandi_livedns_record"
DOMAIN_RESOURCE_TYPE = "gandi_livedns_domain"
DOMAIN_RESOURCE_ID = "zone"


def _slug(labels: list[str]) -> str:
    return "-".join("STAR" if label == WILDCARD else label.replace("-", "--") for label in labels)


def _in_zone(zone: str | None) -> str:
    """The qualifying suffix: ``_IN_`` and the zone's labels, or nothing."""
    return f"_IN_{_slug(zone.lower().rstrip('.').split('.'))}" if zone else ""


def record_id(name: str, rtype: str, zone: str | None = None) -> str:
    """The Terraform resource name of the record set ``name``/``rtype``
    (``name`` relative, ``@`` for the apex), qualified with ``zone`` when given."""
    slug = "APEX" if name == APEX else _slug(name.split("."))
    return f"{rtype.upper()}_{slug}{_in_zone(zone)}"


def domain_id(zone: str | None = None) -> str:
    """The Terraform resource name of the zone object: ``zone``, or ``zone_IN_<zone>`` qualified."""
    return DOMAIN_RESOURCE_ID + _in_zone(zone)


def record_address(name: str, rtype: str) -> str:
    """``gandi_livedns_record.<id>``: the address used in plans and import blocks."""
    return f"{RECORD_RESOURCE_TYPE}.{record_id(name, rtype)}"


def provider_import_id(zone: str, name: str, rtype: str) -> str:
    """The provider's import ID for a record set: ``zone/name/TYPE``."""
    return f"{zone}/{name}/{rtype.upper()}"
