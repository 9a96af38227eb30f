"""The runner's command lines, environment, redaction and timeout (with a fake terraform)."""

from __future__ import annotations

import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.waiting import wait_until
from zonestack.deploy.runner import cdktf_args, merged_env, run_terraform


def fake_terraform(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "terraform"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_cdktf_args() -> None:
    assert cdktf_args("synth", ["example.com"]) == ["synth", "example.com"]
    assert cdktf_args("diff", ["a.com"], skip_synth=True) == ["diff", "a.com", "--skip-provider-lock", "--skip-synth"]
    assert cdktf_args("deploy", ["a.com"]) == ["deploy", "a.com", "--skip-provider-lock", "--auto-approve"]
    assert cdktf_args("destroy", ["a.com"], auto_approve=False) == ["destroy", "a.com", "--skip-provider-lock"]


def test_env_is_merged_over_base_with_quiet_switches() -> None:
    env = merged_env({"TF_PLUGIN_CACHE_DIR": "/c"}, base={"PATH": "/bin", "TF_PLUGIN_CACHE_DIR": "/old"})
    assert env["PATH"] == "/bin" and env["TF_PLUGIN_CACHE_DIR"] == "/c"
    assert env["NO_COLOR"] == "1" and env["CI"] == "1" and env["TF_INPUT"] == "0"


@pytest.mark.parametrize("inherited", [{}, {"FORCE_COLOR": "1"}])
def test_captured_rich_output_has_no_ansi_codes(inherited: dict[str, str]) -> None:
    """rich forces a terminal for any set FORCE_COLOR (even "0"), and NO_COLOR keeps bold; the
    quiet environment must leave a child's captured output free of escape codes."""
    env = merged_env({}, base={"PATH": "/usr/bin:/bin", **inherited})
    code = "from rich.console import Console; Console().print('[bold red]plan[/] [green]ok[/]')"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "plan ok\n" and "\x1b[" not in done.stdout


def test_log_file_is_never_written(tmp_path: Path) -> None:
    """With TF_LOG=DEBUG go-gandi logs the bearer token; a TF_LOG_PATH file would escape redaction."""
    env = merged_env({"TF_LOG": "INFO", "TF_LOG_PATH": str(tmp_path / "tf.log")}, base={"TF_LOG_PATH": "/x"})
    assert "TF_LOG_PATH" not in env and env["TF_LOG"] == "INFO"


def test_token_printed_by_the_tool_is_redacted(tmp_path: Path) -> None:
    token = "pat_" + secrets.token_urlsafe(32)
    tf = fake_terraform(
        tmp_path,
        'echo "\\033[31mdebug: Authorization: Bearer $GANDI_PERSONAL_ACCESS_TOKEN\\033[0m"; '
        'echo "Plan: 0 to add, 1 to change, 0 to destroy." >&2; exit 0',
    )
    echoed: list[str] = []
    result = run_terraform(
        ["plan"],
        tmp_path,
        {"TERRAFORM_BINARY_NAME": str(tf), "GANDI_PERSONAL_ACCESS_TOKEN": token},
        echo=echoed.append,
    )
    assert result.returncode == 0
    assert token not in result.output and token not in "".join(echoed)
    assert "debug: Authorization: Bearer ***" in result.output.splitlines()
    assert result.summary is not None and result.summary.changes == 1


def test_exit_status_is_passed_through(tmp_path: Path) -> None:
    tf = fake_terraform(tmp_path, "echo 'Error: boom'; exit 3")
    result = run_terraform(["apply"], tmp_path, {"TERRAFORM_BINARY_NAME": str(tf)})
    assert (result.returncode, result.output, result.summary) == (3, "Error: boom", None)


def _gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for its reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")


def test_timeout_kills_the_process_group(tmp_path: Path) -> None:
    """The fake Terraform's background child (its pid in a file before the parent sleeps) dies with it.

    The timeout must fire after the child exists: on a busy machine the script may not get that far in
    a short timeout, so the timeout grows until the child's pid file was written before the kill.
    """
    pid_file = tmp_path / "child.pid"
    tf = fake_terraform(tmp_path, f"sleep 300 & echo $! > {pid_file}; sleep 300")
    for timeout in (0.5, 5.0, 30.0):
        pid_file.unlink(missing_ok=True)
        result = run_terraform(["apply"], tmp_path, {"TERRAFORM_BINARY_NAME": str(tf)}, timeout=timeout)
        assert result.returncode == 124
        assert result.output.splitlines()[-1] == f"timed out after {timeout:.0f}s: {tf} apply"
        if pid_file.is_file() and pid_file.read_text().strip():
            break
    else:
        pytest.fail("the fake terraform never started its child")
    wait_until(lambda: _gone(int(pid_file.read_text())), what="the background child to be killed with its group")


def test_json_runs_keep_tf_log_out_of_stdout(tmp_path: Path) -> None:
    """With TF_LOG set, Terraform logs to stderr; show -json / state pull stdout must stay pure JSON."""
    from zonestack.deploy.runner import run_terraform_json

    tf = fake_terraform(
        tmp_path,
        'if [ -n "$TF_LOG" ]; then echo "2026-11-30T12:00:00.000Z [DEBUG] log on stdout"; fi\n'
        'echo "2026-11-30T12:00:00.000Z [DEBUG] Authorization: Bearer $GANDI_PERSONAL_ACCESS_TOKEN" >&2\n'
        'echo \'{"format_version": "1.2"}\'',
    )
    token = "pat_" + secrets.token_urlsafe(32)
    status, out, err = run_terraform_json(["show", "-json", "x"], tmp_path, {
        "TERRAFORM_BINARY_NAME": str(tf), "TF_LOG": "TRACE", "GANDI_PERSONAL_ACCESS_TOKEN": token + "\n"})
    assert status == 0 and out == '{"format_version": "1.2"}\n'
    assert token not in err and "Bearer ***" in err
