"""``zonestack adopt`` against the emulator: the zone made ready for plain ``cdktf deploy`` with the
guarded deploy's own diff. Imports for what is live, deletions only of sets in the way of declared
ones, never a set in state; replaces the old ``clear-defaults`` step."""

from __future__ import annotations

import json
import secrets
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory
from zonestack.cli.adopt_cmd import command

ROOT = Path(__file__).resolve().parents[3]
ZONE = "example.com"
TOKEN = "pat_" + secrets.token_urlsafe(32)

DEFAULT_KEYS = {
    ("@", "A"), ("@", "MX"), ("@", "TXT"), ("webmail", "CNAME"), ("www", "CNAME"),
    ("_imap._tcp", "SRV"), ("_imaps._tcp", "SRV"), ("_pop3._tcp", "SRV"),
    ("_pop3s._tcp", "SRV"), ("_submission._tcp", "SRV"),
}
# Gandi's defaults that tests/fixtures/records/example.com.yaml declares too: adopted (imported).
DECLARED_DEFAULTS = {"MX_APEX": "example.com/@/MX", "TXT_APEX": "example.com/@/TXT",
                     "CNAME_www": "example.com/www/CNAME", "SRV__imaps-_tcp": "example.com/_imaps._tcp/SRV",
                     "SRV__submission-_tcp": "example.com/_submission._tcp/SRV"}
IN_THE_WAY = {("@", "A")}  # the parking @ A cannot stay beside the declared @ ALIAS


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the command reads .state/ and writes imports/ in the project (here)
    monkeypatch.delenv("ZONESTACK_BACKEND", raising=False)
    shutil.copytree(ROOT / "tests" / "fixtures" / "records", tmp_path / "records")
    return tmp_path


@pytest.fixture
def emu(start_emulator: EmulatorFactory) -> Emulator:
    return start_emulator(token=TOKEN, register=ZONE, seed_default_records=True)


@pytest.fixture
def seeded(emu: Emulator) -> Emulator:
    """The zone of a domain registered at Gandi: its default records, and a certbot token."""
    emu.create_zone(ZONE, seed_defaults=True)
    emu.put_rrset(ZONE, "_acme-challenge", "TXT", ["token-from-certbot"], ttl=300)
    return emu


def run(emu: Emulator, project: Path, *args: str, token: str = TOKEN) -> Result:
    env = {"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": token}
    return CliRunner().invoke(command, ["--zone", ZONE, *args], env=env)


def keys(emu: Emulator) -> set[tuple[str, str]]:
    return {(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets(ZONE)}


def import_plan(project: Path) -> dict[str, object]:
    return json.loads((project / "imports" / f"{ZONE}.json").read_text(encoding="utf-8"))


def test_adopts_declared_defaults_and_deletes_only_those_in_the_way(seeded: Emulator, project: Path) -> None:
    assert keys(seeded) == DEFAULT_KEYS | {("_acme-challenge", "TXT")}
    result = run(seeded, project)
    assert result.exit_code == 0, result.output
    assert keys(seeded) == (DEFAULT_KEYS - IN_THE_WAY) | {("_acme-challenge", "TXT")}  # ignored and unmanaged stay
    assert import_plan(project) == {"domain": True, "records": dict(sorted(DECLARED_DEFAULTS.items()))}
    lines = result.stdout.splitlines()
    assert "adopt: example.com: deleting @ A 217.70.184.38 (in the way of the declaration)" in lines
    assert lines[-1] == ("adopt: example.com: wrote imports/example.com.json (5 live set(s) to import, and the zone), "
                         "deleted 1 set(s) in the way; next: `npx cdktf deploy example.com`")
    assert TOKEN not in result.output


def test_a_second_run_deletes_nothing_and_writes_the_same_plan(seeded: Emulator, project: Path) -> None:
    run(seeded, project)
    first = import_plan(project)
    again = run(seeded, project)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [
        "adopt: example.com: wrote imports/example.com.json (5 live set(s) to import, and the zone), "
        "deleted 0 set(s) in the way; next: `npx cdktf deploy example.com`"]
    assert import_plan(project) == first


def test_dry_run_changes_nothing(seeded: Emulator, project: Path) -> None:
    result = run(seeded, project, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "adopt: example.com: would delete @ A 217.70.184.38 (in the way of the declaration)" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "adopt: example.com: would write imports/example.com.json (5 live set(s) to import) and delete "
        "1 set(s) in the way; nothing changed")
    assert keys(seeded) == DEFAULT_KEYS | {("_acme-challenge", "TXT")}
    assert not (project / "imports").exists()


def test_a_zone_gandi_does_not_have_is_created_then_adopted(emu: Emulator, project: Path) -> None:
    dry = run(emu, project, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[0] == "adopt: example.com: would create the zone at LiveDNS"
    assert [r.method for r in emu.requests if r.method != "GET"] == []
    result = run(emu, project)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "adopt: example.com: created the zone at LiveDNS"
    assert ("POST", "/v5/livedns/domains") in [(r.method, r.path.split("?")[0]) for r in emu.requests]
    assert keys(emu) == DEFAULT_KEYS - IN_THE_WAY  # Gandi seeded its defaults; the one in the way is gone
    assert import_plan(project)["records"] == dict(sorted(DECLARED_DEFAULTS.items()))


def test_never_touches_a_set_in_state(seeded: Emulator, project: Path) -> None:
    """A set Terraform state holds is never adopted again nor deleted, even if it is in the way."""
    state = project / ".state" / ZONE / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"version": 4, "resources": [
        {"mode": "managed", "type": "gandi_livedns_record", "name": name,
         "instances": [{"attributes": {"name": n, "type": t, "ttl": 10800, "values": []}}]}
        for name, (n, t) in {"MX_APEX": ("@", "MX"), "A_APEX": ("@", "A")}.items()]}), encoding="utf-8")
    result = run(seeded, project)
    assert result.exit_code == 0, result.output
    assert keys(seeded) == DEFAULT_KEYS | {("_acme-challenge", "TXT")}
    assert "MX_APEX" not in import_plan(project)["records"]  # type: ignore[operator]
    assert "deleting" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith(
        "adopt: example.com: wrote imports/example.com.json (4 live set(s) to import, and the zone), deleted 0 set(s)")


def test_stale_entries_of_an_earlier_import_plan_are_dropped(seeded: Emulator, project: Path) -> None:
    (project / "imports").mkdir()
    (project / "imports" / f"{ZONE}.json").write_text(json.dumps({"domain": True, "records": {
        "A_gone": "example.com/gone/A", "A_mail": "example.com/mail/A"}}), encoding="utf-8")
    assert run(seeded, project).exit_code == 0
    records = import_plan(project)["records"]
    assert "A_gone" not in records and records["A_mail"] == "example.com/mail/A"  # type: ignore[index]


def test_authoritative_zone_deletes_every_undeclared_unignored_set(seeded: Emulator, project: Path) -> None:
    path = project / "records" / f"{ZONE}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ttl: 3600", "ttl: 3600\nmode: authoritative", 1),
                    encoding="utf-8")
    result = run(seeded, project)
    assert result.exit_code == 0, result.output
    assert keys(seeded) == {("@", "MX"), ("@", "TXT"), ("www", "CNAME"), ("_imaps._tcp", "SRV"),
                            ("_submission._tcp", "SRV"), ("_acme-challenge", "TXT")}


def test_a_damaged_state_changes_nothing(seeded: Emulator, project: Path) -> None:
    state = project / ".state" / ZONE / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text('{"version": 4, "resources": [', encoding="utf-8")
    seeded.clear_requests()
    result = run(seeded, project)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("adopt: ") and "the Terraform state is damaged" in result.output
    assert "runbooks/state-recovery.md" in result.output and result.output.rstrip().endswith("nothing changed")
    assert seeded.requests == [] and not (project / "imports").exists()


def test_unknown_token_is_one_line(seeded: Emulator, project: Path) -> None:
    result = run(seeded, project, token="pat_" + "z" * 40)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("adopt: example.com: ") and "401" in result.output
    assert keys(seeded) == DEFAULT_KEYS | {("_acme-challenge", "TXT")}
    assert not (project / "imports").exists()


def test_expired_token_is_403(seeded: Emulator, project: Path) -> None:
    old = "pat_" + secrets.token_urlsafe(32)
    seeded.add_token(old, expires_at=datetime.now(UTC) - timedelta(days=1))
    result = run(seeded, project, token=old)
    assert result.exit_code == 1 and "403" in result.output and old not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_record_file(emu: Emulator, project: Path) -> None:
    shutil.rmtree(project / "records")
    result = run(emu, project)
    assert result.exit_code == 1
    # Changed on purpose: a zone of the user's own cdktf app has no record file (see below).
    assert result.output == ("adopt: records/example.com.yaml: no such record file, and no synthesised stack under "
                             "cdktf.out/ declares example.com: write the record file, or run `npx cdktf synth` "
                             "first (a cdktf app of your own)\n")
    assert emu.requests == []


def synthesise_app(project: Path) -> Path:
    """A cdktf app of the user's own, as issue reports show it: a domain registered at Gandi, its
    record sets declared in code (``from_name`` + ``add_record_set``), synthesised into cdktf.out."""
    from constructs_lib import cdk
    from constructs_lib.cdk import TerraformStack
    from constructs_lib.gandi import GandiProvider
    from constructs_lib.zone import GandiZone

    stack = TerraformStack(cdk.Testing.app(), "dns")
    GandiProvider(stack, "gandi")
    zone = GandiZone.from_name(stack, "zone", ZONE, ttl=3600, manage_domain=False, imports_dir=None)
    zone.add_record_set("@", "MX", ["10 aspmx.l.google.com."])
    zone.add_record_set("@", "TXT", ["v=spf1 include:_spf.google.com ~all"])
    zone.add_record_set("www", "CNAME", ["example.github.io."])
    zone.add_record_set("blog", "CNAME", ["example.github.io."])
    path = project / "cdktf.out" / "stacks" / "dns" / "cdk.tf.json"
    path.parent.mkdir(parents=True)
    path.write_text(cdk.Testing.synth(stack), encoding="utf-8")
    (project / "cdktf.json").write_text('{"language": "python", "app": "python3 main.py"}', encoding="utf-8")
    return path


def test_a_zone_declared_by_the_users_own_app_is_adopted_from_its_synthesised_stack(
    seeded: Emulator, project: Path
) -> None:
    shutil.rmtree(project / "records")
    synthesise_app(project)
    result = run(seeded, project)
    assert result.exit_code == 0, result.output
    assert import_plan(project) == {"domain": True, "records": {
        "CNAME_www": "example.com/www/CNAME", "MX_APEX": "example.com/@/MX", "TXT_APEX": "example.com/@/TXT"}}
    assert keys(seeded) == DEFAULT_KEYS | {("_acme-challenge", "TXT")}  # nothing in the way: additive
    assert result.stdout.splitlines()[-1] == (
        "adopt: example.com: wrote imports/example.com.json (3 live set(s) to import, and the zone), "
        "deleted 0 set(s) in the way; next: `npx cdktf deploy dns`")


def test_sets_of_the_apps_zone_already_in_its_state_are_not_imported_again(seeded: Emulator, project: Path) -> None:
    shutil.rmtree(project / "records")
    stack_file = synthesise_app(project)
    mx = {"zone": ZONE, "name": "@", "type": "MX", "ttl": 10800, "values": ["10 spool.mail.gandi.net."]}
    other = {**mx, "zone": "example.org"}
    (stack_file.parent / "terraform.tfstate").write_text(json.dumps({"version": 4, "serial": 1, "resources": [
        {"mode": "managed", "type": "gandi_livedns_record", "name": "MX_APEX", "instances": [{"attributes": mx}]},
        {"mode": "managed", "type": "gandi_livedns_record", "name": "TXT_APEX_IN_example-org",
         "instances": [{"attributes": {**other, "type": "TXT", "values": ['"x"']}}]},
    ]}), encoding="utf-8")
    result = run(seeded, project)
    assert result.exit_code == 0, result.output
    assert set(import_plan(project)["records"]) == {"CNAME_www", "TXT_APEX"}  # another zone's state is not ours
