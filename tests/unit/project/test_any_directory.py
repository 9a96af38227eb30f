"""Commands work from any directory inside the project, without pipenv, and a read-only
checkout gets one-line errors, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory
from tests.e2e.support import ROOT, copy_project
from zonestack.project import find_root, python_command
from zonestack.toolchain.provider import GANDI, mirror_binary_path

pytestmark = pytest.mark.slow

PAT = "pat_anydir_" + "m" * 24


def plain_env(**extra: str) -> dict[str, str]:
    """No pipenv anywhere: PATH holds only the system directories; the project is importable as `make` sets it up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GANDI_", "PIPENV", "VIRTUAL_ENV"))}
    env["PATH"] = "/usr/bin:/bin"
    return {**env, **extra}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_root_is_the_nearest_cdktf_json(tmp_path: Path) -> None:
    outer, inner = tmp_path / "a", tmp_path / "a" / "b" / "c"
    inner.mkdir(parents=True)
    (outer / "cdktf.json").write_text("{}")
    assert find_root(inner) == outer
    (inner / "cdktf.json").write_text("{}")
    assert find_root(inner) == inner
    assert find_root(Path("/")) is None


def test_commands_from_a_subdirectory_without_pipenv(project: Path) -> None:
    assert shutil.which("pipenv", path="/usr/bin:/bin") is None
    sub = project / "runbooks"
    env = plain_env(PYTHONPATH=str(project))
    found = subprocess.run([*python_command(), "validate"], cwd=sub, env=env, capture_output=True, text=True)
    assert (found.returncode, found.stdout) == (0, "ok: 1 zone(s), 16 record set(s) valid\n"), found.stderr
    # a path typed in the subdirectory means that directory's file
    (sub / "mine.example.yaml").write_text("zone: mine.example\nrecords: []\n")
    mine = subprocess.run([*python_command(), "validate", "mine.example.yaml"], cwd=sub, env=env,
                          capture_output=True, text=True)
    assert (mine.returncode, mine.stdout) == (0, "ok: 1 zone(s), 0 record set(s) valid\n"), mine.stderr
    exported = subprocess.run([*python_command(), "export", "--zone", "example.com", "--out", "zone.txt"],
                              cwd=sub / ".." / "records", env=env, capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    assert (project / "records" / "zone.txt").read_text().startswith(";")


@pytest.fixture
def emu(start_emulator: EmulatorFactory) -> Emulator:
    return start_emulator(token=PAT, label="anydir", zone="example.com", seed_defaults=True,
                          seed_default_records=True)


def test_adopt_from_a_subdirectory_without_pipenv(project: Path, emu: Emulator) -> None:
    """The one explicit step before a plain `cdktf deploy` (it replaced the clear-defaults provisioner):
    pipenv nowhere, started in a subdirectory, it works on the project root's records/ and imports/."""
    env = plain_env(PYTHONPATH=str(project), GANDI_URL=emu.url, GANDI_PERSONAL_ACCESS_TOKEN=PAT)
    done = subprocess.run([*python_command(), "adopt", "--zone", "example.com"], cwd=project / "runbooks", env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith(
        "adopt: example.com: wrote imports/example.com.json (5 live set(s) to import, and the zone), "
        "deleted 1 set(s) in the way")  # the parking @ A beside the declared @ ALIAS
    assert (project / "imports" / "example.com.json").is_file() and not (project / "runbooks" / "imports").exists()
    assert ("@", "A") not in {(r["rrset_name"], r["rrset_type"]) for r in emu.rrsets("example.com")}


def test_the_cdktf_style_verbs_run_this_interpreter_not_pipenv(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m zonestack.deploy diff|deploy` runs `zonestack deploy` in a child: this interpreter, per zone."""
    from click.testing import CliRunner

    from zonestack.deploy import __main__ as verbs

    calls: list[list[str]] = []
    monkeypatch.chdir(project / "runbooks")
    monkeypatch.setattr(verbs.subprocess, "call", lambda argv, **_: calls.append(argv) or (4 if "b.example" in argv
                                                                                          else 0))
    result = CliRunner().invoke(verbs.command, ["diff", "a.example", "b.example", "--quiet"])
    assert result.exit_code == 4  # the worst of the runs
    assert calls == [[sys.executable, "-m", "zonestack", "deploy", "--plan-only", "--quiet", "--zone", "a.example"],
                     [sys.executable, "-m", "zonestack", "deploy", "--plan-only", "--quiet", "--zone", "b.example"]]
    assert Path.cwd() == project.resolve()  # run at the project root, as cdktf does
    calls.clear()
    assert CliRunner().invoke(verbs.command, ["deploy"]).exit_code == 0
    assert calls == [[sys.executable, "-m", "zonestack", "deploy"]]


READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && cd "$0" && exec "$@"'
"""Run a command in a private mount namespace where the checkout is a read-only bind mount."""


def read_only_run(root: Path, argv: list[str], env: dict[str, str], cwd: Path | None = None
                  ) -> subprocess.CompletedProcess[str]:
    script = READ_ONLY if cwd is None else READ_ONLY.replace('cd "$0"', f'cd "{cwd}"')
    return subprocess.run(["unshare", "-m", "sh", "-c", script, str(root), *argv], env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def read_only_project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the checkout that will be mounted read-only (writable home and caches elsewhere)."""
    probe = subprocess.run(["unshare", "-m", "sh", "-c", READ_ONLY, str(tmp_path), "true"], capture_output=True)
    if probe.returncode != 0 or not shutil.which("unshare"):
        pytest.skip("no mount namespace here (unshare -m needs root): " + probe.stderr.decode()[:200])
    root = copy_project(tmp_path / "project")
    mirror = tmp_path / "mirror"  # a provider mirror outside the checkout: set-up only has to write its cache
    binary = mirror_binary_path(mirror, "registry.terraform.io", GANDI)
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    env = plain_env(PYTHONPATH=str(root), ZONESTACK_CACHE_DIR=str(root / ".cache" / "zonestack"),
                    ZONESTACK_PROVIDER_MIRROR=str(mirror), TERRAFORM_BINARY_NAME="/bin/true", HOME=str(tmp_path))
    return root, env


@pytest.mark.parametrize("args", [
    ["-m", "zonestack", "import", "bind", str(ROOT / "tests" / "fixtures" / "cloudflare-export.zone"),
     "--zone", "shop-example.com"],
    ["-m", "zonestack", "setup"],
    ["main.py"],
], ids=["import-bind", "setup", "synth"])
def test_read_only_checkout_gets_one_line(read_only_project: tuple[Path, dict[str, str]], args: list[str]) -> None:
    root, env = read_only_project
    done = read_only_run(root, [sys.executable, *args], env)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, done.stderr
    assert "read-only" in errors[0].lower() or "permission denied" in errors[0].lower(), errors[0]


def test_read_only_checkout_still_validates(read_only_project: tuple[Path, dict[str, str]]) -> None:
    root, env = read_only_project
    done = read_only_run(root, [*python_command(), "validate"], env, cwd=root / "records")
    assert (done.returncode, done.stderr) == (0, "")
