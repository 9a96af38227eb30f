"""The PAT from a secret manager, TF_LOG=DEBUG, the real provider (issues 9 and 12).

A fake ``op`` on PATH prints the PAT with a trailing newline, as ``op read`` does. The guarded deploy
runs with ``TF_LOG=DEBUG`` (go-gandi then logs ``Authorization: Bearer <PAT>``): it must succeed
(Terraform's log kept out of the JSON it parses), reach the emulator with the PAT (so the provider got
it through its environment), and leave the PAT in no output, no file and no process argument list.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import start_emulator_in
from tests.e2e.support import files_containing

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PAT = "pat_from_op_" + "Q7x-" * 7
ZONE = "secret.example"
RECORDS = f"zone: {ZONE}\nttl: 300\nrecords:\n" + "".join(
    f"  - {{name: h{i}, type: TXT, values: ['v=spf1 -all h{i}']}}\n" for i in range(6))


def _ps_sampler(seen: list[str], stop: threading.Event) -> None:
    """Every process's argument list, sampled while the deploy runs."""
    while not stop.is_set():
        seen.append(subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout)
        stop.wait(0.2)


def test_pat_from_op_with_tf_log_debug(tmp_path: Path, provider_env: dict[str, str]) -> None:
    root = tmp_path / "project"
    (root / "records").mkdir(parents=True)
    (root / "imports").mkdir()
    (root / "main.py").write_text((REPO / "main.py").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "records" / f"{ZONE}.yaml").write_text(RECORDS, encoding="utf-8")
    (root / "imports" / f"{ZONE}.json").write_text('{"domain": true, "records": {}}\n', encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    op = bin_dir / "op"
    op.write_text(f'#!/bin/sh\n[ "$1 $2" = "read op://vault/gandi/pat" ] || exit 9\nprintf "%s\\n" "{PAT}"\n')
    op.chmod(op.stat().st_mode | stat.S_IXUSR)
    emu = start_emulator_in(tmp_path / "emu", token=PAT, label="pat-op", zone=ZONE)
    env = {k: v for k, v in {**os.environ, **provider_env}.items() if not k.startswith("GANDI_PERSONAL")}
    env.update({"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN_COMMAND": "op read op://vault/gandi/pat",
                "PATH": f"{bin_dir}:{env['PATH']}", "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local",
                "TF_LOG": "DEBUG"})
    seen: list[str] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_ps_sampler, args=(seen, stop), daemon=True)
    sampler.start()
    try:
        deploy = subprocess.run([sys.executable, "-m", "zonestack", "deploy"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=900)
        check = subprocess.run([sys.executable, "-m", "zonestack", "token", "check"], cwd=root, env=env,
                               capture_output=True, text=True, timeout=120)
    finally:
        stop.set()
        sampler.join(timeout=5)
        emu.stop()
    assert deploy.returncode == 0, deploy.stderr[-3000:]
    assert deploy.stdout.rstrip().endswith("deploy: applied 1 zone(s), 0 unchanged")
    assert "Authorization: Bearer ***" in deploy.stdout  # go-gandi's debug log, masked
    assert {r["rrset_name"] for r in emu.rrsets(ZONE)} >= {f"h{i}" for i in range(6)}
    assert {r.token_label for r in emu.requests if r.path.startswith("/v5/")} == {"pat-op"}
    assert check.returncode == 0 and "read from GANDI_PERSONAL_ACCESS_TOKEN_COMMAND" in check.stdout
    for text in (deploy.stdout, deploy.stderr, check.stdout, check.stderr):
        assert PAT not in text
    assert files_containing(root, PAT.encode()) == []
    assert len(seen) > 3 and not [s for s in seen if PAT in s]
