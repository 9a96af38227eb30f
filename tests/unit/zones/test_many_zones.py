"""Many zones: every zone reported, a failing zone does not stop the others, non-zero exit at the end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonestack.cli import acme_cleanup_cmd, audit_cmd, deploy_cmd
from zonestack.deploy.pipeline import StepError
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.planfile import SavedPlan
from zonestack.emulator import Emulator, Settings
from zonestack.toolchain.prepare import SetupReport
from zonestack.zoneset import select

PAT = "pat_zones_" + "k" * 24
GOOD = "good.example"
UNKNOWN = "unknown.example"  # declared, but Gandi has no such zone
INVALID = "broken.example"


def write(records: Path, zone: str, body: str) -> None:
    (records / f"{zone}.yaml").write_text(f"zone: {zone}\n{body}", encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    records = tmp_path / "records"
    records.mkdir()
    write(records, GOOD, "records:\n  - {name: www, type: A, values: [192.0.2.1]}\n")
    write(records, UNKNOWN, "records:\n  - {name: www, type: A, values: [192.0.2.2]}\n")
    write(records, INVALID, "records:\n  - {name: www, type: A, values: [not-an-ip]}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def emu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    emulator = Emulator.start(tmp_path / "emu", Settings(fsync=False))
    emulator.add_token(PAT, label="zones")
    emulator.create_zone(GOOD)
    emulator.put_rrset(GOOD, "www", "A", ["192.0.2.1"], ttl=1800)
    emulator.put_rrset(GOOD, "_acme-challenge", "TXT", ["orphan-token"], ttl=300)
    monkeypatch.setenv("GANDI_URL", emulator.url)
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    yield emulator
    emulator.stop()


def orphan_state(project: Path, zone: str) -> None:
    state = project / ".state" / zone / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"version": 4, "resources": []}), encoding="utf-8")


def test_selection_keeps_valid_zones_and_reports_the_rest(project: Path) -> None:
    orphan_state(project, "gone.example")
    chosen = select(None, Path("records"), Path(".state"))
    assert [z.name for z in chosen.zones] == [GOOD, UNKNOWN]
    assert [f.path for f in chosen.findings] == [f"records/{INVALID}.yaml"]
    assert len(chosen.problems) == 1
    problem = chosen.problems[0]
    assert problem.startswith("gone.example: records/gone.example.yaml was deleted but "
                              ".state/gone.example/terraform.tfstate still manages the zone; ")
    assert "`git checkout -- records/gone.example.yaml`" in problem  # way 1: keep managing it
    assert "`rm -r .state/gone.example`" in problem  # way 2: stop managing it, records stay live


def test_one_invalid_file_does_not_block_another_zone(project: Path) -> None:
    chosen = select(GOOD, Path("records"))
    assert ([z.name for z in chosen.zones], chosen.ok) == ([GOOD], True)


def test_zone_option_for_a_deleted_record_file_with_state(project: Path) -> None:
    orphan_state(project, "gone.example")
    chosen = select("gone.example", Path("records"), Path(".state"))
    assert chosen.zones == [] and chosen.problems[0].startswith("gone.example: records/gone.example.yaml was deleted")


def test_audit_reports_every_zone_and_exits_1(project: Path, emu: Emulator) -> None:
    orphan_state(project, "gone.example")
    result = CliRunner().invoke(audit_cmd.command, ["--format", "json"])
    assert result.exit_code == 1
    zones = {z["zone"]: z for z in json.loads(result.stdout)["zones"]}
    assert set(zones) == {GOOD, UNKNOWN}
    assert zones[GOOD]["error"] is None
    err = result.stderr.splitlines()
    assert err[0].startswith(f"records/{INVALID}.yaml:3: ")
    assert any(line.startswith("audit: gone.example: records/gone.example.yaml was deleted") for line in err)
    assert (f"audit: {UNKNOWN}: not found at Gandi LiveDNS (404): the domain is not in the account this PAT "
            "can see (wrong organisation or PAT scope), or its DNS is not hosted on LiveDNS yet") in err
    assert not any("GET /v5" in line for line in err)  # no bare 404


def test_acme_cleanup_goes_on_past_an_unknown_zone(project: Path, emu: Emulator) -> None:
    result = CliRunner().invoke(acme_cleanup_cmd.command, ["--doit"])
    assert result.exit_code == 1
    assert f"{GOOD}: _acme-challenge TXT: deleted the record set; 1 value(s): \"orphan-token\"" in result.stdout
    assert f"acme-cleanup: {UNKNOWN}: not found at Gandi LiveDNS (404)" in result.stderr
    assert f"acme-cleanup: 1 of 2 zone(s) failed: {UNKNOWN}" in result.stderr
    assert [r["rrset_name"] for r in emu.rrsets(GOOD)] == ["www"]


def test_unauthorized_stops_at_the_first_zone(project: Path, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", "pat_wrong_" + "z" * 24)
    result = CliRunner().invoke(acme_cleanup_cmd.command, [])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("acme-cleanup: ")]
    assert len(lines) == 2 and "401" in lines[-1]  # the invalid-file note, then one 401 line


@pytest.fixture
def fake_terraform(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """deploy with set-up, synth and Terraform replaced: UNKNOWN's plan fails as Terraform would."""
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    monkeypatch.setattr(deploy_cmd, "prepare", lambda: SetupReport(cache="/c", check_only=False, mirror=object(),
                                                                   binary=object()))  # type: ignore[arg-type]

    def synth(project: Path, env: dict[str, str]) -> str:
        raise StepError(f"records/{INVALID}.yaml:3: bad\nsynth: 1 problem(s); invalid zones were not synthesised")

    def plan(zone: str, directory: Path, env: dict[str, str], run: object, echo: object) -> SavedPlan:
        if zone == UNKNOWN:
            raise StepError(f"{zone}: terraform plan failed: Gandi answered 404: zone not found")
        return SavedPlan(zone, directory, "p.tfplan", "0" * 64, ZonePlan(zone=zone), "{}")

    def reconcile(zones: list[object], project: Path, env: dict[str, str], on_error: object = None) -> dict[str, str]:
        return {}  # the pre-plan listing: see test_deploy_goes_on_past_a_zone_whose_listing_fails

    applied: list[str] = []
    monkeypatch.setattr(deploy_cmd, "reconcile_zones", reconcile)
    monkeypatch.setattr(deploy_cmd, "synthesise", synth)
    monkeypatch.setattr(deploy_cmd, "untaint_created", lambda *a: [])
    monkeypatch.setattr(deploy_cmd, "plan_saved", plan)
    monkeypatch.setattr(deploy_cmd, "apply_reviewed", lambda item, *a: applied.append(item.zone))
    return applied


def test_deploy_plan_only_plans_every_valid_zone(project: Path, fake_terraform: list[str]) -> None:
    result = CliRunner().invoke(deploy_cmd.command, ["--plan-only", "--quiet"])
    assert result.exit_code == 1
    assert f"│ {GOOD}" in result.stdout and "deploy: plan only, nothing applied" in result.stdout
    assert f"deploy: {UNKNOWN}: terraform plan failed: Gandi answered 404: zone not found" in result.stderr
    assert f"deploy: 1 of 2 zone(s) failed: {UNKNOWN}" in result.stderr
    assert f"records/{INVALID}.yaml:3: " in result.stderr.splitlines()[0]
    assert fake_terraform == []


def test_deploy_applies_nothing_when_a_zone_is_invalid(project: Path, fake_terraform: list[str]) -> None:
    result = CliRunner().invoke(deploy_cmd.command, ["--quiet"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("deploy: nothing applied; fix the problems above")
    assert fake_terraform == []


def test_deploy_zone_option_ignores_another_invalid_file(project: Path, fake_terraform: list[str]) -> None:
    result = CliRunner().invoke(deploy_cmd.command, ["--zone", GOOD, "--quiet"])
    assert result.exit_code == 0, result.output
    assert fake_terraform == []  # the fake plan has no changes
    assert result.stdout.endswith("deploy: applied 0 zone(s), 1 unchanged\n")


def test_deploy_goes_on_past_a_zone_whose_listing_fails(project: Path, fake_terraform: list[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-plan reconcile reports a zone's failed listing and the other zones are planned."""
    planned: list[str] = []
    real_plan = deploy_cmd.plan_saved

    def reconcile(zones: list, project: Path, env: dict[str, str], on_error=None) -> dict[str, str]:  # noqa: ANN001
        on_error(UNKNOWN, f"{UNKNOWN}: listing the live zone before planning failed: 500 Internal Server Error")
        return {}

    monkeypatch.setattr(deploy_cmd, "reconcile_zones", reconcile)
    monkeypatch.setattr(deploy_cmd, "plan_saved", lambda zone, *a: planned.append(zone) or real_plan(zone, *a))
    result = CliRunner().invoke(deploy_cmd.command, ["--plan-only", "--quiet"])
    assert result.exit_code == 1
    assert planned == [GOOD]
    assert f"deploy: {UNKNOWN}: listing the live zone before planning failed: 500" in result.stderr
    assert f"deploy: 1 of 2 zone(s) failed: {UNKNOWN}" in result.stderr


def test_reconcile_hands_a_zones_failure_to_on_error(tmp_path: Path) -> None:
    """reconcile_zones with on_error: the failing zone is reported, the next one still reconciled."""
    from zonestack.deploy.reconcile import reconcile_zones
    from zonestack.gandi import GandiError
    from zonestack.loader import load_zone

    (tmp_path / "records").mkdir()
    write(tmp_path / "records", GOOD, "records:\n  - {name: www, type: A, values: [192.0.2.1]}\n")
    write(tmp_path / "records", UNKNOWN, "records:\n  - {name: www, type: A, values: [192.0.2.2]}\n")
    zones = [load_zone(tmp_path / "records" / f"{z}.yaml") for z in (UNKNOWN, GOOD)]

    class Client:
        def list_rrsets(self, zone: str) -> list[object]:
            if zone == UNKNOWN:
                raise GandiError("GET /v5/livedns/domains/unknown.example/records: 500 boom", status=500)
            return []

    errors: list[tuple[str, str]] = []
    env = reconcile_zones(zones, tmp_path, {"ZONESTACK_BACKEND": "local"}, client=Client(),
                          on_error=lambda zone, line: errors.append((zone, line)))
    assert [zone for zone, _ in errors] == [UNKNOWN]
    assert sorted(p.name for p in Path(env["ZONESTACK_RECONCILE_DIR"]).iterdir()) == [f"{GOOD}.json"]
