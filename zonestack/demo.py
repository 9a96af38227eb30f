"""``pipenv run demo``: deploy the example zone for real, against a local LiveDNS emulator.

Shows the whole deploy path on a laptop, with no Gandi account: the toolchain
is prepared, an emulator serves the LiveDNS API from
``.cache/zonestack/demo-emulator`` (seeding new zones with Gandi's default
records, as Gandi may), ``cdktf deploy example.com`` runs the real Terraform
provider against it, and the zone is read back from the API. Run it again and
nothing changes: the emulator's data and ``.state/example.com`` are kept.

Exit codes: 0 done; 1 the deploy failed (one line says why); 3 the provider is
unavailable; 4 no Terraform-compatible binary.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from zonestack.catalog import DEFAULT_RECORDS_DIR
from zonestack.deploy.errors import classify
from zonestack.deploy.runner import CdktfResult, run_cdktf
from zonestack.deploy.summary import PlanSummary
from zonestack.emulator import Emulator, Settings
from zonestack.gandi import GandiError, LiveDNSClient, LiveRRset
from zonestack.loader import load_zone
from zonestack.toolchain.cache import cache_dir, project_root
from zonestack.toolchain.prepare import EXIT_BINARY_UNAVAILABLE, EXIT_OK, EXIT_PROVIDER_UNAVAILABLE, prepare
from zonestack.verify.emulated import verify_on_emulator

ZONE = "example.com"
EMULATOR_DIR = "demo-emulator"

PROVIDER_UNAVAILABLE = (
    "demo: provider go-gandi/gandi 2.3.0 is unavailable: set ZONESTACK_PROVIDER_MIRROR to an unpacked mirror "
    "that holds it, or give this machine internet access to the Terraform registry, then run `pipenv run demo` again"
)


def _describe(action: str, summary: PlanSummary | None) -> str:
    if summary is None:
        return f"{action}: done (no plan printed)"
    if summary.no_changes:
        return f"{action}: no changes"
    return (
        f"{action}: {summary.imports} to import, {summary.adds} to add, "
        f"{summary.changes} to change, {summary.destroys} to destroy"
    )


def zone_table(rrsets: list[LiveRRset], declared: set[tuple[str, str]]) -> Table:
    """The live zone as a table; sets the stack does not manage are marked."""
    table = Table(title=f"{ZONE} as the API returns it")
    for column in ("name", "type", "ttl", "values", "managed"):
        table.add_column(column, overflow="fold")
    for rrset in rrsets:
        table.add_row(
            rrset.name, rrset.type, str(rrset.ttl), "\n".join(rrset.values),
            "yes" if rrset.key in declared else "no (left alone)",
        )
    return table


def _state_without_zone(root: Path, emu: Emulator) -> bool:
    """Local state exists but the emulator has no such zone (its data was removed)."""
    try:
        emu.rrsets(ZONE)
        return False
    except ValueError:
        return (root / ".state" / ZONE / "terraform.tfstate").is_file()


def run(console: Console, err: Console) -> int:
    """The demo; returns the exit code."""
    root = project_root()
    report = prepare(progress=lambda message: err.print(f"[dim]... {message}[/]", highlight=False))
    if report.exit_code == EXIT_PROVIDER_UNAVAILABLE:
        err.print(PROVIDER_UNAVAILABLE, markup=False, highlight=False)
        return EXIT_PROVIDER_UNAVAILABLE
    if report.exit_code != EXIT_OK:
        err.print("demo: no Terraform-compatible binary: run `pipenv run zonestack setup`", markup=False)
        return EXIT_BINARY_UNAVAILABLE
    data = cache_dir() / EMULATOR_DIR
    emu = Emulator.start(data, Settings(seed_default_records=True))
    try:
        if _state_without_zone(root, emu):
            err.print(
                f"demo: .state/{ZONE}/terraform.tfstate describes a zone the demo emulator ({data}) does not hold; "
                "move that state file away (or restore the emulator data) and run again",
                markup=False, highlight=False,
            )
            return 1
        token = "pat_demo_" + secrets.token_urlsafe(32)
        emu.add_token(token, label="demo")
        emu.register_domain(ZONE)
        env = {**report.env, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": token, "ZONESTACK_BACKEND": "local"}
        console.print(f"LiveDNS emulator at {emu.url} (data: {data})", highlight=False, soft_wrap=True)

        def echo(line: str) -> None:
            console.print(f"  {line}", style="dim", markup=False, highlight=False, soft_wrap=True)

        steps: list[tuple[str, bool]] = [("synth", False), ("deploy", True), ("diff", True)]
        results: dict[str, CdktfResult] = {}
        for action, skip in steps:
            console.print(f"[bold]cdktf {action} {ZONE}[/]")
            result = run_cdktf(action, [ZONE], env=env, cwd=root, skip_synth=skip, echo=echo)  # type: ignore[arg-type]
            if not result.ok:
                err.print(str(classify(result.output, result.returncode)).replace("deploy:", f"demo {action}:", 1),
                          markup=False, highlight=False)
                return 1
            results[action] = result
        with LiveDNSClient(base_url=emu.url, token=token) as client:
            live = client.list_rrsets(ZONE)
        zone = load_zone(root / DEFAULT_RECORDS_DIR / f"{ZONE}.yaml")
        declared = {r.key for r in zone.records}
        console.print(zone_table(live, declared))
        console.print(_describe("deploy", results["deploy"].summary), highlight=False)
        console.print(_describe("diff", results["diff"].summary), highlight=False)
        return 0 if verify_on_emulator(emu, zone, lambda line: console.print(line, markup=False, highlight=False,
                                                                              soft_wrap=True)) == 0 else 1
    except GandiError as exc:
        err.print(f"demo: reading the zone back failed: {exc}", markup=False, highlight=False)
        return 1
    finally:
        emu.stop()


def main() -> int:
    return run(Console(), Console(stderr=True, soft_wrap=True))


if __name__ == "__main__":
    sys.exit(main())
