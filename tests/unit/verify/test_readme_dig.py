"""The README's "ask it yourself" lines work as pasted: the emulator with ``--dns-port``, then ``dig``."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from livedns_emulator import Emulator, Settings
from livedns_emulator.knot import free_port
from tests.unit.verify.conftest import knot_or_skip
from tests.waiting import GENEROUS, wait_until

ROOT = Path(__file__).resolve().parents[3]


def readme_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sh\n(.*?)```", text, re.DOTALL) if "--dns-port" in b)
    return [line for line in block.splitlines() if line.strip()]


def test_readme_emulator_and_dig_lines(tmp_path: Path) -> None:
    knot_or_skip()
    if shutil.which("dig") is None:
        pytest.skip("dig is not installed: run `pipenv run python -m devkit.tools` as root (it installs Debian's 'bind9-dnsutils')")
    serve, dig = readme_lines()
    assert serve.startswith("pipenv run python -m livedns_emulator --data .cache/zonestack/demo-emulator ")
    assert dig.startswith("dig @127.0.0.1 -p 5300 ")
    data = tmp_path / ".cache" / "zonestack" / "demo-emulator"
    seed = Emulator.start(data, Settings(fsync=False))  # what the demo leaves behind, in short
    seed.create_zone("example.com")
    seed.put_rrset("example.com", "www", "CNAME", ["example.com."], ttl=3600)
    seed.stop()
    port = str(free_port())
    words = shlex.split(serve.rstrip("&").replace("5300", port))
    assert words[:5] == ["pipenv", "run", "python", "-m", "livedns_emulator"]
    proc = subprocess.Popen([sys.executable, *words[3:]], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline() + proc.stderr.readline()
        assert f"DNS (Knot) answering the zones at 127.0.0.1:{port}" in banner, banner

        def ask() -> str:
            done = subprocess.run(shlex.split(dig.replace("5300", port)) + ["+short", "+time=1", "+tries=1"],
                                  capture_output=True, text=True, timeout=GENEROUS)
            return done.stdout.strip()

        assert wait_until(ask, what="Knot to answer the README's dig") == "example.com."
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=GENEROUS)
    assert proc.returncode == 0
