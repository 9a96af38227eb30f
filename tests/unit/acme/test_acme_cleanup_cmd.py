"""``zonestack acme-cleanup`` on orphans made the way libdns/gandi (Caddy) makes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory, live
from zonestack.cli.acme_cleanup_cmd import command

from .libdns import Libdns

PAT = "pat_acme_" + "q" * 24
ZONE = "example.org"
RECORDS = """\
zone: example.org
ignore: [_acme-challenge, _acme-challenge.sub]
records:
  - {name: "@", type: TXT, values: ["v=spf1 -all"]}
  - {name: _acme-challenge.static, type: TXT, values: [pinned-token]}
  - {name: www, type: A, values: [192.0.2.10]}
"""
UNTOUCHED = {("@", "TXT"): ['"v=spf1 -all"'], ("_acme-challenge.static", "TXT"): ['"pinned-token"', '"stray"'],
             ("www", "A"): ["192.0.2.10"], ("x", "TXT"): ['"t1"']}


@pytest.fixture
def emu(start_emulator: EmulatorFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    emulator = start_emulator(token=PAT, label="pat-acme", zone=ZONE)
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / f"{ZONE}.yaml").write_text(RECORDS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GANDI_URL", emulator.url)
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    for (name, rtype), values in UNTOUCHED.items():
        emulator.put_rrset(ZONE, name, rtype, values)
    bot = Libdns(emulator.url, PAT, ZONE)
    bot.issue("_acme-challenge", "t1", "t2")  # example.org + *.example.org
    bot.issue("_acme-challenge.sub", "s1", "s2")
    bot.close()
    emulator.clear_requests()
    return emulator


def values(emu: Emulator) -> dict[tuple[str, str], tuple[str, ...]]:
    """The live values by (name, type), TTLs left out."""
    return {key: stored for key, (_, stored) in live(emu, ZONE).items()}


def writes(emu: Emulator) -> list[tuple[str, str, int]]:
    return [(m, p, s) for m, p, s, _ in emu.requests if m != "GET"]


def test_libdns_really_leaves_orphans(emu: Emulator) -> None:
    assert values(emu)[("_acme-challenge", "TXT")] == ('"t1"', '"t2"')
    assert values(emu)[("_acme-challenge.sub", "TXT")] == ('"s1"', '"s2"')


def test_dry_run_lists_and_changes_nothing(emu: Emulator) -> None:
    before = values(emu)
    result = CliRunner().invoke(command, [])
    assert result.exit_code == 2
    assert result.stdout == (
        'example.org: _acme-challenge TXT: would delete the record set; 2 value(s): "t1", "t2"\n'
        "example.org: _acme-challenge.static TXT: declared in the record file, left alone\n"
        'example.org: _acme-challenge.sub TXT: would delete the record set; 2 value(s): "s1", "s2"\n'
        "acme-cleanup: would remove 4 orphan value(s) (dry run; add --doit)\n")
    assert (values(emu), writes(emu)) == (before, [])


def test_doit_removes_orphans_only(emu: Emulator) -> None:
    result = CliRunner().invoke(command, ["--zone", ZONE, "--doit"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.endswith("acme-cleanup: removed 4 orphan value(s)\n")
    assert values(emu) == {key: tuple(v) for key, v in UNTOUCHED.items()}
    assert writes(emu) == [("DELETE", f"/v5/livedns/domains/{ZONE}/records/_acme-challenge/TXT", 204),
                           ("DELETE", f"/v5/livedns/domains/{ZONE}/records/_acme-challenge.sub/TXT", 204)]
    again = CliRunner().invoke(command, ["--zone", ZONE])
    assert again.exit_code == 0


def test_keep_rewrites_the_rest_and_json(emu: Emulator) -> None:
    result = CliRunner().invoke(command, ["--doit", "--keep", "t2", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["doit"], data["orphans"], data["zones"][0]["removed"]) == (True, 3, 3)
    assert data["zones"][0]["rrsets"][0] == {"name": "_acme-challenge", "ttl": 10800, "action": "put",
                                             "orphans": ['"t1"'], "keep": ['"t2"'], "empty": False}
    assert values(emu) == {**{key: tuple(v) for key, v in UNTOUCHED.items()}, ("_acme-challenge", "TXT"): ('"t2"',)}
    assert writes(emu) == [("PUT", f"/v5/livedns/domains/{ZONE}/records/_acme-challenge/TXT", 201),
                           ("DELETE", f"/v5/livedns/domains/{ZONE}/records/_acme-challenge.sub/TXT", 204)]


def test_api_error_is_one_line_without_token(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", "pat_wrong_" + "z" * 24)
    result = CliRunner().invoke(command, ["--doit"])
    assert result.exit_code == 1
    assert result.stderr.startswith("acme-cleanup: ") and result.stderr.count("\n") == 1
    assert "z" * 24 not in result.stdout + result.stderr


def test_an_empty_challenge_record_set_is_deleted_not_left_behind(emu: Emulator) -> None:
    """Issue 19 item 9: certbot-plugin-gandi's cleanup PUTs ``[]`` (certbot-plugin-gandi#5, acme.sh#2037)."""
    emu.put_rrset(ZONE, "_acme-challenge.www", "TXT", [])
    assert values(emu)[("_acme-challenge.www", "TXT")] == ()
    emu.clear_requests()
    dry = CliRunner().invoke(command, ["--zone", ZONE])
    assert dry.exit_code == 2
    assert "example.org: _acme-challenge.www TXT: would delete the empty record set (no values left)\n" in dry.stdout
    assert dry.stdout.endswith("acme-cleanup: would remove 4 orphan value(s) and 1 empty record set(s) "
                               "(dry run; add --doit)\n")
    assert writes(emu) == []
    done = CliRunner().invoke(command, ["--zone", ZONE, "--doit", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["empty_rrsets"] == 1
    assert ("DELETE", f"/v5/livedns/domains/{ZONE}/records/_acme-challenge.www/TXT", 204) in writes(emu)
    assert values(emu) == {key: tuple(v) for key, v in UNTOUCHED.items()}  # no challenge set left, empty or not
    assert CliRunner().invoke(command, ["--zone", ZONE]).exit_code == 0
