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
    """What a stack's blocks have emitted so far (kept on the stack object itself):
    per resource type, every block's bodies in one dict (a raw override owns its
    whole path, so each emission writes all of them) and who declared each ID."""

    def __init__(self) -> None:
        self.bodies: dict[str, dict[str, dict[str, Any]]] = {}
        self.owners: dict[str, str] = {}
        self.imports: list[dict[str, str]] = []


def claim_address(stack: TerraformStack, address: str, owner: str) -> None:
    """Record that ``owner`` (e.g. a zone) declares ``address`` in ``stack``.

    Raises ``ValueError`` naming both owners when another owner declared it
    already (two zones in one stack with the same record set and unqualified
    resource names), or naming the address when the same owner did.
    """
    owners = _emission(stack).owners
    other = owners.get(address)
    if other is None:
        owners[address] = owner
        return
    if other == owner:
        raise ValueError(f"{address} is already declared by {owner}")
    raise ValueError(
        f"{address} is declared by both {other} and {owner} in stack {stack.node.id!r}: zones that share "
        "a stack need zone-qualified resource names (GandiZone(..., qualified_ids=True))")


def _emission(stack: TerraformStack) -> _StackEmission:
    state = getattr(stack, _STATE_ATTR, None)
    if state is None:
        state = _StackEmission()
        setattr(stack, _STATE_ATTR, state)
    return state


class ResourceBlock(Construct):
    """``resource.<type>.<id>`` blocks (and ``import`` blocks) for one resource type.

    A stack may hold several blocks of one type (several zones in one stack):
    they share one raw override per type. ``owner`` (e.g. the zone) names who
    declared an ID when two blocks declare the same one, which raises
    ``ValueError`` instead of one silently replacing the other.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        resource_type: str,
        resources: Mapping[str, Renderable],
        imports: Mapping[str, str] | None = None,
        owner: str = "",
    ) -> None:
        super().__init__(scope, id)
        stack = TerraformStack.of(self)
        self._stack = stack
        self.resource_type = resource_type
        self.owner = owner or self.node.path
        self.resources: dict[str, Renderable] = {}
        self.addresses: list[str] = []
        self._bodies = _emission(stack).bodies.setdefault(resource_type, {})
        self._pending = False
        self._hooked = False
        for rid, resource in resources.items():
            self._claim(rid, resource)
        if self.resources:
            stack.add_override(f"resource.{resource_type}", self._bodies)
        if imports:
            self.add_imports(imports)

    def _claim(self, resource_id: str, resource: Renderable) -> None:
        address = f"{self.resource_type}.{resource_id}"
        claim_address(self._stack, address, self.owner)
        self.resources[resource_id] = resource
        self.addresses.append(address)
        self._bodies[resource_id] = resource.to_terraform()

    def add(self, resource_id: str, resource: Renderable) -> None:
        """One more resource after construction, rendered now and emitted with the
        others in one jsii call when the stack is synthesised.

        Raises ValueError if ``resource_id`` is already declared in this stack.
        """
        self._claim(resource_id, resource)
        self._pending = True
        if not self._hooked:
            before_synth(self, self._flush)
            self._hooked = True

    def _flush(self) -> None:
        if self._pending:
            self._stack.add_override(f"resource.{self.resource_type}", self._bodies)
            self._pending = False

    def add_imports(self, imports: Mapping[str, str]) -> None:
        """``import`` blocks for resources of this type: resource ID → provider import ID."""
        stack = self._stack
        emitted = _emission(stack)
        if imports:
            emitted.imports.extend({"to": f"{self.resource_type}.{rid}", "id": escape_literal(iid)}
                                   for rid, iid in sorted(imports.items()))
            stack.add_override("import", list(emitted.imports))
