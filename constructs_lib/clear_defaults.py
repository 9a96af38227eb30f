"""``terraform_data.clear_defaults``: remove Gandi's default records from a new zone.

When a stack creates a zone, Gandi may seed it with default record sets (an
apex MX, ``www`` CNAME, SRV records...). Any of those that the zone also
declares makes the provider's ``POST /records`` fail with 409. This built-in
resource (no provider download; Terraform >= 1.4 / OpenTofu) runs once, right
after the domain is created and before any record, and calls
``zonestack clear-defaults``, which deletes only the seeded record sets in the
way of declared ones (same (name, type), or a conflicting type at a declared
name) and never a set in state. ``triggers_replace`` is bound to the domain's
id, so it runs again only if the zone itself is recreated. The guarded deploy
emits it only when its reconcile found no zone at Gandi (or state has it
already); an existing zone is adopted instead (``zonestack/deploy/reconcile.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zonestack.project import shell_python_command, terraform_escape

RESOURCE_TYPE = "terraform_data"
RESOURCE_ID = "clear_defaults"
ADDRESS = f"{RESOURCE_TYPE}.{RESOURCE_ID}"
#: From cdktf.out/stacks/<zone>/ (where Terraform runs) back to the project root.
PROJECT_ROOT = "../../.."


@dataclass(frozen=True)
class ClearDefaultsConfig:
    """The resource body for ``zone``, created after ``domain_address``."""

    zone: str
    domain_address: str

    @property
    def command(self) -> str:
        """The shell command as Terraform stores it: the same interpreter as the deploy
        (``$ZONESTACK_PYTHON``, see :mod:`zonestack.project`), never ``pipenv run``."""
        return terraform_escape(shell_python_command("clear-defaults", "--zone", self.zone))

    def to_terraform(self) -> dict[str, Any]:
        return {
            "triggers_replace": f"${{{self.domain_address}.id}}",
            "depends_on": [self.domain_address],
            "provisioner": [{"local-exec": {"command": self.command, "working_dir": PROJECT_ROOT}}],
        }
