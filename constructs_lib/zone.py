"""``GandiZone``: one validated zone as Gandi LiveDNS resources.

Knows cdktf and the provider schema; knows nothing of YAML. Its input is the
core's ``Zone`` model, already validated, so construction never fails on user
data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from constructs_lib import clear_defaults, prune
from constructs_lib.cdk import Construct
from constructs_lib.gandi import LivednsDomainConfig, LivednsRecordConfig
from constructs_lib.resource_block import ResourceBlock
from zonestack.model import Zone
from zonestack.resource_ids import DOMAIN_RESOURCE_ID, DOMAIN_RESOURCE_TYPE, RECORD_RESOURCE_TYPE, record_id


@dataclass(frozen=True)
class GandiZoneProps:
    """Inputs of a ``GandiZone``.

    ``record_imports`` maps resource IDs to provider import IDs
    (``zone/name/TYPE``) for record sets that already exist at Gandi, and
    ``import_domain`` adopts an existing zone: both become Terraform ``import``
    blocks, so adopting a live zone creates nothing.
    """

    zone: Zone
    manage_domain: bool = True
    automatic_snapshots: bool | None = None
    import_domain: bool = False
    record_imports: dict[str, str] = field(default_factory=dict)
    #: ``None``: the ``clear_defaults`` step runs when the stack creates the domain
    #: (no ``import_domain``); the pre-plan reconcile sets it from what it saw.
    clear_defaults: bool | None = None
    #: ``terraform_data.prune`` (see :mod:`constructs_lib.prune`); declared sets at
    #: ``prune_names`` are created after it (delete before create).
    prune: prune.PruneConfig | None = None
    prune_names: frozenset[str] = frozenset()


class GandiZone(Construct):
    """The ``gandi_livedns_domain`` of a zone and one ``gandi_livedns_record`` per record set.

    When the stack creates the domain (not when it adopts one through an import
    plan), a ``terraform_data.clear_defaults`` runs between the domain and the
    records (see :mod:`constructs_lib.clear_defaults`). A ``terraform_data.prune``
    deletes the live sets the reconcile listed, before the declared sets at those
    names are created (see :mod:`constructs_lib.prune`).
    """

    def __init__(self, scope: Construct, id: str, props: GandiZoneProps) -> None:
        super().__init__(scope, id)
        zone = props.zone
        depends: tuple[str, ...] = ()
        if props.manage_domain:
            domain = ResourceBlock(
                self,
                "domain",
                resource_type=DOMAIN_RESOURCE_TYPE,
                resources={
                    DOMAIN_RESOURCE_ID: LivednsDomainConfig(
                        name=zone.name, automatic_snapshots=props.automatic_snapshots
                    )
                },
                imports={DOMAIN_RESOURCE_ID: zone.name} if props.import_domain else None,
            )
            depends = tuple(domain.addresses)
        # Both are built-in ``terraform_data`` resources: one block renders them (one per type and stack).
        steps: dict[str, clear_defaults.ClearDefaultsConfig | prune.PruneConfig] = {}
        if props.manage_domain and (
            props.clear_defaults if props.clear_defaults is not None else not props.import_domain
        ):
            # A zone this stack creates may come with Gandi's default records.
            steps[clear_defaults.RESOURCE_ID] = clear_defaults.ClearDefaultsConfig(zone.name, depends[0])
        if props.prune is not None:
            steps[prune.RESOURCE_ID] = replace(props.prune, depends_on=depends)
        if steps:
            ResourceBlock(self, "clear-defaults", resource_type=clear_defaults.RESOURCE_TYPE, resources=steps)
        if clear_defaults.RESOURCE_ID in steps:
            depends = (*depends, clear_defaults.ADDRESS)
        after_prune = (*depends, prune.ADDRESS) if props.prune is not None else depends
        self.records = {
            record_id(r.name, r.type): LivednsRecordConfig(
                zone=zone.name, name=r.name, type=r.type, ttl=r.ttl, values=r.values,
                depends_on=after_prune if r.name in props.prune_names else depends,
            )
            for r in zone.records
        }
        ResourceBlock(
            self,
            "records",
            resource_type=RECORD_RESOURCE_TYPE,
            resources=self.records,
            imports=props.record_imports,
        )
