"""Typed bindings for the registrar's side of a domain: ``gandi_nameservers`` (resource) and
``gandi_livedns_domain_ns`` (data source), provider ``go-gandi/gandi`` v2.3.0.

``gandi_nameservers`` (``resource_nameservers.go``): ``domain`` (required) and ``nameservers``
(optional list of host names). Create and update ``PUT /v5/domain/domains/{domain}/nameservers``
and poll the GET until it returns the list **in the configured order**; delete puts the domain
back on LiveDNS (``POST …/livedns``). ``gandi_livedns_domain_ns`` (``data_livedns_domain_ns.go``):
``name`` (required); ``nameservers`` (computed) is what LiveDNS assigns the zone (``GET
/v5/livedns/domains/{name}/nameservers``; the provider turns an error into an empty list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from constructs_lib.terraform_strings import escape_literal

NAMESERVERS_RESOURCE_TYPE = "gandi_nameservers"
DOMAIN_NS_DATA_TYPE = "gandi_livedns_domain_ns"


def _domain(kind: str, value: object) -> None:
    if not isinstance(value, str) or "." not in value.strip(".") or value != value.strip():
        raise ValueError(f"{kind} must be a domain name, got {value!r}")


@dataclass(frozen=True)
class NameserversConfig:
    """Inputs of one ``gandi_nameservers``: the domain and its nameservers, in order.

    ``nameservers`` are host names or one Terraform expression (``${...}``) giving the list,
    e.g. :meth:`LivednsDomainNsConfig.reference`.
    """

    domain: str
    nameservers: tuple[str, ...] | str = field(default=())

    def __post_init__(self) -> None:
        _domain("gandi_nameservers.domain", self.domain)
        if isinstance(self.nameservers, str):
            if not (self.nameservers.startswith("${") and self.nameservers.endswith("}")):
                raise ValueError("gandi_nameservers.nameservers must be host names or one ${...} expression, "
                                 f"got {self.nameservers!r}")
            return
        for name in self.nameservers:
            _domain("each of gandi_nameservers.nameservers", name)

    def to_terraform(self) -> dict[str, Any]:
        body: dict[str, Any] = {"domain": escape_literal(self.domain)}
        if isinstance(self.nameservers, str):
            body["nameservers"] = self.nameservers
        elif self.nameservers:
            body["nameservers"] = [escape_literal(n) for n in self.nameservers]
        return body


@dataclass(frozen=True)
class LivednsDomainNsConfig:
    """Inputs of one ``gandi_livedns_domain_ns`` data source: the zone's name."""

    name: str

    def __post_init__(self) -> None:
        _domain("gandi_livedns_domain_ns.name", self.name)

    def to_terraform(self) -> dict[str, Any]:
        return {"name": escape_literal(self.name)}

    @staticmethod
    def reference(address: str) -> str:
        """The expression for the ``nameservers`` of the data source ``address``."""
        return f"${{data.{DOMAIN_NS_DATA_TYPE}.{address}.nameservers}}"
