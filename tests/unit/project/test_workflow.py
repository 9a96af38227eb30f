"""The GitHub Actions workflow users copy: valid (actionlint), and made of the README's commands."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from zonestack.toolchain.cache import cache_dir
from zonestack.toolchain.gomodule import GoModuleError, build_command, download_module, find_go

ROOT = Path(__file__).resolve().parents[3]
WORKFLOW = ROOT / ".github" / "workflows" / "zonestack.yml"
ACTIONLINT_MODULE, ACTIONLINT_VERSION = "github.com/rhysd/actionlint", "v1.7.12"


def actionlint() -> Path:
    """actionlint from PATH, else built once from its Go module into the project cache (about a minute)."""
    found = shutil.which("actionlint")
    if found:
        return Path(found)
    target = cache_dir() / "bin" / f"actionlint-{ACTIONLINT_VERSION}"
    if target.is_file():
        return target
    if find_go() is None and not os.environ.get("CI"):
        pytest.skip("no actionlint on PATH and no Go toolchain to build it (CI always lints)")
    try:
        module = download_module(ACTIONLINT_MODULE, ACTIONLINT_VERSION)
        build_command(module, "./cmd/actionlint", target.resolve(), ldflags=("-s", "-w"))
    except GoModuleError as exc:
        pytest.fail(f"actionlint could not be built from {ACTIONLINT_MODULE}@{ACTIONLINT_VERSION}: {exc}")
    return target


@pytest.mark.slow
def test_workflow_passes_actionlint() -> None:
    done = subprocess.run([str(actionlint()), "-no-color", str(WORKFLOW)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The lint can fail: an unknown context and a bad `needs` are reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("github.event.pull_request.number", "github.event.pr.nmbr")
                      .replace("    runs-on: ubuntu-latest\n    timeout-minutes: 60", "    needs: nope\n"
                               "    runs-on: ubuntu-latest\n    timeout-minutes: 60"))
    done = subprocess.run([str(actionlint()), "-no-color", str(broken)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert 'job "deploy" needs job "nope" which does not exist' in done.stdout


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_pull_requests_plan_and_main_deploys_one_at_a_time() -> None:
    flow = workflow()
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    plan, deploy = flow["jobs"]["plan"], flow["jobs"]["deploy"]
    assert "pull_request" in plan["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["concurrency"] == {"group": "zonestack-deploy-${{ github.repository }}", "cancel-in-progress": False}
    runs = [step.get("run", "") for step in plan["steps"]]
    assert any("--plan-only" in r and "--format markdown --out plan.md" in r for r in runs)
    assert any('>> "$GITHUB_STEP_SUMMARY"' in r for r in runs)
    assert any("gh pr comment" in r for r in runs)
    for job in (plan, deploy):
        secrets = {k: v for step in job["steps"] for k, v in step.get("env", {}).items() if "secrets." in str(v)}
        assert secrets == {"GANDI_PERSONAL_ACCESS_TOKEN": "${{ secrets.GANDI_PERSONAL_ACCESS_TOKEN }}",
                           "PG_CONN_STR": "${{ secrets.PG_CONN_STR }}"}


def test_every_step_is_a_readme_command() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    commands = []
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                if "pipenv run" in line or line.startswith("make "):
                    command = line.replace("python3 -m pipenv", "pipenv").replace(" --quiet", "").strip()
                    commands.append(re.sub(r"\s+", " ", command))
    assert len(commands) >= 5
    missing = [c for c in commands if c not in text]
    assert not missing, f"workflow commands not in {readme.name}: {missing}"
