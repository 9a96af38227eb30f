"""``terraform_data.prune``: delete exactly the live record sets the reviewed plan lists.

Record sets that are live at Gandi but not in state are not Terraform
resources, so a plan cannot destroy them; yet some must go: a default of
another type at a declared name (``www CNAME`` beside a declared ``www A``),
and, in an ``authoritative`` zone, every set neither declared nor ignored. The
pre-plan reconcile (``zonestack/deploy/reconcile.py``) lists them; this
built-in resource (no provider; Terraform >= 1.4 / OpenTofu) carries the list
as its ``input``::

    {"zone": "example.com",
     "sets": [{"name": "www", "type": "CNAME", "ttl": 10800,
               "values": ["webredir.vip.gandi.net."], "reason": "conflict"}]}

so the saved plan names every set it deletes (the guard counts them, the plan
renderers show them). ``triggers_replace`` is bound to that content (its
SHA-256, and a round number so the same sets coming back are pruned again), and the
create-time local-exec runs ``zonestack prune-sets``, which deletes each listed
set only if its live TTL and values still equal the listed ones: a set that
changed or appeared after the plan is left alone and reported. The command runs
with the deploy's own interpreter (recorded when the reconcile ran) and reads
the PAT from the environment Terraform inherited, never from an argument.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from constructs_lib.terraform_strings import escape_literal
from zonestack.deploy.reconcile import PRUNE_ADDRESS, PRUNE_RESOURCE_ID, PRUNE_RESOURCE_TYPE, PruneSet

RESOURCE_TYPE = PRUNE_RESOURCE_TYPE
RESOURCE_ID = PRUNE_RESOURCE_ID
ADDRESS = PRUNE_ADDRESS
#: The variable ``zonestack prune-sets`` reads the (unescaped) input from.
INPUT_ENV = "ZONESTACK_PRUNE"
#: From cdktf.out/stacks/<zone>/ (where Terraform runs) back to the project root.
PROJECT_ROOT = "../../.."


def escape_template(value: Any) -> Any:
    """Strings made literal for Terraform JSON: ``${`` → ``$${``, ``%{`` → ``%%{`` (recursively).

    Terraform reads every JSON string as a template; a TXT value holding an SPF
    macro (``%{i}``) would otherwise break the plan (hashicorp/terraform#22246).
    """
    if isinstance(value, str):
        return escape_literal(value)
    if isinstance(value, list):
        return [escape_template(v) for v in value]
    if isinstance(value, dict):
        return {k: escape_template(v) for k, v in value.items()}
    return value


def prune_input(zone: str, sets: Sequence[PruneSet]) -> dict[str, Any]:
    """The resource's ``input``: the zone and each set to delete (as listed before the plan)."""
    return {"zone": zone, "sets": [s.to_dict() for s in sets]}


@dataclass(frozen=True)
class PruneConfig:
    """The body of ``terraform_data.prune``.

    ``sets`` empty and ``kept`` given: the resource already in state is rendered
    unchanged (its last prune is done; nothing to show or run). ``round`` makes
    ``triggers_replace`` differ from the state's even when the same sets came back.
    """

    zone: str
    sets: tuple[PruneSet, ...]
    python: str
    depends_on: tuple[str, ...] = ()
    round: int = 1
    kept: Mapping[str, Any] | None = None

    @property
    def command(self) -> str:
        return f"{shlex.quote(self.python)} -m zonestack prune-sets"

    def to_terraform(self) -> dict[str, Any]:
        if not self.sets and self.kept is not None:
            body: dict[str, Any] = {"input": escape_template(self.kept.get("input")),
                                    "triggers_replace": escape_template(self.kept.get("triggers_replace"))}
        else:
            content = prune_input(self.zone, self.sets)
            body = {"input": escape_template(content),
                    "triggers_replace": {"input_sha256": content_digest(content), "round": self.round}}
        if self.depends_on:
            body["depends_on"] = list(self.depends_on)
        body["provisioner"] = [{"local-exec": {
            "command": escape_template(self.command),
            "working_dir": PROJECT_ROOT,
            "environment": {INPUT_ENV: "${jsonencode(self.input)}"},
        }}]
        return body


def content_digest(content: Mapping[str, Any]) -> str:
    """SHA-256 of the input's canonical JSON: what ``triggers_replace`` is bound to."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def next_round(kept: Mapping[str, Any] | None) -> int:
    """One more than the round of the prune already in state (1 when there is none)."""
    triggers = (kept or {}).get("triggers_replace")
    previous = triggers.get("round") if isinstance(triggers, dict) else None
    return previous + 1 if isinstance(previous, int) else 1
