"""Issue 19 item 8: deploy's messages print project-relative paths (``records/…``), as validate does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.unit.zones.test_many_zones import INVALID, fake_deployment, orphan_state, project  # noqa: F401 (fixtures)
from zonestack.cli import deploy_cmd
from zonestack.deploy.lock import DeployLock, LockBusy
from zonestack.deploy.plan import ZonePlan
from zonestack.deploy.planfile import SavedPlan, verify
from zonestack.deploy.terraform import StepError
from zonestack.project import shown_path


def test_deploy_reports_invalid_and_orphaned_zones_with_relative_paths(
        project: Path, fake_deployment: dict[str, list[str]]) -> None:  # noqa: F811
    orphan_state(project, "gone.example")
    result = CliRunner().invoke(deploy_cmd.command, ["--plan-only", "--quiet"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"records/{INVALID}.yaml:3: ")
    [orphan] = [line for line in result.stderr.splitlines() if line.startswith("deploy: gone.example: ")]
    assert "records/gone.example.yaml was deleted but .state/gone.example/terraform.tfstate" in orphan
    assert str(project) not in result.stderr + result.stdout


def test_lock_and_plan_file_messages_are_relative_to_the_project(project: Path) -> None:  # noqa: F811
    held = DeployLock(project)
    held.acquire()
    try:
        with pytest.raises(LockBusy) as busy:
            DeployLock(project).acquire()
    finally:
        held.release()
    assert "lock .cache/zonestack/deploy.lock)" in str(busy.value) and str(project) not in str(busy.value)
    stack = project / "cdktf.out" / "stacks" / "good.example"
    saved = SavedPlan("good.example", stack, "p.tfplan", "0" * 64, ZonePlan(zone="good.example"), "{}")
    with pytest.raises(StepError) as gone:
        verify(saved)
    assert "the reviewed plan cdktf.out/stacks/good.example/p.tfplan is gone" in str(gone.value)
    from zonestack.deploy.terraform import Terraform

    with pytest.raises(StepError) as missing:
        Terraform("good.example", stack, {}).init()
    assert str(missing.value) == "good.example: no synthesised stack at cdktf.out/stacks/good.example"


def test_shown_path_keeps_paths_outside_the_project_as_given(tmp_path: Path) -> None:
    assert shown_path(tmp_path / "records" / "a.yaml", tmp_path) == "records/a.yaml"
    assert shown_path(Path("/elsewhere/a.yaml"), tmp_path) == "/elsewhere/a.yaml"
