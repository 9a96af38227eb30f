"""``gandi_livedns_record`` as its own cdktf element, and references to record sets.

Literal record sets are rendered together into one raw override (see
``constructs_lib/resource_block.py``). A record set whose values hold tokens
cannot be: cdktf finds cross-stack references only in its elements (a raw
stack override is resolved too late to add the remote-state wiring, which
leaves a dangling ``${terraform_data.x.output}`` in the consumer). Such a set is
a :class:`LivednsRecordResource`, one jsii element, with the same logical ID and
body as the raw form.
"""

from __future__ import annotations

from typing import Any

from constructs_lib.cdk import Construct, TerraformResource
from constructs_lib.gandi.record import LivednsRecordConfig

RESOURCE_TYPE = "gandi_livedns_record"


class LivednsRecordResource(TerraformResource):
    """One ``gandi_livedns_record`` element named ``logical_id`` (e.g. ``A_api``)."""

    def __init__(self, scope: Construct, id: str, *, config: LivednsRecordConfig, logical_id: str) -> None:
        super().__init__(scope, id, terraform_resource_type=RESOURCE_TYPE)
        self.override_logical_id(logical_id)
        self._body = config.to_terraform()
        depends_on = self._body.pop("depends_on", None)
        if depends_on:
            self.add_override("depends_on", depends_on)

    def _synthesize_attributes(self) -> dict[str, Any]:
        return dict(self._body)


class RecordAddress(TerraformResource):
    """A reference-only element for a record set rendered in the raw override.

    It writes nothing (``to_terraform`` is empty); it exists so that
    ``get_string_attribute`` yields real cdktf references, which cdktf turns
    into remote-state lookups when another stack uses them.
    """

    def __init__(self, scope: Construct, id: str, *, logical_id: str) -> None:
        super().__init__(scope, id, terraform_resource_type=RESOURCE_TYPE)
        self.override_logical_id(logical_id)

    def to_terraform(self) -> Any:
        return {}
