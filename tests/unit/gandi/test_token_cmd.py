"""``zonestack token check``: verdicts, exit codes, JSON, and never the token."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from zonestack.cli.token_cmd import command
from zonestack.emulator import Emulator

from .conftest import PAT

EXPIRED = "pat_" + "x" * 32
UNKNOWN = "pat_" + "y" * 32


def _run(url: str, token: str | None, *args: str) -> tuple[int, str]:
    env = {"GANDI_URL": url, "GANDI_PERSONAL_ACCESS_TOKEN": token}
    result = CliRunner().invoke(command, ["check", *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = result.output
    if token:
        assert token not in out
    return result.exit_code, out


def test_valid_token(emu: Emulator) -> None:
    code, out = _run(emu.url, PAT)
    assert (code, out) == (0, f"ok: token accepted by {emu.url} (1 LiveDNS domain(s) visible)\n")
    assert [(r.method, r.path) for r in emu.requests] == [("GET", "/v5/livedns/domains?per_page=1")]


def test_valid_token_json(emu: Emulator) -> None:
    code, out = _run(emu.url, PAT, "--json")
    assert code == 0
    assert json.loads(out) == {"status": "valid", "exit_code": 0, "url": emu.url, "domains": 1,
                               "message": f"token accepted by {emu.url} (1 LiveDNS domain(s) visible)"}


def test_unknown_token(emu: Emulator) -> None:
    code, out = _run(emu.url, UNKNOWN)
    assert code == 2
    assert out == (f"error: token rejected by {emu.url} (401): it is malformed or unknown to Gandi; "
                   "check GANDI_PERSONAL_ACCESS_TOKEN\n")


def test_expired_token_names_runbook(emu: Emulator) -> None:
    emu.add_token(EXPIRED, expires_at=datetime.now(timezone.utc) - timedelta(hours=1))
    code, out = _run(emu.url, EXPIRED, "--json")
    assert code == 3
    verdict = json.loads(out)
    assert verdict["status"] == "forbidden"
    assert verdict["message"].endswith("the usual cause is an expired PAT; see runbooks/rotate-pat.md")


def test_unreachable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, out = _run(f"http://127.0.0.1:{port}", PAT, "--timeout", "2")
    assert code == 4
    assert out.startswith(f"error: GET /v5/livedns/domains: cannot reach the Gandi API at http://127.0.0.1:{port} (")


@pytest.mark.parametrize("token", [None, "", "   "])
def test_missing_token(token: str | None) -> None:
    code, out = _run("http://127.0.0.1:9", token)
    assert code == 2
    assert out == ("error: GANDI_PERSONAL_ACCESS_TOKEN is not set: export a Gandi personal access token "
                   "(see runbooks/rotate-pat.md)\n")
