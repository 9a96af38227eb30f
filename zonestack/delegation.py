"""Names shared by the delegation stack (``stacks/delegation_stack.py``) and ``zonestack cutover``.

A zone whose record file says ``delegation: {registrar: gandi}`` gets a second stack,
``delegation-<zone>``, holding ``gandi_nameservers.delegation`` (the domain's nameservers at the
registrar) fed by the data source ``gandi_livedns_domain_ns.livedns`` (the zone's LiveDNS
nameservers). Its local state is ``.state/delegation-<zone>/terraform.tfstate``.
"""

from __future__ import annotations

STACK_PREFIX = "delegation-"
RESOURCE_ID = "delegation"
DATA_ID = "livedns"


def delegation_stack_name(zone: str) -> str:
    """``example.com`` → ``delegation-example.com``."""
    return STACK_PREFIX + zone.lower().rstrip(".")


def delegated_zone(stack: str) -> str | None:
    """The zone of a delegation stack name, or None for another name."""
    return stack[len(STACK_PREFIX):] if stack.startswith(STACK_PREFIX) else None
