"""``pipenv run demo`` twice in a copy of the project: deploys, then finds nothing to do."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from livedns_emulator import Emulator, Settings
from tests.e2e.support import copy_project, files_containing
from zonestack.deploy.runner import merged_env

pytestmark = pytest.mark.e2e


def run_demo(root: Path, transcripts: list[str]) -> subprocess.CompletedProcess[str]:
    env = merged_env({"PIPENV_VENV_IN_PROJECT": "1", "PIPENV_IGNORE_VIRTUALENVS": "1", "PIPENV_VERBOSITY": "-1"})
    env.pop("ZONESTACK_CACHE_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "devkit.demo"], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    transcripts.append(proc.stdout + proc.stderr)
    return proc


def audit_demo_zone(root: Path, transcripts: list[str]) -> subprocess.CompletedProcess[str]:
    """``zonestack audit`` against the demo's emulator data, as a user would after ``make demo``."""
    emu = Emulator.start(root / ".cache" / "zonestack" / "demo-emulator", Settings(fsync=False))
    try:
        token = "pat_audit_" + secrets.token_urlsafe(24)
        emu.add_token(token, label="audit")
        env = {**os.environ, "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": token, "ZONESTACK_BACKEND": "local"}
        proc = subprocess.run([sys.executable, "-m", "zonestack", "audit", "--zone", "example.com"], cwd=root,
                              env=env, capture_output=True, text=True, timeout=120)
    finally:
        emu.stop()
    transcripts.append(proc.stdout + proc.stderr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def test_demo_twice(tmp_path: Path, provider_env: dict[str, str], transcripts: list[str]) -> None:
    """``provider_env`` only makes this skip where the provider is unavailable."""
    root = copy_project(tmp_path / "project")
    first = run_demo(root, transcripts)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    lines = first.stdout.splitlines()
    assert lines[-3:] == ["deploy: create the zone, 0 to import, 16 to add, 0 to change, 0 to destroy",
                          "diff: no changes",
                          "example.com: 15/15 record sets ok at 1 nameserver; 1 not checkable"]
    assert ("deploy: example.com: removed 6 default record set(s) Gandi seeded in the way of declared ones"
            in first.stdout)  # incl. parking @ A
    assert audit_demo_zone(root, transcripts).returncode == 0  # issue 7.5: clean after the demo
    assert any(line.startswith("  gm1._domainkey TXT 3600 (managed): ") for line in lines)
    assert "  webmail CNAME 10800 (not declared, left alone): webmail.gandi.net." in lines
    assert (root / ".cache" / "zonestack" / "demo-emulator").is_dir()
    assert (root / ".state" / "example.com" / "terraform.tfstate").is_file()

    second = run_demo(root, transcripts)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr
    assert second.stdout.splitlines()[-3:-1] == ["deploy: no changes", "diff: no changes"]
    assert second.stdout.splitlines()[-1].endswith("record sets ok at 1 nameserver; 1 not checkable")

    assert "pat_demo_" not in first.stdout + first.stderr + second.stdout + second.stderr
    for generated in (".state", "cdktf.out", ".cache"):
        assert files_containing(root / generated, b"pat_demo_") == [], generated


def test_demo_without_any_provider(tmp_path: Path, transcripts: list[str]) -> None:
    """A newcomer's machine: empty HOME, no mirror variable, no registry, the Go module out of reach.

    Everything but the Terraform deploy runs, the last line says it was skipped, why and how to
    enable it, and the demo exits 0.
    """
    root = copy_project(tmp_path / "project")
    home = tmp_path / "home"
    home.mkdir()
    env = merged_env({"HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
                      "XDG_DATA_DIRS": str(tmp_path / "no-system-dirs"), "GOPROXY": "off",
                      "GOFLAGS": "-mod=mod", "GOPATH": str(tmp_path / "gopath"),
                      "GOMODCACHE": str(tmp_path / "gopath" / "mod")})
    for name in ("ZONESTACK_PROVIDER_MIRROR", "ZONESTACK_CACHE_DIR", "TF_CLI_CONFIG_FILE", "FORCE_COLOR"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-m", "devkit.demo"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)
    transcripts.append(proc.stdout + proc.stderr)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "validate: example.com: 16 record set(s) valid"
    assert "  synth: 1 zone(s) written to cdktf.out/stacks/" in lines
    assert (root / "cdktf.out" / "stacks" / "example.com" / "cdk.tf.json").is_file()
    assert "change set: example.com: create the zone, 16 to add, 0 to change, 6 to remove, 4 left alone" in lines
    assert lines[-1].startswith("demo: Terraform deploy skipped: provider go-gandi/gandi 2.3.0 is not on this machine")
    verified = lines[-2]  # verify of what zonestack wrote to the scratch emulator (or skipped without Knot DNS)
    assert verified.endswith("record sets ok at 1 nameserver; 1 not checkable") or verified.startswith(
        "verify: skipped, no DNS server to ask"), verified
    assert "Traceback" not in proc.stderr and "[ERROR]" not in proc.stdout + proc.stderr
    assert not (root / ".state").exists()
