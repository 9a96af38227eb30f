"""Issue 7, "Must show": the whole migration path with the real provider.

A real-shaped Cloudflare export (``tests/fixtures/cloudflare-full.zone``: no
``$ORIGIN``, a bare SOA owner, an apex CNAME, proxied records,
``_acme-challenge``, TTL 1) is imported into a zone that already exists at
the emulator with Gandi's default records, as it does for every domain
registered at Gandi. Then, as a user runs them: ``import bind`` →
``validate`` → ``deploy`` (the plan adopts the zone) → ``audit`` (Gandi's mail defaults contradict) →
a second plan, ``python -m zonestack.deploy diff`` and plain ``cdktf diff`` (no changes) →
``verify`` over DNS (when Knot DNS is installed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from livedns_emulator.knot import KnotUnavailable
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ROOT, Project, expected_rrsets, live_rrsets
from tests.e2e.test_reconcile import plan_row, planned_prunes, synthesised_without_helpers, zonestack

pytestmark = pytest.mark.e2e

ZONE = "shop-example.com"
EXPORT = ROOT / "tests" / "fixtures" / "cloudflare-full.zone"

#: Gandi's defaults that neither collide nor conflict with the export: left alone, unmanaged (additive zone).
UNTOUCHED_DEFAULTS = {
    ("webmail", "CNAME"): (10800, ("webmail.gandi.net.",)),
    ("_imap._tcp", "SRV"): (10800, ("0 0 0 .",)),
    ("_pop3._tcp", "SRV"): (10800, ("0 0 0 .",)),
    ("_pop3s._tcp", "SRV"): (10800, ("10 1 995 mail.gandi.net.",)),
}
#: Written by a certificate bot (Caddy) before the migration; under ``ignore:``, never touched.
ACME = ("_acme-challenge", "TXT", 300, ('"caddy-token-1"',))


def run(project: Project, *argv: str) -> subprocess.CompletedProcess[str]:
    """``python ARGV`` in the project copy with its environment; output kept for the PAT scan
    (``zonestack`` runs ``python -m zonestack`` the same way)."""
    done = subprocess.run([sys.executable, *argv], cwd=project.path, env={**os.environ, **project.env},
                          capture_output=True, text=True, timeout=900)
    project.transcript.append(done.stdout + done.stderr)
    return done


def audit_json(project: Project) -> dict[str, object]:
    """The audit of an additive migration: Gandi's untouched mail defaults contradict the export's own
    mail (Cloudflare's routing MX), which is drift (exit 2) with the fix named (issue 19.3)."""
    done = zonestack(project, "audit", "--zone", ZONE, "--format", "json")
    assert done.returncode == 2, done.stdout + done.stderr
    body = json.loads(done.stdout)
    assert body["drift"] is True and body["errors"] is False, done.stdout
    (zone,) = body["zones"]
    return zone


def test_cloudflare_export_into_an_existing_gandi_zone(
        start_emulator: EmulatorFactory, make_project: ProjectFactory) -> None:
    emu = start_emulator()
    try:
        emu.start_dns()
        no_dns = ""
    except KnotUnavailable as exc:
        no_dns = str(exc)
    emu.register_domain(ZONE)
    emu.create_zone(ZONE, seed_defaults=True)  # every domain registered at Gandi has its LiveDNS zone
    emu.put_rrset(ZONE, ACME[0], ACME[1], list(ACME[3]), ttl=ACME[2])
    seeded = live_rrsets(emu.rrsets(ZONE))
    assert seeded[("www", "CNAME")] == (10800, ("webredir.vip.gandi.net.",))
    assert seeded[("@", "A")] == (10800, ("217.70.184.38",))

    project = make_project(emu, **(emu.dns.env() if emu.dns is not None else {}))
    project.zone_name = ZONE
    (project.path / "records" / "example.com.yaml").unlink()
    shutil.copy(EXPORT, project.path / "cloudflare.zone")

    # import → validate
    imported = zonestack(project, "import", "bind", "cloudflare.zone", "--zone", ZONE)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Traceback" not in imported.stdout + imported.stderr
    assert "becomes @ ALIAS" in imported.stdout and "cf-proxied:true" in imported.stdout
    assert "TTL 1 (Cloudflare's 'auto')" in imported.stdout
    zone = project.zone()
    declared = expected_rrsets(zone)
    assert ("@", "ALIAS") in declared and ("@", "CNAME") not in declared
    assert not [k for k in declared if k[0].startswith("_acme-challenge")] and "_acme-challenge*" in zone.ignore
    assert 25 <= len(declared) <= 40
    validated = zonestack(project, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr

    # deploy: the plan adopts the zone and the colliding defaults, and prunes the conflicting parking @ A
    assert planned_prunes(project) == [
        {"name": "@", "type": "A", "ttl": 10800, "values": ["217.70.184.38"], "reason": "conflict"}]
    deployed = zonestack(project, "deploy", "--zone", ZONE)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    out = deployed.stdout
    lines = out.splitlines()
    assert f"{ZONE}: import the zone" in lines, out
    for name, rtype in (("@", "MX"), ("@", "TXT"), ("www", "CNAME"), ("_imaps._tcp", "SRV"),
                        ("_submission._tcp", "SRV")):
        assert any(line.startswith(f"{ZONE}: import+change {name} {rtype} ") for line in lines), (name, out)
    assert any(line.startswith(f"{ZONE}: prune @ A ") for line in lines), out
    assert synthesised_without_helpers(project)
    # imports: the domain + 5 sets; adds: the other 22 sets; destroy: the pruned @ A
    assert plan_row(out, ZONE)[1:5] == ["6", "22", "5", "1"]
    assert [r for r in emu.requests if r.status in (400, 409)] == []

    live = live_rrsets(emu.rrsets(ZONE))
    assert {k: v for k, v in live.items() if k in declared} == declared  # values and TTLs as declared
    assert ("@", "A") not in live  # the parking address cannot stand beside the declared @ ALIAS
    assert live[("www", "CNAME")] == declared[("www", "CNAME")] == (3600, ("shop-example.com.",))
    assert {k: v for k, v in live.items() if k not in declared} == {**UNTOUCHED_DEFAULTS, ACME[:2]: ACME[2:]}

    # audit (changed on purpose with issue 19.3): the untouched mail defaults contradict the export's mail,
    # so they are reported with the fix instead of passing as unmanaged; the bot's token ignored
    audit = audit_json(project)
    assert sorted((e["name"], e["type"]) for e in audit["contradicts"]) == sorted(UNTOUCHED_DEFAULTS)
    assert audit["unmanaged"] == [] and all("mode: authoritative" in e["reason"] for e in audit["contradicts"])
    assert [(e["name"], e["type"]) for e in audit["ignored"]] == [ACME[:2]]
    assert all(not audit[c] for c in ("missing", "changed", "state_only", "not_in_state", "prune")), audit

    # a second plan, the guarded one and plain cdktf's: no changes, nothing written
    emu.clear_requests()
    again = zonestack(project, "deploy", "--zone", ZONE, "--plan-only")
    assert again.returncode == 0, again.stdout + again.stderr
    assert plan_row(again.stdout, ZONE)[-1] == "no changes", again.stdout
    diff = run(project, "-m", "zonestack.deploy", "diff", ZONE)  # the same guarded plan, cdktf-style verb
    assert diff.returncode == 0, diff.stdout + diff.stderr
    assert plan_row(diff.stdout, ZONE)[-1] == "no changes", diff.stdout
    plain = project.cdktf("diff")  # plain cdktf: synthesis from the record files alone, no helper resources
    assert plain.ok and plain.summary is not None and plain.summary.no_changes, plain.output
    assert [r for r in emu.requests if r.method in ("DELETE", "POST", "PUT", "PATCH")] == []
    assert live_rrsets(emu.rrsets(ZONE)) == live

    # proof over DNS: the LiveDNS nameservers answer what the file declares
    if no_dns:
        pytest.skip(f"{no_dns} (every step but `zonestack verify` ran)")
    verified = zonestack(project, "verify", "--zone", ZONE, "--wait", "10")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # the apex ALIAS's target is outside the zone (not checkable); ns1.lab is glue of the lab
    # delegation (an NS there names it), so the referral's additional section proves it
    assert verified.stdout.splitlines()[-1] == f"{ZONE}: 26/26 record sets ok at 1 nameserver; 1 not checkable", \
        verified.stdout
