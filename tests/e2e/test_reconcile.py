"""Adoption and prunes from the run's snapshot end to end: real Terraform + go-gandi against the emulator.

Issues 7.4/7.5 (a zone that already exists at Gandi with its default records),
8.1 (no hidden wipe once ``imports/Z.json`` is gone), 8.3 (declared and live
but not in state: the rerun adopts instead of failing with 409 for good) and
12 (authoritative zones prune exactly what the plan lists).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, Project, live_rrsets

pytestmark = pytest.mark.e2e

HAND_WRITTEN = """\
zone: example.com
records:
  - {name: www, type: A, values: [203.0.113.80]}
  - {name: "@", type: ALIAS, values: [example-com.cdn.example.net.]}
  - {name: "@", type: MX, values: ["10 mx.example.net."]}
"""


def zonestack(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m zonestack ARGS`` in the project copy, with its environment; output kept for the PAT scan."""
    done = subprocess.run([sys.executable, "-m", "zonestack", *args], cwd=project.path,
                          env={**os.environ, **project.env}, capture_output=True, text=True, timeout=600)
    project.transcript.append(done.stdout + done.stderr)
    return done


GANDI_MAIL = [["@", "TXT"], ["_imap._tcp", "SRV"], ["_imaps._tcp", "SRV"], ["_pop3._tcp", "SRV"],
              ["_pop3s._tcp", "SRV"], ["_submission._tcp", "SRV"], ["webmail", "CNAME"]]


def assert_only_gandi_mail_contradicts(project: Project) -> None:
    """The audit after deploying HAND_WRITTEN (@ MX elsewhere, additive) into a seeded zone: nothing
    missing, changed or to prune; Gandi's mail defaults reported as contradicting the file (exit 2)."""
    audit = zonestack(project, "audit", "--zone", ZONE, "--format", "json")
    assert audit.returncode == 2, audit.stdout + audit.stderr
    (report,) = json.loads(audit.stdout)["zones"]
    assert not (report["missing"] or report["changed"] or report["prune"] or report["state_only"]), report
    assert [[e["name"], e["type"]] for e in report["contradicts"]] == GANDI_MAIL


def deploy(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return zonestack(project, "deploy", "--zone", ZONE, *args)


def plan_row(output: str, zone: str = ZONE) -> list[str]:
    """The deploy table's row for the zone: record sets, import, add, change, destroy, verdict."""
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("│┃|").split("│")]
        if cells and cells[0] == zone:
            return cells[1:]
    raise AssertionError(f"no plan row for {zone} in:\n{output}")


def planned_prunes(project: Project) -> list[dict[str, object]]:
    """The prunes of the reviewed plan, from ``deploy --plan-only --format json`` (what the reviewer reads)."""
    done = zonestack(project, "deploy", "--zone", project.zone_name, "--plan-only", "--format", "json")
    assert done.returncode == 0, done.stderr
    (zone,) = json.loads(done.stdout)["zones"]
    return [{"name": c["name"], "type": c["type"], "ttl": c["before"]["ttl"], "values": c["before"]["values"],
             "reason": c["reason"]} for c in zone["changes"] if c["action"] == "prune"]


def synthesised_without_helpers(project: Project) -> bool:
    """Synthesis holds the declaration only: no terraform_data helper resource, no state-derived input."""
    body = json.loads((project.stack_dir / "cdk.tf.json").read_text(encoding="utf-8"))
    return "terraform_data" not in body.get("resource", {})


def test_first_deploy_into_an_existing_zone_with_gandi_defaults(
        start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    """7.4 + 7.5: adopt the zone and the colliding sets, prune the conflicting defaults, as the plan shows."""
    emu = start_emulator()
    emu.create_zone(ZONE, seed_defaults=True)
    project = make_project(emu)
    project.records_file.write_text(HAND_WRITTEN, encoding="utf-8")

    planned = deploy(project, "--plan-only")
    assert planned.returncode == 0, planned.stderr
    out = planned.stdout
    lines = out.splitlines()
    assert f"{ZONE}: import the zone" in lines, out
    assert any(line.startswith(f"{ZONE}: import+change @ MX ") for line in lines), out
    assert any(line.startswith(f"{ZONE}: prune www CNAME ") for line in lines), out
    assert synthesised_without_helpers(project)
    assert planned_prunes(project) == [
        {"name": "@", "type": "A", "ttl": 10800, "values": ["217.70.184.38"], "reason": "conflict"},
        {"name": "www", "type": "CNAME", "ttl": 10800, "values": ["webredir.vip.gandi.net."], "reason": "conflict"},
    ]
    assert plan_row(out)[1:4] == ["2", "2", "1"]  # imports (domain, @ MX), adds (www A, @ ALIAS), change (@ MX)
    assert ("@", "A") in live_rrsets(emu.rrsets(ZONE))  # --plan-only deleted nothing

    first = deploy(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert [r for r in emu.requests if r.status in (400, 409)] == []
    live = live_rrsets(emu.rrsets(ZONE))
    assert live[("www", "A")] == (10800, ("203.0.113.80",))
    assert live[("@", "ALIAS")] == (10800, ("example-com.cdn.example.net.",))
    assert live[("@", "MX")] == (10800, ("10 mx.example.net.",))
    assert ("www", "CNAME") not in live and ("@", "A") not in live
    assert ("webmail", "CNAME") in live and ("_imap._tcp", "SRV") in live  # additive: left alone

    # Changed on purpose (issue 19.3): Gandi's mail defaults left live in an additive zone whose @ MX is
    # elsewhere contradict the file; the audit says so (drift) instead of calling the zone clean.
    assert_only_gandi_mail_contradicts(project)

    again = deploy(project, "--plan-only")
    assert again.returncode == 0, again.stderr
    assert plan_row(again.stdout)[-1] == "no changes", again.stdout


def test_deleting_the_import_plan_never_wipes_the_zone(
        start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    """8.1: adopt with ``import gandi``, deploy, delete imports/Z.json, deploy again: nothing deleted."""
    emu = start_emulator()
    emu.create_zone(ZONE, seed_defaults=True)
    project = make_project(emu)
    project.records_file.unlink()
    imported = zonestack(project, "import", "gandi", "--zone", ZONE)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    first = deploy(project)
    assert first.returncode == 0, first.stdout + first.stderr
    before = live_rrsets(emu.rrsets(ZONE))

    (project.path / "imports" / f"{ZONE}.json").unlink()
    emu.clear_requests()
    second = deploy(project)
    assert second.returncode == 0, second.stdout + second.stderr
    assert plan_row(second.stdout)[-1] == "no changes", second.stdout
    assert [r for r in emu.requests if r.method in ("DELETE", "POST", "PUT", "PATCH")] == []
    assert live_rrsets(emu.rrsets(ZONE)) == before
    assert "clear_defaults" not in (project.stack_dir / "cdk.tf.json").read_text(encoding="utf-8")


def test_a_set_created_behind_the_stacks_back_is_adopted(
        start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    """8.3: declared and live but not in state (a create whose response was lost): the rerun adopts it."""
    emu = start_emulator()
    emu.create_zone(ZONE)
    project = make_project(emu)
    first = deploy(project)
    assert first.returncode == 0, first.stdout + first.stderr
    project.records_file.write_text(
        project.records_file.read_text(encoding="utf-8")
        + "  - {name: api, type: A, values: [203.0.113.44]}\n  - {name: status, type: TXT, values: [up]}\n",
        encoding="utf-8")
    # The API applied both creates, but Terraform never saw the answers.
    emu.put_rrset(ZONE, "api", "A", ["203.0.113.44"], ttl=3600)
    emu.put_rrset(ZONE, "status", "TXT", ['"down"'], ttl=3600)

    rerun = deploy(project)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert any(line.startswith(f"{ZONE}: import api A ") for line in rerun.stdout.splitlines()), rerun.stdout
    assert [r for r in emu.requests if r.status == 409] == []
    live = live_rrsets(emu.rrsets(ZONE))
    assert live[("status", "TXT")] == (3600, ('"up"',))
    assert "gandi_livedns_record.A_api" in project.state_addresses()
    again = deploy(project, "--plan-only")
    assert plan_row(again.stdout)[-1] == "no changes", again.stdout


AUTHORITATIVE = """\
zone: example.com
mode: authoritative
ignore: [_acme-challenge*]
records:
  - {name: www, type: A, values: [203.0.113.80]}
  - {name: "@", type: MX, values: ["10 mx.example.net."]}
"""


def test_authoritative_zone_prunes_exactly_the_undeclared_sets(
        start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    """Issue 12: two undeclared live sets and one ignored: the plan lists the two, the deploy deletes them."""
    emu = start_emulator()
    emu.create_zone(ZONE)
    emu.put_rrset(ZONE, "legacy", "A", ["192.0.2.7"], ttl=300)
    emu.put_rrset(ZONE, "old", "TXT", ['"v=old"'], ttl=300)
    emu.put_rrset(ZONE, "_acme-challenge", "TXT", ['"token"'], ttl=300)
    project = make_project(emu)
    project.records_file.write_text(AUTHORITATIVE, encoding="utf-8")

    planned = deploy(project, "--plan-only")
    assert planned.returncode == 0, planned.stderr
    assert planned_prunes(project) == [
        {"name": "legacy", "type": "A", "ttl": 300, "values": ["192.0.2.7"], "reason": "authoritative"},
        {"name": "old", "type": "TXT", "ttl": 300, "values": ['"v=old"'], "reason": "authoritative"},
    ]
    assert len(emu.rrsets(ZONE)) == 3

    applied = deploy(project)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert sorted(live_rrsets(emu.rrsets(ZONE))) == [("@", "MX"), ("_acme-challenge", "TXT"), ("www", "A")]
    deletes = [r.path.split("?")[0] for r in emu.requests if r.method == "DELETE"]
    assert deletes == [f"/v5/livedns/domains/{ZONE}/records/legacy/A", f"/v5/livedns/domains/{ZONE}/records/old/TXT"]
    again = deploy(project, "--plan-only")
    assert plan_row(again.stdout)[-1] == "no changes", again.stdout
    audit = zonestack(project, "audit", "--zone", ZONE)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_zone_the_plan_creates_gets_its_seeded_defaults_cleared_once(
        start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    """No zone at Gandi yet (registered, not attached): the plan creates it (two phases); if Gandi
    seeds it, zonestack deletes the seeds in the way between the phases; the next plan has no changes."""
    emu = start_emulator(seed_default_records=True)
    project = make_project(emu)
    project.records_file.write_text(HAND_WRITTEN, encoding="utf-8")
    first = deploy(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert any(line.startswith(f"{ZONE}: create the zone") for line in first.stdout.splitlines()), first.stdout
    assert ("removed 3 default record set(s) Gandi seeded in the way of declared ones (@ A, @ MX, www CNAME)"
            in first.stderr), first.stderr
    live = live_rrsets(emu.rrsets(ZONE))
    assert ("www", "CNAME") not in live and ("@", "A") not in live and live[("www", "A")][1] == ("203.0.113.80",)
    again = deploy(project, "--plan-only")
    assert plan_row(again.stdout)[-1] == "no changes", again.stdout
    assert_only_gandi_mail_contradicts(project)  # changed on purpose, see above
