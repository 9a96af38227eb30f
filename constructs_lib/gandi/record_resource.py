"""``gandi_livedns_record`` as its own cdktf element, and references to record sets.

Literal record sets are rendered together into one raw override (see
``constructs_lib/resource_block.py``). A record set whose values hold tokens
cannot be: cdktf finds cross-stack references only in its elements (a raw
stack override is resolved too late to add the remote-state wiring, which
leaves a dangling ``${terraform_data.x.output}`` in the consumer). Such a set is
rendered by a :class:`TokenRecordBlock` (one cdktf element per zone for all
of them), with the same logical IDs and bodies as the raw form.
"""

from __future__ import annotations

from typing import Any

from constructs_lib.cdk import Construct, TerraformElement, TerraformResource
from constructs_lib.gandi.record import LivednsRecordConfig

RESOURCE_TYPE = "gandi_livedns_record"


class TokenRecordBlock(TerraformElement):
    """The zone's record sets whose values hold tokens, as one cdktf element.

    cdktf calls ``to_terraform`` twice per synth (preparing, then writing);
    the preparing pass is where it turns references to another stack into that
    stack's output plus a ``terraform_remote_state`` here. One element per zone
    keeps the cost to one jsii object however many sets hold tokens.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self._bodies: dict[str, dict[str, Any]] = {}

    def add(self, logical_id: str, config: LivednsRecordConfig) -> None:
        """Add the set ``logical_id`` (e.g. ``A_api``); its body is rendered now."""
        self._bodies[logical_id] = config.to_terraform()

    def to_terraform(self) -> Any:
        return {"resource": {RESOURCE_TYPE: self._bodies}} if self._bodies else {}


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
