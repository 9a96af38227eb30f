"""The situation each runbook is written for, set up in the emulator and a project copy.

Each scenario gets the emulator, the project directory and the literal
placeholder values, and returns the placeholders only the test can know
(e.g. a snapshot id). Record sets are published as another tool would, in
the canonical form Gandi stores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import dns.message
import dns.query
import dns.rdatatype
import httpx

from devkit import migration
from livedns_emulator import Emulator
from tests.unit.acme.libdns import Libdns
from zonestack.gandi import LiveDNSClient
from zonestack.loader import load_zone

Scenario = Callable[[Emulator, Path, Mapping[str, str], dict[str, str], bool], dict[str, str]]

SIMPLE = """\
zone: {zone}
ttl: 1800
ignore: [_acme-challenge, _acme-challenge.*]
records:
  - {{name: "@", type: A, values: [192.0.2.10]}}
  - {{name: "@", type: TXT, values: ["v=spf1 -all"]}}
  - {{name: "@", type: MX, values: ["10 mail.{zone}."]}}
  - {{name: www, type: CNAME, values: ["{zone}."]}}
  - {{name: mail, type: A, ttl: 3600, values: [192.0.2.25]}}
"""


def write_records(project: Path, zone: str) -> None:
    (project / "records" / f"{zone}.yaml").write_text(SIMPLE.format(zone=zone), encoding="utf-8")


def publish(emu: Emulator, project: Path, zone: str) -> None:
    """Create the zone at 'Gandi' holding exactly what the record file declares."""
    emu.create_zone(zone)
    for record in load_zone(project / "records" / f"{zone}.yaml").records:
        emu.put_rrset(zone, record.name, record.type, list(record.values), ttl=record.ttl)


def rotate_pat(emu: Emulator, project: Path, values: Mapping[str, str], env: dict[str, str],
               provider: bool) -> dict[str, str]:
    write_records(project, values["<zone>"])
    publish(emu, project, values["<zone>"])
    return {}


def migrate_zone(emu: Emulator, project: Path, values: Mapping[str, str], env: dict[str, str],
                 provider: bool) -> dict[str, str]:
    migration.prepare(emu, project, values)
    return {}


def acme_orphans(emu: Emulator, project: Path, values: Mapping[str, str], env: dict[str, str],
                 provider: bool) -> dict[str, str]:
    zone = values["<zone>"]
    write_records(project, zone)
    publish(emu, project, zone)
    bot = Libdns(emu.url, env["GANDI_PERSONAL_ACCESS_TOKEN"], zone)
    try:
        bot.issue("_acme-challenge", "t1", "t2")  # first certificate: apex + wildcard
        bot.issue("_acme-challenge", "t3", values["<token>"])  # the renewal adds two more
    finally:
        bot.close()
    return {}


def state_recovery(emu: Emulator, project: Path, values: Mapping[str, str], env: dict[str, str],
                   provider: bool) -> dict[str, str]:
    zone = values["<zone>"]
    write_records(project, zone)
    publish(emu, project, zone)
    state = project / ".state" / zone / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text('{"version": 4, "resources": [{"mode": "managed", "type": "gandi_li', encoding="utf-8")
    return {}


def restore_snapshot(emu: Emulator, project: Path, values: Mapping[str, str], env: dict[str, str],
                     provider: bool) -> dict[str, str]:
    zone = values["<zone>"]
    write_records(project, zone)
    if provider:  # deployed for real, so the runbook's final plan has state to compare with
        emu.register_domain(zone)
        done = subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--zone", zone, "--quiet"],
                              cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        publish(emu, project, zone)
    with LiveDNSClient(emu.url, env["GANDI_PERSONAL_ACCESS_TOKEN"]) as client:
        snapshot_id = client.create_snapshot(zone, "before the accident")
        client.put_rrset(zone, "@", "A", ["198.51.100.66"], 1800)  # the accident
        client.put_rrset(zone, "junk", "TXT", ['"oops"'], 300)
        client.delete_rrset(zone, "www", "CNAME")
    return {"<snapshot-id>": snapshot_id}


def migrated(emu: Emulator, project: Path, values: Mapping[str, str], ran: list[tuple[str, str]]) -> None:
    """After the migrate runbook: the zone serves exactly the export's record sets (apex NS/SOA aside):
    Gandi's defaults in the way and those the export lacks (its mail SRV sets, webmail, issue 19.3) are
    gone, and every audit the runbook ran was clean (issue 7.5)."""
    zone = values["<zone>"]
    declared = load_zone(project / "records" / f"{zone}.yaml")
    assert declared.authoritative
    live = {(r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], sorted(r["rrset_values"])) for r in emu.rrsets(zone)}
    for record in declared.records:
        assert live.pop((record.name, record.type)) == (record.ttl, sorted(record.values)), record
    assert set(live) <= {("@", "NS"), ("@", "SOA")}, f"live beyond the export: {sorted(live)}"
    # the cutover flipped the registrar's nameservers to LiveDNS's, and the parent followed
    shown = httpx.get(f"{emu.url}/v5/livedns/nameservers/{zone}", timeout=5).json()
    assert emu.dns is not None and emu.dns.delegation(zone) == shown
    report = (project / f"{zone}-cutover.md").read_text(encoding="utf-8")
    assert "applied: yes" in report and f"{zone} is delegated to LiveDNS" in report
    # DNSSEC on after the flip: the DS at the registry is LiveDNS's key, and the chain was proven
    signed = (project / f"{zone}-dnssec.md").read_text(encoding="utf-8")
    assert "applied: yes" in signed and f"{zone}: chain of trust proven" in signed
    host, port = emu.dns.parent_address.rsplit(":", 1)
    answer = dns.query.udp(dns.message.make_query(zone, "DS"), host, port=int(port), timeout=5)
    assert [r.rdtype for r in answer.answer] == [dns.rdatatype.DS]
    assert json.loads((project / "imports" / f"{zone}.dnssec.json").read_text(encoding="utf-8"))["zone"] == zone
    audits = [out for text, out in ran if text.startswith("pipenv run zonestack audit")]
    assert len(audits) == 2 and "**clean**" in audits[0], audits
    (report,) = json.loads(audits[1])["zones"]
    assert report["drift"] is False and not report["missing"] and not report["changed"] and not report["prune"]
    assert not report["unmanaged"] and not report["contradicts"]


def recovered(emu: Emulator, project: Path, values: Mapping[str, str], ran: list[tuple[str, str]]) -> None:
    """After the state-recovery runbook: the re-plan held imports only, and the zone is as declared."""
    zone = values["<zone>"]
    declared = load_zone(project / "records" / f"{zone}.yaml")
    plans = [out for text, out in ran if text.startswith("pipenv run deploy") and "--plan-only" in text]
    assert len(plans) == 2, plans
    row = next(line for line in plans[1].splitlines() if line.strip().strip("│┃|").split("│")[0].strip() == zone)
    cells = [c.strip() for c in row.strip().strip("│┃|").split("│")]
    assert cells[2:6] == [str(len(declared.records) + 1), "0", "0", "0"], cells  # import, add, change, destroy
    live = {(r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], sorted(r["rrset_values"])) for r in emu.rrsets(zone)}
    assert all(live[r.key] == (r.ttl, sorted(r.values)) for r in declared.records)


#: Checks after the last command of a runbook: runbook → check(emulator, project, values, [(command, stdout)]).
AFTER: dict[str, Callable[[Emulator, Path, Mapping[str, str], list[tuple[str, str]]], None]] = {
    "migrate-zone.md": migrated,
    "state-recovery.md": recovered,
}

#: Human steps a test must act out: runbook → heading text → what the person does there.
HUMAN_STEPS: dict[str, dict[str, migration.HumanStep]] = {
    "migrate-zone.md": {heading: step for heading, (_, step) in migration.HUMAN_STEPS.items()},
}

SCENARIOS: dict[str, Scenario] = {
    "rotate-pat.md": rotate_pat,
    "migrate-zone.md": migrate_zone,
    "acme-orphans.md": acme_orphans,
    "state-recovery.md": state_recovery,
    "restore-snapshot.md": restore_snapshot,
}


def command_env(base: Mapping[str, str], emu: Emulator, pat: str, provider_env: Mapping[str, str]) -> dict[str, str]:
    """What a person running the runbook has: the PAT and URL in the environment."""
    return {**os.environ, **base, **provider_env, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": pat,
            "PIPENV_VENV_IN_PROJECT": "1", "PIPENV_IGNORE_VIRTUALENVS": "1", "PIPENV_VERBOSITY": "-1",
            "ZONESTACK_BACKEND": "local"}
