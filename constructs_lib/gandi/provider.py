"""Typed binding for the ``gandi`` provider block (``go-gandi/gandi``).

There is deliberately no token argument: whatever a construct holds lands in
``cdk.tf.json``. The provider reads ``GANDI_PERSONAL_ACCESS_TOKEN`` and
``GANDI_URL`` from the environment when Terraform runs.
"""

from __future__ import annotations

from typing import Any

from constructs_lib.cdk import Construct, TerraformProvider, TerraformProviderGeneratorMetadata
from constructs_lib.gandi.schema import PROVIDER_CONSTRAINT, PROVIDER_SOURCE


class GandiProvider(TerraformProvider):
    """``provider "gandi" {}``, pinned in ``required_providers``."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        sharing_id: str | None = None,
        dry_run: bool | None = None,
        alias: str | None = None,
    ) -> None:
        super().__init__(
            scope,
            id,
            terraform_resource_type="gandi",
            terraform_generator_metadata=TerraformProviderGeneratorMetadata(
                provider_name="gandi", provider_version_constraint=PROVIDER_CONSTRAINT
            ),
            terraform_provider_source=PROVIDER_SOURCE,
        )
        self._attributes: dict[str, Any] = {}
        if sharing_id is not None:
            self._attributes["sharing_id"] = sharing_id
        if dry_run is not None:
            self._attributes["dry_run"] = dry_run
        if alias is not None:
            self._attributes["alias"] = alias

    def _synthesize_attributes(self) -> dict[str, Any]:
        return dict(self._attributes)
