"""``pipenv run synth`` (main.py): deterministic, machine-independent, secret-free,
and silent on invalid zones."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_synth(workdir: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GANDI_", "CDKTF_"))}
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py")], cwd=workdir, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "records", tmp_path / "records")
    return tmp_path


def outputs(workdir: Path) -> dict[str, bytes]:
    out = workdir / "cdktf.out"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_runs_are_byte_for_byte_equal(project: Path) -> None:
    first = run_synth(project)
    assert first.returncode == 0, first.stderr
    one = outputs(project)
    shutil.rmtree(project / "cdktf.out")
    second = run_synth(project)
    assert second.returncode == 0, second.stderr
    assert "stacks/example.com/cdk.tf.json" in one
    assert outputs(project) == one


def test_no_absolute_machine_path_in_output(project: Path) -> None:
    assert run_synth(project).returncode == 0
    for name, data in outputs(project).items():
        text = data.decode()
        for path in (str(project), str(ROOT), str(Path.home()), "/tmp/", "/root/", "/home/"):
            assert path not in text, f"{name} contains the machine path {path!r}"


def test_token_in_environment_never_reaches_synthesised_files(project: Path) -> None:
    token = "pat_" + secrets.token_urlsafe(32)
    result = run_synth(project, {"GANDI_PERSONAL_ACCESS_TOKEN": token, "GANDI_KEY": token})
    assert result.returncode == 0, result.stderr
    assert token not in result.stdout + result.stderr
    files = outputs(project)
    assert files, "synth wrote nothing"
    for name, data in files.items():
        assert token.encode() not in data, f"token found in {name}"


def test_invalid_zone_writes_nothing_and_exits_1(project: Path) -> None:
    (project / "records" / "broken.example.yaml").write_text(
        "zone: broken.example\nrecords:\n  - name: www\n    type: A\n    values: [not-an-ip]\n", encoding="utf-8"
    )
    result = run_synth(project)
    assert result.returncode == 1
    assert "records/broken.example.yaml:5: A value 'not-an-ip' is not an IPv4 address" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "cdktf.out" / "stacks" / "broken.example").exists()
    assert (project / "cdktf.out" / "stacks" / "example.com" / "cdk.tf.json").exists()


def test_pg_backend_is_selected_by_configuration_without_a_connection_string(project: Path) -> None:
    secret_dsn = "postgres://zonestack:" + secrets.token_hex(8) + "@127.0.0.1:5432/state"
    result = run_synth(project, {"ZONESTACK_BACKEND": "pg", "PG_CONN_STR": secret_dsn})
    assert result.returncode == 0, result.stderr
    text = (project / "cdktf.out" / "stacks" / "example.com" / "cdk.tf.json").read_text()
    assert '"pg": {' in text and '"schema_name": "zonestack_example_com"' in text
    assert secret_dsn not in text and "conn_str" not in text


def test_success_prints_nothing_on_stderr(project: Path) -> None:
    """cdktf shows an app's stderr as [ERROR]: a successful synth must not write there."""
    result = run_synth(project, {"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"})
    assert result.returncode == 0
    assert (result.stdout, result.stderr) == ("synth: 1 zone(s) written to cdktf.out/stacks/\n", "")


@pytest.mark.parametrize("output", ["build", "out/ci/build", "../elsewhere/build"])
def test_any_cdktf_output_folder_keeps_the_one_state_of_the_zone(project: Path, output: str) -> None:
    """Issue 19.6: ``cdktf deploy --output DIR`` (cdktf sets CDKTF_OUTDIR): the stack's local backend
    path leads to the project's ``.state/<zone>/`` from any depth, so plain cdktf and zonestack
    share one state (before: ``../../..`` from the stack led elsewhere for any other depth)."""
    (project / "project").mkdir()
    root = project / "project"
    shutil.move(str(project / "records"), root / "records")
    result = run_synth(root, {"CDKTF_OUTDIR": output})
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"synth: 1 zone(s) written to {output}/stacks/\n"
    stack_dir = root / output / "stacks" / "example.com"
    path = json.loads((stack_dir / "cdk.tf.json").read_text())["terraform"]["backend"]["local"]["path"]
    assert not Path(path).is_absolute()
    assert (stack_dir / path).resolve() == (root / ".state" / "example.com" / "terraform.tfstate").resolve()


def test_a_missing_output_parent_is_created_and_a_failure_names_the_folder(project: Path) -> None:
    """With ``--output`` naming a folder that cannot be made, the one line names it (not "read-only")."""
    (project / "blocker").write_text("a file where the folder should be", encoding="utf-8")
    result = run_synth(project, {"CDKTF_OUTDIR": "blocker/build"})
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("synth: could not write blocker/build/ (") and "read-only" not in line
    ok = run_synth(project, {"CDKTF_OUTDIR": "new/deeper/build"})
    assert ok.returncode == 0, ok.stderr
