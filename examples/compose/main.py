#!/usr/bin/env python
"""Two stacks composed by a cross-stack reference: a server and the zone that names it.

``server`` stands for whatever creates the machine (here ``terraform_data``
holding its address); ``dns`` declares ``example.com``'s ``api A`` record set
from that address. cdktf wires the reference through the server stack's output
and a ``terraform_remote_state`` in the zone stack, so ``cdktf deploy server dns``
applies them in order. Synthesises into ``$CDKTF_OUTDIR`` (default ``cdktf.out``).

    python examples/compose/main.py            # or: cd examples/compose && cdktf synth
    SERVER_IPV4=198.51.100.7 python examples/compose/main.py

The zone of a domain registered at Gandi holds Gandi's default records (``www
CNAME`` among them): once before the first deploy, from this folder,
``npx cdktf synth && zonestack adopt --zone example.com`` imports what is live.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Run from a checkout without installing: the project root is two levels up.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from constructs_lib.cdk import App, LocalBackend, TerraformOutput, TerraformStack  # noqa: E402
from constructs_lib.gandi import GandiProvider  # noqa: E402
from constructs_lib.terraform_data import TerraformData  # noqa: E402
from constructs_lib.zone import GandiZone  # noqa: E402

ZONE = os.environ.get("COMPOSE_ZONE", "example.com")
STATE = os.environ.get("COMPOSE_STATE_DIR", "../../../.state")  # relative to cdktf.out/stacks/<stack>/


def build(outdir: str) -> App:
    """The app: stack ``server`` (the address) and stack ``dns`` (the zone's record sets)."""
    app = App(outdir=outdir)

    server_stack = TerraformStack(app, "server")
    LocalBackend(server_stack, path=f"{STATE}/compose-server/terraform.tfstate")
    server = TerraformData(server_stack, "server", input=os.environ.get("SERVER_IPV4", "203.0.113.10"))

    dns = TerraformStack(app, "dns")
    LocalBackend(dns, path=f"{STATE}/compose-dns/terraform.tfstate")
    GandiProvider(dns, "gandi")
    # The zone exists at LiveDNS already (registering the domain at Gandi creates it).
    zone = GandiZone.from_name(dns, "zone", ZONE, ttl=3600, manage_domain=False)
    zone.add_record_set("api", "A", [server.output], ttl=300)
    zone.add_record_set("www", "CNAME", ["api"])
    TerraformOutput(dns, "api_fqdn", value=zone.record_set("api", "A").fqdn)
    return app


if __name__ == "__main__":
    build(os.environ.get("CDKTF_OUTDIR", "cdktf.out")).synth()
