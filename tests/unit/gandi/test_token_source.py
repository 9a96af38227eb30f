"""The PAT from a secret manager's command or a file: read once, stripped, never shown (issue 12)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from livedns_emulator import Emulator
from zonestack.cli.token_cmd import command as token_command
from zonestack.deploy.__main__ import command as deploy_command
from zonestack.deploy.runner import merged_env, run_terraform
from zonestack.gandi import token_source
from zonestack.gandi.token_source import COMMAND_ENV, FILE_ENV, TOKEN_ENV, TokenSourceError, resolve_token

from .conftest import PAT

UNSET = {TOKEN_ENV: None, FILE_ENV: None, COMMAND_ENV: None}
ROOT = Path(__file__).resolve().parents[3]


def _script(directory: Path, name: str, body: str) -> Path:
    path = directory / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    token_source.clear_cache()
    yield
    token_source.clear_cache()


@pytest.fixture
def fake_op(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``op`` on PATH that prints the PAT with a trailing newline (as ``op read`` does) and counts calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "op-calls"
    _script(bin_dir, "op", f'echo "$@" >> {calls}\n[ "$1 $2" = "read op://vault/gandi/pat" ] || exit 9\n'
                           f'printf "%s\\n" "{PAT}"')
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    return calls


def test_command_source_is_stripped_and_run_once(fake_op: Path) -> None:
    env = {COMMAND_ENV: "op read op://vault/gandi/pat"}
    first, second = resolve_token(env), resolve_token(env)
    assert first.value == PAT and first.source == COMMAND_ENV and second is first
    assert fake_op.read_text().splitlines() == ["read op://vault/gandi/pat"]
    assert PAT not in repr(first)


def test_file_source_strips_the_newline(tmp_path: Path) -> None:
    secret = tmp_path / "gandi-pat"
    secret.write_text(PAT + "\n")
    assert resolve_token({FILE_ENV: str(secret)}).value == PAT


def test_precedence_variable_then_file_then_command(tmp_path: Path) -> None:
    secret = tmp_path / "gandi-pat"
    secret.write_text("pat_from_the_file_" + "f" * 20)
    both = resolve_token({FILE_ENV: str(secret), COMMAND_ENV: "false"})
    assert both.source == FILE_ENV and both.ignored == (COMMAND_ENV,)
    assert resolve_token({TOKEN_ENV: PAT + "\n", FILE_ENV: str(secret)}).value == PAT


def test_failing_command_is_one_line_with_its_status_and_masked_stderr(tmp_path: Path) -> None:
    bad = _script(tmp_path, "op", f'echo "[ERROR] session expired for {PAT}" >&2\necho {PAT}\nexit 6')
    with pytest.raises(TokenSourceError) as info:
        resolve_token({COMMAND_ENV: f"{bad} read op://vault/gandi/pat"})
    text = str(info.value)
    assert text == f"{COMMAND_ENV}: {bad} failed with exit status 6: [ERROR] session expired for ***"
    assert PAT not in text


def test_missing_command_and_unreadable_file() -> None:
    with pytest.raises(TokenSourceError, match="no-such-op not found on PATH"):
        resolve_token({COMMAND_ENV: "no-such-op read x"})
    with pytest.raises(TokenSourceError, match="cannot read /nonexistent/pat"):
        resolve_token({FILE_ENV: "/nonexistent/pat"})


@pytest.mark.parametrize("command", ["/nonexistent/rbw get gandi-pat", "./bin/rbw get gandi-pat"])
def test_a_command_given_as_a_path_is_not_found_without_on_path(command: str) -> None:
    """Issue 19 item 9: only a bare name is looked up on PATH, so only then does the message say so."""
    with pytest.raises(TokenSourceError) as info:
        resolve_token({COMMAND_ENV: command})
    assert str(info.value) == f"{COMMAND_ENV}: {command.split()[0]} not found"


def test_token_check_names_the_source_and_never_the_token(fake_op: Path, emu: Emulator) -> None:
    result = CliRunner().invoke(token_command, ["check", "--records", "/nonexistent"],
                                env={**UNSET, "GANDI_URL": emu.url, COMMAND_ENV: "op read op://vault/gandi/pat"})
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("read from GANDI_PERSONAL_ACCESS_TOKEN_COMMAND")
    assert PAT not in result.output


def _verb(tmp_path: Path, env: dict[str, str | None], *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m zonestack.deploy ARGS`` as a person runs it (its diff/deploy run ``zonestack deploy`` in a child)."""
    full = {k: v for k, v in os.environ.items() if k not in env}
    full.update({k: v for k, v in env.items() if v is not None})
    full["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "zonestack.deploy", *args], cwd=tmp_path, env=full,
                          capture_output=True, text=True, timeout=120)


def test_failing_op_stops_the_deploy_before_anything_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zonestack.cli.deploy_cmd import command as guarded

    bad = _script(tmp_path, "op", f'echo "not signed in ({PAT})" >&2; exit 1')
    ran = tmp_path / "ran"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("zonestack.cli.deploy_cmd.prepare", lambda: ran.write_text("prepared"))
    expected = f"deploy: {COMMAND_ENV}: {bad} failed with exit status 1: not signed in (***)\n"
    result = CliRunner().invoke(guarded, ["--plan-only"], env={**UNSET, COMMAND_ENV: f"{bad} read x"})
    assert (result.exit_code, result.output) == (2, expected)
    assert not ran.exists() and not (tmp_path / "cdktf.out").exists()
    verb = _verb(tmp_path, {**UNSET, COMMAND_ENV: f"{bad} read x"}, "diff", "example.com")
    assert (verb.returncode, verb.stdout, verb.stderr) == (2, "", expected)
    assert not (tmp_path / "cdktf.out").exists()


def test_the_pat_reaches_terraform_only_through_its_environment(fake_op: Path, tmp_path: Path) -> None:
    """The child sees GANDI_PERSONAL_ACCESS_TOKEN (stripped), not the command; no argv holds the PAT."""
    resolve_token({COMMAND_ENV: "op read op://vault/gandi/pat"})
    seen = tmp_path / "seen"
    tf = _script(tmp_path, "terraform",
                 f'printf "%s" "$GANDI_PERSONAL_ACCESS_TOKEN" | sha256sum > {seen}\n'
                 f'echo "cmd=${{{COMMAND_ENV}:-unset}}" >> {seen}\n'
                 f'ps -eo args >> {seen}\n'
                 'echo "debug: Authorization: Bearer $GANDI_PERSONAL_ACCESS_TOKEN"')
    env = {"TERRAFORM_BINARY_NAME": str(tf), COMMAND_ENV: "op read op://vault/gandi/pat"}
    result = run_terraform(["plan"], tmp_path, env)
    lines = seen.read_text().splitlines()
    assert lines[0].split()[0] == hashlib.sha256(PAT.encode()).hexdigest()
    assert lines[1] == "cmd=unset"
    assert not any(PAT in line for line in lines[2:])  # no process argument list holds it
    assert result.output == "debug: Authorization: Bearer ***"
    assert merged_env({}, base={COMMAND_ENV: "op read op://vault/gandi/pat"})[TOKEN_ENV] == PAT
    assert merged_env({}, base={TOKEN_ENV: "pat_plain_with_newline\n", COMMAND_ENV: "x"})[TOKEN_ENV] == "pat_plain_with_newline"
    assert fake_op.read_text().count("\n") == 1


def test_a_bad_rate_setting_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from zonestack.cli.deploy_cmd import command as guarded

    monkeypatch.setattr("zonestack.cli.deploy_cmd.prepare", lambda: pytest.fail("ran"))
    env = {**UNSET, TOKEN_ENV: PAT, "ZONESTACK_RATE_LIMIT": "fast"}
    expected = "ZONESTACK_RATE_LIMIT='fast': expected requests per minute as a whole number ≥ 1\n"
    result = CliRunner().invoke(guarded, [], env=env)
    assert (result.exit_code, result.output) == (2, f"deploy: {expected}")
    for verb in ("diff", "deploy"):  # the cdktf-style verbs: the guarded deploy's own line
        done = _verb(tmp_path, env, verb)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"deploy: {expected}")
    destroy = CliRunner().invoke(deploy_command, ["destroy", "example.com", "--yes"], env=env)
    assert (destroy.exit_code, destroy.output) == (2, f"destroy: {expected}")


@pytest.mark.parametrize("source", [TOKEN_ENV, FILE_ENV, COMMAND_ENV])
def test_a_non_ascii_pat_is_refused_from_every_source(source: str, tmp_path: Path) -> None:
    secret = "pat_smart\u2014dash_" + "s" * 20
    holder = tmp_path / "pat"
    holder.write_text(secret + "\n", encoding="utf-8")
    value = {TOKEN_ENV: secret, FILE_ENV: str(holder), COMMAND_ENV: f"cat {holder}"}[source]
    with pytest.raises(TokenSourceError) as info:
        resolve_token({source: value})
    assert str(info.value).startswith(f"the PAT from {source} holds a character a PAT cannot hold at position 10 "
                                      "(EM DASH; a PAT is plain ASCII)")
    assert secret not in str(info.value)


def test_a_token_given_to_the_client_is_checked_the_same_way() -> None:
    from zonestack.gandi import LiveDNSClient

    with pytest.raises(TokenSourceError, match="position 4 .RIGHT SINGLE QUOTATION MARK"):
        LiveDNSClient("http://127.0.0.1:9", token="pat\u2019x")


def test_a_pat_file_may_be_a_pipe_as_process_substitution_gives() -> None:
    """``GANDI_PERSONAL_ACCESS_TOKEN_FILE=<(op read op://vault/gandi/pat)`` names ``/dev/fd/N``, a pipe."""
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, (PAT + "\n").encode())
        os.close(write_end)
        assert resolve_token({FILE_ENV: f"/dev/fd/{read_end}"}).value == PAT
    finally:
        os.close(read_end)
