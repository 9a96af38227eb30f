"""One cdktf element that renders many typed resources.

A ``TerraformResource`` per record set costs about 1.2 ms through jsii (12 s for
10,000 record sets). This element holds typed Python configs and crosses the
jsii boundary once, when the stack is synthesised, which keeps a 10,000-set zone
within the benchmark budget (see README, "Design: one element per zone").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from constructs_lib.cdk import Construct, TerraformElement


class Renderable(Protocol):
    def to_terraform(self) -> dict[str, Any]: ...


class ResourceBlock(TerraformElement):
    """``resource.<type>.<id>`` blocks (and optional ``import`` blocks) for one type."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        resource_type: str,
        resources: Mapping[str, Renderable],
        imports: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id, "resource")
        self._resource_type = resource_type
        self._resources = dict(resources)
        self._imports = dict(imports or {})

    @property
    def addresses(self) -> list[str]:
        """``<type>.<id>`` of every resource, for ``depends_on`` and plans."""
        return [f"{self._resource_type}.{rid}" for rid in self._resources]

    def to_terraform(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "resource": {self._resource_type: {rid: res.to_terraform() for rid, res in self._resources.items()}}
        }
        if self._imports:
            out["import"] = [
                {"to": f"{self._resource_type}.{rid}", "id": import_id} for rid, import_id in self._imports.items()
            ]
        return out
