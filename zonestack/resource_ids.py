"""Terraform resource IDs for record sets: readable, stable, unique.

An ID depends only on ``(name, type)``, so reordering entries never renames a
resource (which Terraform would turn into destroy + create). The mapping is
injective for every valid relative name: names are lower-case LDH/underscore
labels (hyphens never touch a dot), so ``.`` → ``-`` and ``-`` → ``--`` can be
undone, and the apex and wildcard become upper-case words no name can contain.

    www A           → A_www           _dmarc TXT    → TXT__dmarc
    @ MX            → MX_APEX         *.preview CNAME → CNAME_STAR-preview
    ns1.lab A       → A_ns1-lab       my-host A     → A_my--host
"""

from __future__ import annotations

from zonestack.names import APEX, WILDCARD

RECORD_RESOURCE_TYPE = "gandi_livedns_record"
DOMAIN_RESOURCE_TYPE = "gandi_livedns_domain"
DOMAIN_RESOURCE_ID = "zone"


def record_id(name: str, rtype: str) -> str:
    """The Terraform resource name of the record set ``name``/``rtype``."""
    if name == APEX:
        slug = "APEX"
    else:
        labels = name.split(".")
        parts = ["STAR" if label == WILDCARD else label.replace("-", "--") for label in labels]
        slug = "-".join(parts)
    return f"{rtype.upper()}_{slug}"


def record_address(name: str, rtype: str) -> str:
    """``gandi_livedns_record.<id>``: the address used in plans and import blocks."""
    return f"{RECORD_RESOURCE_TYPE}.{record_id(name, rtype)}"


def provider_import_id(zone: str, name: str, rtype: str) -> str:
    """The provider's import ID for a record set: ``zone/name/TYPE``."""
    return f"{zone}/{name}/{rtype.upper()}"
