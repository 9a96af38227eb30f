"""``zonestack clear-defaults`` against the emulator: only sets in the way of declared ones go,
never a set in state."""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonestack.cli.clear_defaults_cmd import command
from zonestack.emulator import Emulator, Settings

ROOT = Path(__file__).resolve().parents[3]
ZONE = "example.com"
TOKEN = "pat_" + secrets.token_urlsafe(32)

DEFAULT_KEYS = {
    ("@", "A"), ("@", "MX"), ("@", "TXT"), ("webmail", "CNAME"), ("www", "CNAME"),
    ("_imap._tcp", "SRV"), ("_imaps._tcp", "SRV"), ("_pop3._tcp", "SRV"),
    ("_pop3s._tcp", "SRV"), ("_submission._tcp", "SRV"),
}
# Those of Gandi's defaults that records/example.com.yaml declares too, and the parking
# ``@ A`` that cannot stay beside its declared ``@ ALIAS``.
COLLIDING = {("@", "MX"), ("@", "TXT"), ("www", "CNAME"), ("_imaps._tcp", "SRV"), ("_submission._tcp", "SRV"),
             ("@", "A")}


@pytest.fixture
def emu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    monkeypatch.chdir(tmp_path)  # the command reads .state/<zone>/ from the working directory
    monkeypatch.delenv("ZONESTACK_BACKEND", raising=False)
    emulator = Emulator.start(tmp_path / "emu", Settings(fsync=False))
    emulator.add_token(TOKEN)
    emulator.create_zone(ZONE, seed_defaults=True)
    emulator.put_rrset(ZONE, "_acme-challenge", "TXT", ["token-from-certbot"], ttl=300)
    yield emulator
    emulator.stop()


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(ROOT / "tests" / "fixtures" / "records", target)
    return target


def run(emu_url: str, records_dir: Path, *args: str, token: str = TOKEN):
    env = {"GANDI_URL": emu_url, "GANDI_PERSONAL_ACCESS_TOKEN": token}
    return CliRunner().invoke(command, ["--zone", ZONE, "--records-dir", str(records_dir), *args], env=env)


def keys(emu: Emulator) -> set[tuple[str, str]]:
    return {(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets(ZONE)}


def test_removes_only_declared_defaults(emu: Emulator, records_dir: Path) -> None:
    assert keys(emu) == DEFAULT_KEYS | {("_acme-challenge", "TXT")}
    result = run(emu.url, records_dir)
    assert result.exit_code == 0, result.output
    assert keys(emu) == (DEFAULT_KEYS - COLLIDING) | {("_acme-challenge", "TXT")}
    lines = result.output.splitlines()
    assert "clear-defaults: example.com: removed www CNAME webredir.vip.gandi.net." in lines
    assert lines[-1] == (
        "clear-defaults: example.com: removed 6 default record set(s) in the way of declared ones; left 5 other(s) untouched"
    )
    assert TOKEN not in result.output


def test_second_run_removes_nothing(emu: Emulator, records_dir: Path) -> None:
    run(emu.url, records_dir)
    again = run(emu.url, records_dir)
    assert again.exit_code == 0
    assert again.output.splitlines() == [
        "clear-defaults: example.com: removed 0 default record set(s) in the way of declared ones; left 5 other(s) untouched"
    ]


def test_dry_run_changes_nothing(emu: Emulator, records_dir: Path) -> None:
    result = run(emu.url, records_dir, "--dry-run")
    assert result.exit_code == 0
    assert "clear-defaults: example.com: would remove @ MX 10 spool.mail.gandi.net. 50 fb.mail.gandi.net." in result.output
    assert keys(emu) == DEFAULT_KEYS | {("_acme-challenge", "TXT")}


def test_unknown_token_is_one_line(emu: Emulator, records_dir: Path) -> None:
    result = run(emu.url, records_dir, token="pat_" + "z" * 40)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("clear-defaults: example.com: ") and "401" in result.output
    assert keys(emu) == DEFAULT_KEYS | {("_acme-challenge", "TXT")}


def test_expired_token_is_403(emu: Emulator, records_dir: Path) -> None:
    old = "pat_" + secrets.token_urlsafe(32)
    emu.add_token(old, expires_at=datetime.now(timezone.utc) - timedelta(days=1))
    result = run(emu.url, records_dir, token=old)
    assert result.exit_code == 1 and "403" in result.output and old not in result.output


def test_missing_record_file(tmp_path: Path, emu: Emulator) -> None:
    result = run(emu.url, tmp_path)
    assert result.exit_code == 1
    assert result.output == f"clear-defaults: {tmp_path / 'example.com.yaml'}: no such record file\n"


def test_never_touches_a_set_in_state(emu: Emulator, records_dir: Path, tmp_path: Path) -> None:
    """Issue 8.7/8.1: a set Terraform state holds is never a "default", even if declared or conflicting."""
    state = tmp_path / ".state" / ZONE / "terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"version": 4, "resources": [
        {"mode": "managed", "type": "gandi_livedns_record", "name": name,
         "instances": [{"attributes": {"name": n, "type": t, "ttl": 10800, "values": []}}]}
        for name, (n, t) in {"MX_APEX": ("@", "MX"), "A_APEX": ("@", "A")}.items()]}), encoding="utf-8")
    result = run(emu.url, records_dir)
    assert result.exit_code == 0, result.output
    assert keys(emu) == (DEFAULT_KEYS - COLLIDING) | {("_acme-challenge", "TXT"), ("@", "MX"), ("@", "A")}
    assert result.output.splitlines()[-1] == (
        "clear-defaults: example.com: removed 4 default record set(s) in the way of declared ones; "
        "left 7 other(s) untouched (2 in state, never touched)")
