"""The subset of provider ``go-gandi/gandi`` v2.3.0's schema the bindings emit.

Written from the provider's source (``gandi/provider.go``,
``resource_livedns_record.go``, ``resource_livedns_domain.go`` at tag v2.3.0) and
checked against ``terraform providers schema -json`` of the built provider by
``tests/e2e/test_provider_schema.py``. Types use Terraform's schema-JSON type
names: "string", "number", "bool", ["set", "string"].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PROVIDER_SOURCE = "go-gandi/gandi"
PROVIDER_VERSION = "2.3.0"
#: Exactly the version the bindings are checked against (``cdktf diff`` refuses a provider without a
#: constraint). Exact, so a provider change is a change of the synthesised configuration, which the
#: deploy's "nothing can have changed" rule sees (``zonestack/fingerprint.py``).
PROVIDER_CONSTRAINT = "= 2.3.0"


@dataclass(frozen=True)
class Attribute:
    """One attribute as the provider declares it."""

    name: str
    type: Any
    required: bool = False
    sensitive: bool = False


PROVIDER_ATTRIBUTES = (
    Attribute("url", "string"),
    Attribute("sharing_id", "string"),
    Attribute("dry_run", "bool"),
    # Credentials exist in the schema but are never emitted: the provider reads
    # GANDI_PERSONAL_ACCESS_TOKEN (or GANDI_KEY) from the environment at deploy time.
    Attribute("personal_access_token", "string", sensitive=True),
    Attribute("key", "string", sensitive=True),
)

RECORD_ATTRIBUTES = (
    Attribute("zone", "string", required=True),
    Attribute("name", "string", required=True),
    Attribute("type", "string", required=True),
    Attribute("ttl", "number", required=True),
    Attribute("values", ["set", "string"], required=True),
    Attribute("mutable", "bool"),
)

DOMAIN_ATTRIBUTES = (
    Attribute("name", "string", required=True),
    Attribute("automatic_snapshots", "bool"),
    Attribute("ttl", "number"),
)

#: ``resource_nameservers.go``.
NAMESERVERS_ATTRIBUTES = (
    Attribute("domain", "string", required=True),
    Attribute("nameservers", ["list", "string"]),
)

#: ``data_livedns_domain_ns.go`` (``nameservers`` is computed: read, never emitted).
DOMAIN_NS_DATA_ATTRIBUTES = (
    Attribute("name", "string", required=True),
    Attribute("nameservers", ["list", "string"]),
)

#: ``resource_dnsseckey.go`` (all ForceNew).
DNSSEC_KEY_ATTRIBUTES = (
    Attribute("domain", "string", required=True),
    Attribute("algorithm", "number", required=True),
    Attribute("type", "string", required=True),
    Attribute("public_key", "string", required=True),
)

NEVER_EMITTED = frozenset({"personal_access_token", "key"})
