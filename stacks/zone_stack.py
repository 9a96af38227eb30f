"""``ZoneStack``: one Terraform stack per zone (provider, backend, zone construct).

One stack per zone keeps state, locks and plans per zone: a mistake in one zone
never blocks or touches another, and ``cdktf diff example.com`` reads one file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from constructs_lib.cdk import Construct, TerraformStack
from constructs_lib.gandi import GandiProvider
from constructs_lib.zone import GandiZone, GandiZoneProps
from stacks.backend import add_backend


class ZoneStack(TerraformStack):
    """The stack named after its zone (``cdktf.out/stacks/<zone>/``)."""

    def __init__(self, scope: Construct, props: GandiZoneProps, env: Mapping[str, str] | None = None,
                 outdir: str = "cdktf.out", root: str | os.PathLike[str] = ".") -> None:
        super().__init__(scope, props.zone.name)
        GandiProvider(self, "gandi")
        add_backend(self, props.zone.name, env, outdir, root)
        self.zone = GandiZone(self, "zone", props)
