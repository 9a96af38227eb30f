"""``python -m livedns_emulator``: token file parsing and a real foreground run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click
import httpx
import pytest
from click.testing import CliRunner

from livedns_emulator.cli import command, read_token_file
from tests.waiting import GENEROUS

from .conftest import PAT


def test_read_token_file(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text(f"# comment\n\n{PAT}\nApikey shortkey123\nBearer pat_two_{'x' * 20}\n")
    assert read_token_file(path) == [("Bearer", PAT), ("Apikey", "shortkey123"),
                                     ("Bearer", f"pat_two_{'x' * 20}")]
    path.write_text("a b c\n")
    with pytest.raises(click.BadParameter):
        read_token_file(path)


def test_help_documents_options() -> None:
    out = CliRunner().invoke(command, ["--help"]).output
    for option in ("--port", "--data", "--host", "--token-file", "--seed-defaults", "--rate-limit"):
        assert option in out


def test_foreground_server(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens"
    tokens.write_text(PAT + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "livedns_emulator", "--port", "0", "--data", str(tmp_path / "d"),
         "--token-file", str(tokens), "--seed-defaults"],
        stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline()
        url = banner.split(" listening on ")[1].split()[0]
        httpx.post(f"{url}/_emulator/domains", json={"fqdn": "cli.org"}, timeout=GENEROUS)
        r = httpx.post(f"{url}/v5/livedns/domains", json={"fqdn": "cli.org"},
                       headers={"Authorization": f"Bearer {PAT}"}, timeout=GENEROUS)
        assert r.status_code == 201
        assert len(httpx.get(f"{url}/_emulator/zones/cli.org/rrsets", timeout=GENEROUS).json()) == 10
        line = proc.stderr.readline()
        assert line.startswith("POST /v5/livedns/domains 201 bearer-") and PAT not in line
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=GENEROUS)  # returns as soon as it exits: the bound is for a loaded machine
    assert proc.returncode == 0
