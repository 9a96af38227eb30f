"""Prove a zone over DNS: what its authoritative nameservers answer against the record file.

``verify_declared`` is the whole job for one zone (the CLI and the demo call
it): pick the nameservers (given, or the zone's LiveDNS ones from the API),
find their addresses, ask every declared record set at each (``run``), and
with ``delegation`` ask the parent zone's servers instead (``delegation``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zonestack.verify.declared import Options, verify_declared
    from zonestack.verify.run import EXIT_FAILED, EXIT_MISMATCH, EXIT_OK, EXIT_UNREACHABLE, ZoneReport
    from zonestack.verify.servers import ServerError

_HOME = {
    "Options": "declared",
    "verify_declared": "declared",
    "ServerError": "servers",
    **{name: "run" for name in ("EXIT_FAILED", "EXIT_MISMATCH", "EXIT_OK", "EXIT_UNREACHABLE", "ZoneReport")},
}

__all__ = ["EXIT_FAILED", "EXIT_MISMATCH", "EXIT_OK", "EXIT_UNREACHABLE", "Options", "ServerError", "ZoneReport",
           "verify_declared"]


def __getattr__(name: str) -> Any:
    """Load the module holding ``name`` on first use (PEP 562): the package import itself is free."""
    if name in _HOME:
        return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
