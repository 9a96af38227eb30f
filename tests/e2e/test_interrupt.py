"""Interrupts mid-apply leave clean state (issue: "interrupts leave clean state").

SIGINT (Ctrl-C) and SIGTERM to the deploy's process group while Terraform is
creating record sets: the exit status is 130/143, the state file is complete
(Terraform was stopped gracefully and wrote it), no child process is left, and
the rerun converges with nothing deleted or replaced. ``bench/interrupt.py``
runs more trials at more points.
"""

from __future__ import annotations

import signal

import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.interrupt_support import run_trial

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("signum", "after"), [(signal.SIGINT, 3.0), (signal.SIGTERM, 8.0)],
                         ids=["sigint-early", "sigterm-later"])
def test_interrupt_mid_apply(start_emulator: EmulatorFactory, make_project: ProjectFactory,
                             signum: int, after: float) -> None:
    emu = start_emulator()
    trial = run_trial(make_project(emu), emu, signum, after)
    assert trial.status == 128 + signum, trial
    assert trial.state_ok and trial.state_records > 0, trial  # complete, and it recorded what was created
    assert trial.leftovers == 0, trial
    assert trial.rerun_status == 0 and trial.live_ok and trial.deletes == 0, trial
    assert trial.next_plan_clean, trial
