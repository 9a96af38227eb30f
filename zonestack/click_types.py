"""``Finite``: click's ``FloatRange`` that also refuses NaN and infinity (a usage error, exit 2).

``float()`` (and so ``click.FloatRange``) takes ``nan``, ``inf`` and ``1e999``. NaN compares false with
everything, so a bound checked with ``>`` or ``>=`` never trips: ``--max-ratio nan`` switched the deploy
guard off and ``--wait nan`` never reached its deadline. Every float option of the CLI uses this type.
"""

from __future__ import annotations

import math
from typing import Any

import click


class Finite(click.FloatRange):
    """A finite float in ``[min, max]`` (either bound optional, ``min_open``/``max_open`` as click's)."""

    name = "float range"  # the help shows FLOAT RANGE and the bounds, as for click.FloatRange

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = click.FLOAT.convert(value, param, ctx)  # the float, before the range check
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return super().convert(number, param, ctx)
