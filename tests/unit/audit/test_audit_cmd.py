"""``zonestack audit`` against the emulator: one listing per zone, exit codes, formats."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from livedns_emulator import Emulator
from zonestack.cli.audit_cmd import command

from .conftest import PAT, ZONE


def seed_in_sync(emu: Emulator) -> None:
    emu.put_rrset(ZONE, "@", "A", ["203.0.113.10"], ttl=1800)
    emu.put_rrset(ZONE, "www", "CNAME", ["example.org."], ttl=1800)
    emu.put_rrset(ZONE, "@", "TXT", ["v=spf1 -all"], ttl=1800)
    emu.put_rrset(ZONE, "mail", "A", ["203.0.113.25"], ttl=3600)


def run(records_dir: Path, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, ["--records-dir", str(records_dir),
                                          "--state-dir", str(tmp_path / "state"), *extra])
    return result.exit_code, result.stdout, result.stderr


def test_clean_zone_exits_0_with_one_listing_call(emu: Emulator, records_dir: Path, tmp_path: Path) -> None:
    seed_in_sync(emu)
    emu.put_rrset(ZONE, "_acme-challenge", "TXT", ["token"])
    emu.clear_requests()
    code, out, err = run(records_dir, tmp_path, "--zone", ZONE)
    assert (code, err) == (0, "")
    assert [(m, p.split("?")[0], s) for m, p, s, _ in emu.requests] == [
        ("GET", f"/v5/livedns/domains/{ZONE}/records", 200)]
    assert out.startswith(f"### zonestack audit: `{ZONE}`\n\n**clean**: 0 missing, 0 changed, 0 unmanaged, "
                          "1 ignored, 0 state-only, 4 not-in-state, 0 prune, 0 contradicts\n")  # new category
    assert ("| live and declared, not in state | `mail` | A | 3600: `203.0.113.25` | 3600: `203.0.113.25` | no | "
            "the next `zonestack deploy` adopts it (an import in the plan) |") in out
    assert "| ignored | `_acme-challenge` | TXT | 10800: `\"token\"` | — | no | matches ignore |" in out


def test_drift_exits_2_and_json_lists_it(emu: Emulator, records_dir: Path, tmp_path: Path) -> None:
    seed_in_sync(emu)
    emu.put_rrset(ZONE, "mail", "A", ["203.0.113.26"], ttl=3600)
    emu.put_rrset(ZONE, "legacy", "A", ["192.0.2.7"], ttl=300)
    emu.clear_requests()
    code, out, _ = run(records_dir, tmp_path, "--format", "json")
    assert code == 2
    assert len(emu.requests) == 1
    data = json.loads(out)
    zone = data["zones"][0]
    assert (data["drift"], zone["zone"], zone["missing"], zone["state_only"]) == (True, ZONE, [], [])
    assert zone["changed"] == [{"name": "mail", "type": "A", "live": {"ttl": 3600, "values": ["203.0.113.26"]},
                                "declared": {"ttl": 3600, "values": ["203.0.113.25"]},
                                "in_state": False, "reason": ""}]
    assert [(e["name"], e["live"]["values"]) for e in zone["unmanaged"]] == [("legacy", ["192.0.2.7"])]


def test_missing_zone_at_gandi_is_an_error(emu: Emulator, records_dir: Path, tmp_path: Path) -> None:
    (records_dir / "other.org.yaml").write_text("zone: other.org\nrecords: []\n", encoding="utf-8")
    code, out, err = run(records_dir, tmp_path, "--zone", "other.org")
    assert code == 1
    assert err.startswith("audit: other.org: ") and err.count("\n") == 1
    assert PAT not in out + err


def test_invalid_record_file_is_path_line(emu: Emulator, records_dir: Path, tmp_path: Path) -> None:
    (records_dir / f"{ZONE}.yaml").write_text("zone: example.org\nrecords:\n  - name: x\n    type: A\n"
                                              "    values: [not-an-ip]\n", encoding="utf-8")
    code, out, err = run(records_dir, tmp_path)
    assert (code, out) == (1, "")
    assert err.startswith(f"{records_dir}/{ZONE}.yaml:5: ")
    assert emu.requests == []


def test_no_token_is_one_line(emu: Emulator, records_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("GANDI_PERSONAL_ACCESS_TOKEN")
    code, _, err = run(records_dir, tmp_path)
    assert code == 1
    assert err.startswith("audit: GANDI_PERSONAL_ACCESS_TOKEN is not set: export a Gandi personal access token")
    assert err.count("\n") == 1


def test_one_listing_per_zone_and_state_is_read(emu: Emulator, records_dir: Path, tmp_path: Path) -> None:
    seed_in_sync(emu)
    emu.create_zone("second.org")
    (records_dir / "second.org.yaml").write_text(
        "zone: second.org\nrecords:\n  - {name: www, type: A, values: [192.0.2.1]}\n", encoding="utf-8")
    emu.put_rrset("second.org", "www", "A", ["192.0.2.1"])
    state = tmp_path / "state" / "second.org" / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"version": 4, "resources": [
        {"mode": "managed", "type": "gandi_livedns_record", "name": "A_old", "instances": [
            {"attributes": {"name": "old", "type": "A", "ttl": 300, "values": ["192.0.2.9"]}}]}]}), encoding="utf-8")
    emu.clear_requests()
    code, out, _ = run(records_dir, tmp_path, "--format", "json")
    assert code == 2
    assert sorted(p.split("?")[0] for _, p, _, _ in emu.requests) == [
        f"/v5/livedns/domains/{ZONE}/records", "/v5/livedns/domains/second.org/records"]
    zones = {z["zone"]: z for z in json.loads(out)["zones"]}
    assert zones[ZONE]["drift"] is False
    assert zones["second.org"]["state_only"] == [{"name": "old", "type": "A", "live": None, "declared": None,
                                                 "in_state": True,
                                                 "reason": "gandi_livedns_record.A_old would be destroyed"}]
