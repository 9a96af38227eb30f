"""Issue 3: the PAT appears in no file, no state, no log and no output.

Runs in any order: it checks its own deploy's output and files, plus whatever the session
has written and captured so far. The check over everything the session's e2e tests wrote
(projects with ``cdktf.out``, ``.terraform`` and ``.state``; emulator data) and captured,
whichever test runs last, is ``_pat_nowhere_after_the_session`` in ``conftest.py``. The pg
database dump is checked in ``test_pg_backend.py``.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import files_containing

pytestmark = pytest.mark.e2e


def test_token_is_nowhere(
    start_emulator: EmulatorFactory,
    make_project: ProjectFactory,
    pat: str,
    transcripts: list[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    project = make_project(start_emulator(seed_default_records=True))
    from tests.e2e.test_reconcile import zonestack

    adopted = zonestack(project, "adopt", "--zone", project.zone_name)  # plain cdktf meets Gandi's defaults
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    deploy = project.cdktf("deploy")
    assert deploy.ok, deploy.output

    # With TF_LOG=DEBUG go-gandi logs "Authorization: Bearer <PAT>": the runner must mask it
    # and must not let Terraform write a log file past the redaction.
    log_file = project.path / "terraform.log"
    plan = project.terraform("plan", "-input=false", env={"TF_LOG": "DEBUG", "TF_LOG_PATH": str(log_file)})
    assert plan.ok, plan.output[-2000:]
    assert "Authorization: Bearer ***" in plan.output
    assert not log_file.exists()

    assert project.state_file.is_file() and (project.stack_dir / "cdk.tf.json").is_file()
    assert transcripts, "no run output was captured"
    assert [i for i, text in enumerate(transcripts) if pat in text] == []
    assert files_containing(tmp_path_factory.getbasetemp(), pat.encode()) == []
