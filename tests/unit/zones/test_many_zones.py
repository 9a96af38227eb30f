"""Many zones: every zone reported, a failing zone does not stop the others, non-zero exit at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory
from tests.unit.deploy.planjson import plan as plan_json
from tests.unit.deploy.planjson import record
from zonestack.cli import acme_cleanup_cmd, audit_cmd, deploy_cmd
from zonestack.deploy.engine import Deployment, ReviewedPlan
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.planfile import SavedPlan
from zonestack.deploy.snapshot import ZoneSnapshot
from zonestack.deploy.terraform import StepError, Terraform
from zonestack.gandi import GandiError, LiveRRset, UnauthorizedError
from zonestack.model import Zone
from zonestack.tfstate import EMPTY
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
def emu(start_emulator: EmulatorFactory, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    emulator = start_emulator(token=PAT, label="zones", zone=GOOD)
    emulator.put_rrset(GOOD, "www", "A", ["192.0.2.1"], ttl=1800)
    emulator.put_rrset(GOOD, "_acme-challenge", "TXT", ["orphan-token"], ttl=300)
    monkeypatch.setenv("GANDI_URL", emulator.url)
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    return emulator


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


def _setup(monkeypatch: pytest.MonkeyPatch) -> None:
    """deploy with set-up done and no pacing proxy (nothing here talks to Gandi through it)."""
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    monkeypatch.setenv("ZONESTACK_NO_PROXY", "1")
    monkeypatch.setattr(deploy_cmd, "prepare", lambda: SetupReport(cache="/c", check_only=False, mirror=object(),
                                                                   binary=object()))  # type: ignore[arg-type]


@pytest.fixture
def fake_deployment(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """deploy with set-up and the Deployment's steps replaced: UNKNOWN's plan fails as Terraform would."""
    _setup(monkeypatch)
    calls: dict[str, list[str]] = {"synthesised": [], "planned": [], "applied": []}

    def synthesise(self: Deployment, zones: list[Zone]) -> None:
        calls["synthesised"] += [z.name for z in zones]

    def plan(self: Deployment, declared: Zone) -> ReviewedPlan:
        calls["planned"].append(declared.name)
        if declared.name == UNKNOWN:
            raise StepError(f"{declared.name}: terraform plan failed: Gandi answered 404: zone not found")
        tf = Terraform(declared.name, self.project / "cdktf.out" / "stacks" / declared.name, self.env)
        saved = SavedPlan(declared.name, tf.directory, "p.tfplan", "0" * 64, ZonePlan(zone=declared.name), "{}")
        return ReviewedPlan(ZoneSnapshot(declared, EMPTY, ()), saved, tf)

    monkeypatch.setattr(Deployment, "synthesise", synthesise)
    monkeypatch.setattr(Deployment, "plan", plan)
    monkeypatch.setattr(Deployment, "apply", lambda self, item: calls["applied"].append(item.zone) or False)
    return calls


def test_deploy_plan_only_plans_every_valid_zone(project: Path, fake_deployment: dict[str, list[str]]) -> None:
    result = CliRunner().invoke(deploy_cmd.command, ["--plan-only", "--quiet"])
    assert result.exit_code == 1
    assert f"│ {GOOD}" in result.stdout and "deploy: plan only, nothing applied" in result.stdout
    assert f"deploy: {UNKNOWN}: terraform plan failed: Gandi answered 404: zone not found" in result.stderr
    assert f"deploy: 1 of 2 zone(s) failed: {UNKNOWN}" in result.stderr
    assert f"records/{INVALID}.yaml:3: " in result.stderr.splitlines()[0]
    assert fake_deployment["synthesised"] == [GOOD, UNKNOWN]  # the valid zones, validated once
    assert fake_deployment["planned"] == [GOOD, UNKNOWN]
    assert fake_deployment["applied"] == []


def test_deploy_applies_nothing_when_a_zone_is_invalid(project: Path, fake_deployment: dict[str, list[str]]) -> None:
    result = CliRunner().invoke(deploy_cmd.command, ["--quiet"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("deploy: nothing applied; fix the problems above")
    assert fake_deployment == {"synthesised": [], "planned": [], "applied": []}


def test_deploy_applies_nothing_when_a_zone_fails_to_plan(project: Path, fake_deployment: dict[str, list[str]]) -> None:
    (project / "records" / f"{INVALID}.yaml").unlink()
    result = CliRunner().invoke(deploy_cmd.command, ["--quiet"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("deploy: nothing applied: a zone failed to plan")
    assert fake_deployment["applied"] == []


def test_deploy_zone_option_ignores_another_invalid_file(project: Path, fake_deployment: dict[str, list[str]]) -> None:
    result = CliRunner().invoke(deploy_cmd.command, ["--zone", GOOD, "--quiet"])
    assert result.exit_code == 0, result.output
    assert fake_deployment["planned"] == [GOOD]
    assert fake_deployment["applied"] == [GOOD]  # handed to apply, which runs nothing for a plan without changes
    assert result.stdout.endswith("deploy: applied 0 zone(s), 1 unchanged\n")


class FakeTerraform:
    """Terraform in a stack directory: no state, and a plan that creates the declared ``www A``."""

    def __init__(self, zone: str, directory: Path) -> None:
        self.zone, self.directory = zone, directory
        directory.mkdir(parents=True, exist_ok=True)

    def init(self) -> None:
        pass

    def state_pull(self) -> str:
        return ""

    def plan(self, plan_file: str, extra: tuple[str, ...] = ()) -> None:
        (self.directory / plan_file).write_bytes(b"plan")

    def show(self, plan_file: str) -> str:
        return plan_json(record("www", "A", "create"))


class Lister:
    """The API client: GOOD lists fine, UNKNOWN's listing answers 500 (or every zone 401)."""

    def __init__(self, unauthorized: bool = False) -> None:
        self.unauthorized = unauthorized
        self.listed: list[str] = []

    def list_rrsets(self, zone: str) -> list[LiveRRset]:
        self.listed.append(zone)
        if self.unauthorized:
            raise UnauthorizedError(f"GET /v5/livedns/domains/{zone}/records: 401 Unauthorized", status=401)
        if zone == UNKNOWN:
            raise GandiError(f"GET /v5/livedns/domains/{zone}/records: 500 Internal Server Error", status=500)
        return []

    def get_domain(self, zone: str) -> dict[str, object]:
        return {"fqdn": zone, "automatic_snapshots": True}

    def close(self) -> None:
        pass


def _real_plan(monkeypatch: pytest.MonkeyPatch, lister: Lister) -> None:
    """The real Deployment.plan (snapshot, adoption, refresh, saved plan) over a fake Terraform and client."""
    _setup(monkeypatch)
    monkeypatch.setattr(Deployment, "synthesise", lambda self, zones: None)
    monkeypatch.setattr(Deployment, "terraform", lambda self, zone: FakeTerraform(
        zone, self.project / "cdktf.out" / "stacks" / zone))
    monkeypatch.setattr(Deployment, "client", property(lambda self: lister))


def test_deploy_goes_on_past_a_zone_whose_listing_fails(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot reports a zone's failed listing and the other zones are planned."""
    lister = Lister()
    _real_plan(monkeypatch, lister)
    result = CliRunner().invoke(deploy_cmd.command, ["--plan-only", "--quiet"])
    assert result.exit_code == 1
    assert lister.listed == [GOOD, UNKNOWN]
    assert (f"deploy: {UNKNOWN}: Gandi answered 500: Internal Server Error (a failure on Gandi's side or in front "
            "of it; retry later)") in result.stderr.splitlines()
    assert f"deploy: 1 of 2 zone(s) failed: {UNKNOWN}" in result.stderr
    assert f"│ {GOOD}" in result.stdout
    assert list(project.glob("cdktf.out/stacks/*/zonestack-*.tfplan")) == []  # the run's plan files are removed


def test_unauthorized_stops_the_deploy_at_the_first_zone(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lister = Lister(unauthorized=True)
    _real_plan(monkeypatch, lister)
    result = CliRunner().invoke(deploy_cmd.command, ["--plan-only", "--quiet"])
    assert result.exit_code == 1
    # Changed on purpose (issue 18): the zones' live reads overlap (4 at a time), so the reads already
    # started may finish; none starts after the 401, and the run stops at the first zone's line.
    assert GOOD in lister.listed
    assert result.stderr.splitlines()[-1].startswith(f"deploy: {GOOD}: Gandi answered 401 Unauthorized")
    assert "│" not in result.stdout  # no table: no zone was planned
    assert PAT not in result.output



def test_reads_ahead_stop_at_the_first_401(project: Path) -> None:
    """With 20 zones read 4 at a time and a bad token, no read starts after the first 401: at most
    the 4 already running are made (issue 18's read-ahead keeps the first-zone stop)."""
    import threading

    from zonestack.deploy.engine import Deployment

    started: list[str] = []
    gate = threading.Barrier(4, timeout=30)

    class Refusing:
        def list_rrsets(self, zone: str) -> list[LiveRRset]:
            started.append(zone)
            if len(started) <= 4:
                gate.wait()  # the first four are in flight together, then all are refused
            raise UnauthorizedError(f"GET /v5/livedns/domains/{zone}/records: 401 Unauthorized", status=401)

        def close(self) -> None:
            pass

    deployment = Deployment(project, {}, client=Refusing())
    zones = [f"z{i}.example" for i in range(20)]
    deployment.read_ahead(zones, workers=4)
    outcomes = []
    for zone in zones:
        try:
            outcomes.append(deployment._ahead[zone].result(timeout=60))
        except UnauthorizedError:
            outcomes.append("401")
    deployment.close()
    assert len(started) == 4
    assert outcomes.count("401") == 4 and outcomes.count(None) == 16  # the rest never asked Gandi
