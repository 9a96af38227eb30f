"""One cdktf element that renders many typed resources.

A ``TerraformResource`` per record set costs about 1.2 ms through jsii (12 s for
10,000 record sets), and an element overriding ``to_terraform`` is called back
twice per synth, shipping the whole zone across jsii each time. This element
instead renders its typed Python configs once, at construction, into a raw
override on its stack: one jsii call per zone, after which synthesis runs in
Node alone (see README, "Design: one element per zone").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from constructs_lib.cdk import Construct, TerraformStack, before_synth
from constructs_lib.terraform_strings import escape_literal


class Renderable(Protocol):
    def to_terraform(self) -> dict[str, Any]: ...


_STATE_ATTR = "_zonestack_resource_blocks"


class _StackEmission:
    """What a stack's blocks have emitted so far (kept on the stack object itself)."""

    def __init__(self) -> None:
        self.types: set[str] = set()
        self.imports: list[dict[str, str]] = []


def _emission(stack: TerraformStack) -> _StackEmission:
    state = getattr(stack, _STATE_ATTR, None)
    if state is None:
        state = _StackEmission()
        setattr(stack, _STATE_ATTR, state)
    return state


class ResourceBlock(Construct):
    """``resource.<type>.<id>`` blocks (and ``import`` blocks) for one resource type.

    A stack may hold one block per resource type: a raw override owns its whole
    path, so a second block of the same type would silently replace the first.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        resource_type: str,
        resources: Mapping[str, Renderable],
        imports: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        stack = TerraformStack.of(self)
        emitted = _emission(stack)
        if resource_type in emitted.types:
            raise ValueError(f"stack {stack.node.path!r} already has a ResourceBlock for {resource_type}")
        emitted.types.add(resource_type)
        self.resource_type = resource_type
        self.resources = dict(resources)
        self.addresses = [f"{resource_type}.{rid}" for rid in self.resources]
        self._bodies = {rid: res.to_terraform() for rid, res in self.resources.items()}
        self._pending = False
        self._hooked = False
        if self._bodies:
            stack.add_override(f"resource.{resource_type}", self._bodies)
        if imports:
            self.add_imports(imports)

    def add(self, resource_id: str, resource: Renderable) -> None:
        """One more resource after construction, rendered now and emitted with the
        others in one jsii call when the stack is synthesised.

        Raises ValueError if ``resource_id`` is already in this block.
        """
        if resource_id in self.resources:
            raise ValueError(f"{self.resource_type}.{resource_id} is already in this block")
        self.resources[resource_id] = resource
        self.addresses.append(f"{self.resource_type}.{resource_id}")
        self._bodies[resource_id] = resource.to_terraform()
        self._pending = True
        if not self._hooked:
            before_synth(self, self._flush)
            self._hooked = True

    def _flush(self) -> None:
        if self._pending:
            TerraformStack.of(self).add_override(f"resource.{self.resource_type}", self._bodies)
            self._pending = False

    def add_imports(self, imports: Mapping[str, str]) -> None:
        """``import`` blocks for resources of this type: resource ID → provider import ID."""
        stack = TerraformStack.of(self)
        emitted = _emission(stack)
        if imports:
            emitted.imports.extend({"to": f"{self.resource_type}.{rid}", "id": escape_literal(iid)} for rid, iid in sorted(imports.items()))
            stack.add_override("import", list(emitted.imports))
