"""``make demo`` / ``pipenv run demo``: the example zone end to end against a local LiveDNS emulator.

Shows the whole deploy path on a laptop, with no Gandi account: the example
zone is validated, the toolchain prepared, the stacks synthesised, an emulator
serves the LiveDNS API from ``.cache/zonestack/demo-emulator`` (seeding new
zones with Gandi's default records, as Gandi may), and then:

* with the provider: the guarded deploy (:class:`zonestack.deploy.engine.Deployment`,
  what ``zonestack deploy`` runs) plans and applies the zone with the real
  Terraform provider against the emulator, the zone is read back from the API,
  and a second plan finds nothing to change (the emulator's data and
  ``.state/example.com`` are kept);
* without it (no mirror, no registry): on a scratch emulator
  (``.cache/zonestack/demo-emulator-preview``, started empty each time, so the
  real demo's data stays untouched), zonestack computes the change set the
  deploy would make (:mod:`zonestack.changeset`) and writes it with its own API
  client (not Terraform), so that the last step has a zone to check; the last
  line says the Terraform deploy was skipped, why, and how to enable it.

Either way it ends with ``zonestack verify`` against the emulator's DNS server
(:func:`verify_step`; skipped in one line without Knot DNS). Exit codes: 0 done
(deployed, or the deploy skipped for want of the provider); 1 a step failed (one
line says which and why).
"""

from __future__ import annotations

import secrets
import shutil
import sys
from pathlib import Path

from rich.console import Console

from devkit.verify_emulated import verify_on_emulator
from livedns_emulator import Emulator, Settings
from livedns_emulator.defaults import default_rrsets
from zonestack.catalog import DEFAULT_RECORDS_DIR
from zonestack.changeset import ChangeSet, change_set
from zonestack.deploy.engine import Deployment
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.snapshot import SnapshotError, read_state
from zonestack.deploy.synth import synthesise
from zonestack.deploy.terraform import StepError
from zonestack.gandi import GandiError, LiveDNSClient, LiveRRset
from zonestack.loader import check_zone
from zonestack.model import Zone
from zonestack.project import find_root
from zonestack.tfstate import EMPTY
from zonestack.toolchain.cache import cache_dir, project_root
from zonestack.toolchain.prepare import EXIT_OK, EXIT_PROVIDER_UNAVAILABLE, SetupReport, prepare
from zonestack.toolchain.provider import MIRROR_ENV

ZONE = "example.com"
EMULATOR_DIR = "demo-emulator"
PREVIEW_DIR = "demo-emulator-preview"
"""The scratch emulator of a demo without the provider (wiped at each run)."""

SKIPPED_NO_PROVIDER = (
    "demo: Terraform deploy skipped: provider go-gandi/gandi 2.3.0 is not on this machine (no "
    f"{MIRROR_ENV}, none in ~/.terraform.d/plugins or Terraform's other plugin directories, and it could not "
    "be built from its Go module; see `zonestack setup`); to enable it, put the provider in "
    f"~/.terraform.d/plugins or set {MIRROR_ENV} to a mirror that holds it, then run `make demo` again"
)
SKIPPED_NO_BINARY = (
    "demo: Terraform deploy skipped: no terraform or tofu binary on PATH and OpenTofu could not be built; "
    "to enable it, install Terraform (or OpenTofu) or set TERRAFORM_BINARY_NAME, then run `make demo` again"
)


def _describe(action: str, plan: ZonePlan) -> str:
    if plan.no_changes:
        return f"{action}: no changes"
    zone = "create the zone, " if plan.creates_zone else ""
    return (
        f"{action}: {zone}{plan.imports} to import, {plan.adds} to add, "
        f"{plan.changes} to change, {plan.destroys} to destroy"
    )


def zone_lines(rrsets: list[LiveRRset], declared: set[tuple[str, str]]) -> list[str]:
    """The live zone, one record set per line (``name type ttl managed|left alone: values``).

    Plain lines rather than a table: a table at 80 columns (or in a CI log) would cut
    long values such as DKIM keys mid-word; a line is only soft-wrapped by the terminal.
    """
    lines = [f"{ZONE} as the API returns it ({len(rrsets)} record sets):"]
    for rrset in rrsets:
        managed = "managed" if rrset.key in declared else "not declared, left alone"
        lines.append(f"  {rrset.name} {rrset.type} {rrset.ttl} ({managed}): {' '.join(rrset.values)}")
    return lines


def _state_without_zone(root: Path, emu: Emulator) -> bool:
    """Local state exists but the emulator has no such zone (its data was removed)."""
    try:
        emu.rrsets(ZONE)
        return False
    except ValueError:
        return (root / ".state" / ZONE / "terraform.tfstate").is_file()


def _line(err: Console, text: str) -> None:
    err.print(text, markup=False, highlight=False, soft_wrap=True)


def _example_zone(root: Path, err: Console) -> Zone | None:
    """Step 1, validate: the example zone loads with no finding."""
    path = root / DEFAULT_RECORDS_DIR / f"{ZONE}.yaml"
    if not path.is_file():
        _line(err, f"demo: {DEFAULT_RECORDS_DIR}/{ZONE}.yaml is missing: the demo deploys the example zone; "
                   f"restore it with `git checkout -- {DEFAULT_RECORDS_DIR}/{ZONE}.yaml`")
        return None
    zone, findings = check_zone(path)
    for finding in findings:
        _line(err, str(finding))
    if findings or zone is None:
        _line(err, f"demo validate: {len(findings)} problem(s) in {path.name}; fix them (`zonestack validate`)")
        return None
    return zone


def verify_step(console: Console, emu: Emulator, zone: Zone) -> int:
    """``zonestack verify`` of the zone at the emulator's DNS server; its exit status (0 when skipped)."""
    return verify_on_emulator(emu, zone, lambda line: console.print(line, markup=False, highlight=False,
                                                                    soft_wrap=True))


def _terraform_deploy(console: Console, err: Console, env: dict[str, str], root: Path, token: str,
                      emu: Emulator, zone: Zone) -> int:
    """The guarded deploy of the zone (plan, apply), then a second plan that must show no changes."""
    def echo(line: str) -> None:
        console.print(f"  {line}", style="dim", markup=False, highlight=False, soft_wrap=True)

    def notify(line: str) -> None:
        console.print(f"  deploy: {line}", markup=False, highlight=False, soft_wrap=True)

    plans: dict[str, ZonePlan] = {}
    with Deployment(root, env, echo=echo, notify=notify) as deployment:
        for action in ("deploy", "diff"):
            console.print(f"[bold]zonestack {'deploy' if action == 'deploy' else 'deploy --plan-only'} {ZONE}[/]")
            try:
                reviewed = deployment.plan(zone)
                if action == "deploy":
                    deployment.apply(reviewed)
            except (StepError, SnapshotError, GandiError) as exc:
                _line(err, f"demo {action}: {exc}")
                return 1
            plans[action] = reviewed.plan
    with LiveDNSClient(base_url=emu.url, token=token) as client:
        live = client.list_rrsets(ZONE)
    for line in zone_lines(live, {r.key for r in zone.records}):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    console.print(_describe("deploy", plans["deploy"]), highlight=False)
    console.print(_describe("diff", plans["diff"]), highlight=False)
    return 0 if plans["diff"].no_changes else 1


def _computed_changes(console: Console, root: Path, token: str, emu: Emulator, zone: Zone) -> ChangeSet:
    """Without Terraform: the change set deploy would make, computed against the emulator."""
    console.print(f"[bold]change set for {ZONE} (computed by zonestack against the emulator)[/]")
    with LiveDNSClient(base_url=emu.url, token=token) as client:
        try:
            live: list[LiveRRset] | None = client.list_rrsets(ZONE)
        except GandiError as exc:
            if exc.status != 404:
                raise
            live = None
    try:
        state = read_state(ZONE, root, {"ZONESTACK_BACKEND": "local"})
    except ValueError:  # unreadable state: shown as if there were none (the preview writes no state)
        state = EMPTY
    changes = change_set(zone, live, state, default_rrsets() if emu.settings.seed_default_records else ())
    if changes.creates_zone:
        console.print(f"  + zone {ZONE}: created (Gandi seeds its default record sets)", highlight=False,
                      markup=False, soft_wrap=True)
    for change in changes.changes:
        console.print(f"  {change}", highlight=False, markup=False, soft_wrap=True)
    console.print(f"change set: {changes.summary()}", highlight=False, soft_wrap=True)
    return changes


def _write_changes(console: Console, token: str, emu: Emulator, zone: Zone, changes: ChangeSet) -> None:
    """Write the change set to the scratch emulator with zonestack's API client (so verify has a zone)."""
    if changes.creates_zone:
        emu.create_zone(ZONE, seed_defaults=emu.settings.seed_default_records)
    declared = zone.by_key
    with LiveDNSClient(base_url=emu.url, token=token) as client:
        for change in changes.changes:
            if change.sign == "-":
                client.delete_rrset(ZONE, change.name, change.type)
        for change in changes.changes:
            record = declared.get((change.name, change.type))
            if change.sign in "+~" and record is not None:
                client.put_rrset(ZONE, record.name, record.type, record.values, record.ttl)
    console.print("wrote the change set to the scratch emulator with zonestack's API client (not Terraform)",
                  highlight=False, soft_wrap=True)


def run(console: Console, err: Console) -> int:
    """The demo; returns the exit code."""
    root = find_root() or project_root()
    zone = _example_zone(root, err)
    if zone is None:
        return 1
    console.print(f"validate: {ZONE}: {len(zone.records)} record set(s) valid", highlight=False)
    report: SetupReport = prepare(progress=lambda message: err.print(f"[dim]... {message}[/]", highlight=False))
    deployable = report.exit_code == EXIT_OK
    console.print("[bold]synth[/]")
    try:
        synthesise(root, [zone], {**report.env, "ZONESTACK_BACKEND": "local"})
    except StepError as exc:
        _line(err, f"demo synth: {exc}")
        return 1
    console.print("  synth: 1 zone(s) written to cdktf.out/stacks/", style="dim", highlight=False)
    data = cache_dir() / (EMULATOR_DIR if deployable else PREVIEW_DIR)
    if not deployable:
        shutil.rmtree(data, ignore_errors=True)  # a scratch emulator: the preview starts from nothing each time
    emu = Emulator.start(data, Settings(seed_default_records=True))
    try:
        if deployable and _state_without_zone(root, emu):
            _line(err, f"demo: .state/{ZONE}/terraform.tfstate describes a zone the demo emulator ({data}) does not "
                       "hold; move that state file away (or restore the emulator data) and run again")
            return 1
        token = "pat_demo_" + secrets.token_urlsafe(32)
        emu.add_token(token, label="demo")
        emu.register_domain(ZONE)
        env = {**report.env, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": token, "ZONESTACK_BACKEND": "local"}
        console.print(f"LiveDNS emulator at {emu.url} (data: {data})", highlight=False, soft_wrap=True)
        if deployable:
            code = _terraform_deploy(console, err, env, root, token, emu, zone)
        else:
            _write_changes(console, token, emu, zone, _computed_changes(console, root, token, emu, zone))
            code = 0
        if code == 0:
            code = 0 if verify_step(console, emu, zone) == 0 else 1
        if code == 0 and not deployable:
            skipped = SKIPPED_NO_PROVIDER if report.exit_code == EXIT_PROVIDER_UNAVAILABLE else SKIPPED_NO_BINARY
            console.print(skipped, markup=False, highlight=False, soft_wrap=True)
        return code
    except GandiError as exc:
        _line(err, f"demo: reading the zone back failed: {exc}")
        return 1
    finally:
        emu.stop()


def main() -> int:
    return run(Console(), Console(stderr=True, soft_wrap=True))


if __name__ == "__main__":
    sys.exit(main())
