"""The world ``runbooks/migrate-zone.md`` is written for, in the emulator, and its human steps acted out.

Shared by the runbook test and ``make rehearse``: a domain registered at Gandi whose LiveDNS zone
already holds Gandi's default records, still delegated by the registry to its old provider
(Cloudflare's nameservers, as the Cloudflare export fixture names them); the export and the import
rules beside the project. The human steps are the record-file edits a person makes in the pull
request before the cutover and before DNSSEC.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from livedns_emulator import Emulator

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RUNBOOK = ROOT / "runbooks" / "migrate-zone.md"
#: The old provider's nameservers, as the fixture's Cloudflare export has them.
OLD_NAMESERVERS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]


def prepare(emu: Emulator, project: Path, values: Mapping[str, str]) -> None:
    """Export and rules copied into ``project``; the domain registered, its zone seeded with Gandi's
    defaults, and the registry delegating it to the old provider (when the emulator serves DNS)."""
    shutil.copy(FIXTURES / "cloudflare-export.zone", project / values["<bind-file>"])
    shutil.copy(FIXTURES / "cloudflare-rules.yaml", project / values["<rules-file>"])
    emu.register_domain(values["<zone>"])
    # Registered at Gandi, so its LiveDNS zone already exists with Gandi's default records: the deploy
    # adopts it, and the defaults in the way of declared sets (www CNAME webredir beside the declared
    # www A) go.
    emu.create_zone(values["<zone>"], seed_defaults=True)
    if emu.dns is not None:
        emu.dns.delegate(values["<zone>"], OLD_NAMESERVERS)


def _records(project: Path, values: Mapping[str, str]) -> Path:
    return project / "records" / f"{values['<zone>']}.yaml"


def opt_in_delegation(emu: Emulator, project: Path, values: Mapping[str, str]) -> None:
    """Step 5: the domain's nameservers become a stack of their own."""
    with _records(project, values).open("a", encoding="utf-8") as records:
        records.write("delegation: {registrar: gandi}\n")


def opt_in_dnssec(emu: Emulator, project: Path, values: Mapping[str, str]) -> None:
    """Step 8: DNSSEC on for the domain."""
    path = _records(project, values)
    text = path.read_text(encoding="utf-8")
    if "delegation: {registrar: gandi}\n" not in text:
        raise ValueError(f"{path}: no `delegation: {{registrar: gandi}}` line to turn DNSSEC on in")
    path.write_text(text.replace("delegation: {registrar: gandi}\n", "delegation: {registrar: gandi, dnssec: true}\n"),
                    encoding="utf-8")


HumanStep = Callable[[Emulator, Path, Mapping[str, str]], None]

#: Heading text → (what the person does, the step acted out).
HUMAN_STEPS: dict[str, tuple[str, HumanStep]] = {
    "DNSSEC: go unsigned in the safe order": ("add `delegation: {registrar: gandi}` to the record file",
                                              opt_in_delegation),
    "DNSSEC on at Gandi": ("set `dnssec: true` under `delegation:` in the record file", opt_in_dnssec),
}
