"""``DelegationStack``: a domain's nameservers at the registrar, one stack per domain.

Opt-in from the record file (``delegation: {registrar: gandi}``). The stack reads the
nameservers LiveDNS assigns the zone (data source ``gandi_livedns_domain_ns``) and sets them as
the domain's nameservers at Gandi's registrar (``gandi_nameservers``), so the flip is a plan
with state that ``zonestack cutover`` reviews, gates and applies. Its state is its own
(``.state/delegation-<zone>/``): planning or applying it never touches the zone's records.
Destroying it puts the domain back on LiveDNS (the provider's delete), never on the old provider.

With ``dnssec: true`` it also holds one ``gandi_dnssec_key`` per key of ``imports/<zone>.dnssec.json``
(``zonestack/registry_keys.py``): the DS the registry publishes for LiveDNS's signing key. Each key
depends on the nameservers, so a plain ``cdktf deploy`` flips before it publishes a DS; the safe
wait in between (the old nameservers' NS TTL) is ``zonestack dnssec``'s job, and ``zonestack
cutover`` refuses a plan that would publish a DS in the same apply as the flip.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from constructs_lib.cdk import Construct, TerraformStack
from constructs_lib.gandi import DnssecKeyConfig, GandiProvider, LivednsDomainNsConfig, NameserversConfig
from constructs_lib.gandi.dnssec_key import DNSSEC_KEY_RESOURCE_TYPE
from constructs_lib.gandi.nameservers import DOMAIN_NS_DATA_TYPE, NAMESERVERS_RESOURCE_TYPE
from constructs_lib.resource_block import ResourceBlock
from stacks.backend import add_backend
from zonestack.delegation import DATA_ID, RESOURCE_ID, delegation_stack_name
from zonestack.registry_keys import RegistryKey


class DelegationStack(TerraformStack):
    """The stack ``delegation-<zone>`` (``cdktf.out/stacks/delegation-<zone>/``); ``keys``: the DS keys
    to publish at the registry (none unless the zone opts in with ``dnssec: true``)."""

    def __init__(self, scope: Construct, zone: str, env: Mapping[str, str] | None = None,
                 outdir: str = "cdktf.out", root: str | os.PathLike[str] = ".",
                 keys: Sequence[RegistryKey] = ()) -> None:
        name = delegation_stack_name(zone)
        super().__init__(scope, name)
        GandiProvider(self, "gandi")
        add_backend(self, name, env, outdir, root)
        self.add_override(f"data.{DOMAIN_NS_DATA_TYPE}.{DATA_ID}", LivednsDomainNsConfig(zone).to_terraform())
        ResourceBlock(self, "nameservers", resource_type=NAMESERVERS_RESOURCE_TYPE, owner=zone,
                      resources={RESOURCE_ID: NameserversConfig(zone, LivednsDomainNsConfig.reference(DATA_ID))})
        # The data source turns any API error into an empty list (data_livedns_domain_ns.go): never
        # let that become a PUT of no nameservers, which would take the domain off the air.
        names = f"data.{DOMAIN_NS_DATA_TYPE}.{DATA_ID}.nameservers"
        self.add_override(
            f"resource.{NAMESERVERS_RESOURCE_TYPE}.{RESOURCE_ID}.lifecycle",
            {"precondition": [{"condition": f"${{length({names}) > 0}}",
                               "error_message": f"LiveDNS gave no nameservers for {zone} (is the zone at LiveDNS, "
                                                "is the token allowed to read it?): nothing is changed"}]})
        if keys:
            ResourceBlock(self, "dnssec_keys", resource_type=DNSSEC_KEY_RESOURCE_TYPE, owner=zone,
                          resources={k.resource_id(): DnssecKeyConfig(zone, k.algorithm, k.type, k.public_key)
                                     for k in keys})
            for key in keys:
                self.add_override(f"resource.{DNSSEC_KEY_RESOURCE_TYPE}.{key.resource_id()}.depends_on",
                                  [f"{NAMESERVERS_RESOURCE_TYPE}.{RESOURCE_ID}"])
