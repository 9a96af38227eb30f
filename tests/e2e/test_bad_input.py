"""Issue 3: unreachable API, unknown token (401), expired token (403).

Each is one clear line naming the cause on stderr, a non-zero exit, and the
state file byte-for-byte as before. Runs ``python -m zonestack.deploy`` as a
user would, in a project deployed once for the module.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from livedns_emulator import Emulator
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import Project
from zonestack.deploy.runner import merged_env

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def emu(start_emulator: EmulatorFactory) -> Emulator:
    return start_emulator()


@pytest.fixture(scope="module")
def project(make_project: ProjectFactory, emu: Emulator) -> Project:
    project = make_project(emu)
    result = project.cdktf("deploy")
    assert result.ok, result.output
    return project


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_deploy(project: Project, transcripts: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "zonestack.deploy", "deploy", "example.com", "--quiet"],
        cwd=project.path,
        env=merged_env({**project.env, **env}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    transcripts.append(proc.stdout + proc.stderr)
    return proc


def expired_token(emu: Emulator) -> str:
    token = "pat_" + secrets.token_urlsafe(32)
    emu.add_token(token, expires_at=datetime.now(UTC) - timedelta(days=1), label="expired")
    return token


CASES = {
    "unreachable": (
        lambda emu: {"GANDI_URL": f"http://127.0.0.1:{closed_port()}"},
        # the cheap plan's listing meets it first (through the pacing proxy): Python's wording of the refusal
        "deploy: example.com: the LiveDNS API at http://127.0.0.1:{port} is unreachable ([Errno 111] Connection "
        "refused); check GANDI_URL (unset means https://api.gandi.net) and the network",
    ),
    "unknown-token-401": (
        lambda emu: {"GANDI_PERSONAL_ACCESS_TOKEN": "pat_" + secrets.token_urlsafe(32)},
        "deploy: example.com: Gandi answered 401 Unauthorized: GANDI_PERSONAL_ACCESS_TOKEN is missing, malformed or unknown "
        "to Gandi (check the variable holds the whole PAT)",
    ),
    "expired-token-403": (
        lambda emu: {"GANDI_PERSONAL_ACCESS_TOKEN": expired_token(emu)},
        "deploy: example.com: Gandi answered 403 Forbidden: the PAT has expired or lacks the permission/domain for "
        "this zone; the usual cause is an expired PAT; see runbooks/rotate-pat.md (`zonestack token check` tells "
        "which)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_line_and_leaves_state_alone(
    case: str, project: Project, emu: Emulator, transcripts: list[str]
) -> None:
    make_env, expected = CASES[case]
    env = make_env(emu)
    before = project.state_file.read_bytes()
    proc = run_deploy(project, transcripts, **env)
    assert proc.returncode == 1
    assert proc.stdout == ""
    port = env.get("GANDI_URL", "").rsplit(":", 1)[-1]
    assert proc.stderr.splitlines() == [expected.format(port=port)]
    assert project.state_file.read_bytes() == before
    for value in env.values():
        if value.startswith("pat_"):
            assert value not in proc.stdout + proc.stderr


def test_good_token_still_works_afterwards(project: Project, transcripts: list[str]) -> None:
    """``python -m zonestack.deploy deploy`` is the guarded deploy: its table, then its one summary line."""
    proc = run_deploy(project, transcripts)
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "deploy: applied 0 zone(s), 1 unchanged", proc.stdout
    assert "no changes" in proc.stdout
