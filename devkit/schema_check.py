"""Compare the hand-written provider bindings with the provider's real schema.

``constructs_lib/gandi/schema.py`` is written from the provider's source; this
checks it, and the synthesised JSON, against ``terraform providers schema
-json`` of the installed provider, so a binding can never emit an attribute the
provider does not know, with a wrong type, or leave out a required one. Pure
data in, a list of one-line problems out (empty when everything matches).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

META_ARGUMENTS = frozenset(
    {"depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection", "//"}
)
"""Terraform's own resource arguments (and cdktf's comment key): not provider attributes."""


class DeclaredAttribute(Protocol):
    name: str
    type: Any
    required: bool


def _blocks(schema: Mapping[str, Any]) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """Every resource type, data source (``data.<type>``) and ``provider:<source>`` in a schema dump →
    (source, block)."""
    found: dict[str, tuple[str, Mapping[str, Any]]] = {}
    for source, provider in schema.get("provider_schemas", {}).items():
        found[f"provider:{source}"] = (source, provider.get("provider", {}).get("block", {}))
        for rtype, resource in provider.get("resource_schemas", {}).items():
            found[rtype] = (source, resource.get("block", {}))
        for dtype, data in provider.get("data_source_schemas", {}).items():
            found[f"data.{dtype}"] = (source, data.get("block", {}))
    return found


def _provider_block(schema: Mapping[str, Any], source: str) -> Mapping[str, Any] | None:
    for key, (full, block) in _blocks(schema).items():
        if key.startswith("provider:") and (full == source or full.endswith("/" + source)):
            return block
    return None


def check_declared(
    schema: Mapping[str, Any], rtype: str, declared: Sequence[DeclaredAttribute], *, provider_source: str = ""
) -> list[str]:
    """Problems between the bindings' attribute list for ``rtype`` and the real schema.

    ``rtype`` ``"provider"`` means the provider block of ``provider_source``; ``data.<type>`` a data source.
    """
    if rtype == "provider":
        block = _provider_block(schema, provider_source)
        label = f"provider {provider_source}"
    else:
        entry = _blocks(schema).get(rtype)
        block = entry[1] if entry else None
        label = rtype
    if block is None:
        return [f"{label}: not in the provider schema"]
    real = block.get("attributes", {})
    problems = []
    for attr in declared:
        if attr.name not in real:
            problems.append(f"{label}.{attr.name}: declared in the bindings but not in the provider schema")
            continue
        if real[attr.name].get("type") != attr.type:
            problems.append(
                f"{label}.{attr.name}: type {attr.type!r} in the bindings, "
                f"{real[attr.name].get('type')!r} in the provider"
            )
        if bool(real[attr.name].get("required")) != bool(attr.required):
            problems.append(
                f"{label}.{attr.name}: required={bool(attr.required)} in the bindings, "
                f"{bool(real[attr.name].get('required'))} in the provider"
            )
    names = {a.name for a in declared}
    for name, spec in sorted(real.items()):
        if spec.get("required") and name not in names:
            problems.append(f"{label}.{name}: required by the provider but missing from the bindings")
    return problems


def _json_type_ok(value: Any, tf_type: Any) -> bool:
    """Whether a synthesised JSON value fits a schema type (``${...}`` expressions always do)."""
    if isinstance(value, str) and value.startswith("${"):
        return True
    if tf_type == "string":
        return isinstance(value, str)
    if tf_type == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tf_type == "bool":
        return isinstance(value, bool)
    if tf_type == "dynamic":
        return True
    if isinstance(tf_type, list) and tf_type and tf_type[0] in ("set", "list"):
        return isinstance(value, list) and all(_json_type_ok(v, tf_type[1]) for v in value)
    if isinstance(tf_type, list) and tf_type and tf_type[0] == "map":
        return isinstance(value, dict) and all(_json_type_ok(v, tf_type[1]) for v in value.values())
    return False


def check_synthesised(schema: Mapping[str, Any], stack_json: Mapping[str, Any]) -> list[str]:
    """Problems in a synthesised stack (``cdk.tf.json``) against the real schema.

    Every emitted attribute must exist with a fitting JSON type; every required
    attribute must be emitted; every resource type must be known.
    """
    blocks = _blocks(schema)
    problems: list[str] = []
    emitted = [(rtype, bodies) for rtype, bodies in sorted(stack_json.get("resource", {}).items())]
    emitted += [(f"data.{dtype}", bodies) for dtype, bodies in sorted(stack_json.get("data", {}).items())]
    for rtype, bodies in emitted:
        if rtype not in blocks:
            kind = "data source" if rtype.startswith("data.") else "resource type"
            problems.append(f"{rtype}: {kind} not in the provider schema")
            continue
        real = blocks[rtype][1].get("attributes", {})
        nested = set(blocks[rtype][1].get("block_types", {}))
        for rid, body in sorted(bodies.items()):
            problems += _check_body(f"{rtype}.{rid}", body, real, nested)
    return problems


def _check_body(address: str, body: Mapping[str, Any], real: Mapping[str, Any], nested: Iterable[str]) -> list[str]:
    problems = []
    for name, value in sorted(body.items()):
        if name in META_ARGUMENTS or name in nested:
            continue
        spec = real.get(name)
        if spec is None:
            problems.append(f"{address}.{name}: emitted but not in the provider schema")
        elif spec.get("computed") and not (spec.get("optional") or spec.get("required")):
            problems.append(f"{address}.{name}: emitted but read-only (computed) in the provider schema")
        elif not _json_type_ok(value, spec.get("type")):
            problems.append(f"{address}.{name}: emitted {value!r}, which is not of type {spec.get('type')!r}")
    for name, spec in sorted(real.items()):
        if spec.get("required") and name not in body:
            problems.append(f"{address}.{name}: required by the provider but not emitted")
    return problems
