"""Which CDK framework ``constructs_lib/cdk.py`` loads: cdktf (default) or CDK Terrain.

Kept apart from ``cdk.py`` so the choice can be checked (and a mistake reported in
one line) before the framework's Node runtime starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

#: The frameworks ``ZONESTACK_CDK`` may name (PyPI package = import name).
FRAMEWORKS = ("cdktf", "cdktn")


class CdkChoiceError(ImportError):
    """``ZONESTACK_CDK`` names no known framework, or it is not installed."""


def chosen_framework(env: Mapping[str, str] | None = None) -> str:
    """The framework ``ZONESTACK_CDK`` selects (``cdktf`` when unset or empty).

    Raises CdkChoiceError for any other value.
    """
    raw = (os.environ if env is None else env).get("ZONESTACK_CDK", "").strip().lower()
    name = raw or "cdktf"
    if name not in FRAMEWORKS:
        raise CdkChoiceError(f"ZONESTACK_CDK={raw!r} is not a known CDK (use one of: {', '.join(FRAMEWORKS)})")
    return name
