"""Typed bindings for the real Terraform provider ``go-gandi/gandi`` v2.3.0."""

from constructs_lib.gandi.dnssec_key import DnssecKeyConfig
from constructs_lib.gandi.domain import LivednsDomainConfig
from constructs_lib.gandi.nameservers import LivednsDomainNsConfig, NameserversConfig
from constructs_lib.gandi.provider import GandiProvider
from constructs_lib.gandi.record import LivednsRecordConfig
from constructs_lib.gandi.schema import PROVIDER_CONSTRAINT, PROVIDER_SOURCE, PROVIDER_VERSION

__all__ = [
    "DnssecKeyConfig",
    "GandiProvider",
    "LivednsDomainConfig",
    "LivednsDomainNsConfig",
    "NameserversConfig",
    "LivednsRecordConfig",
    "PROVIDER_CONSTRAINT",
    "PROVIDER_SOURCE",
    "PROVIDER_VERSION",
]
