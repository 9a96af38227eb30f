"""State from a remote backend (``ZONESTACK_BACKEND=pg``) via ``terraform state pull``.

The pg backend has no file to read, so the zone's synthesised stack is
initialised and Terraform prints the state document, which ``parse_state``
reads like a local file. Needs the Terraform toolchain (``zonestack setup``)
and ``PG_CONN_STR`` in the environment; the stack is synthesised first if
``cdktf.out`` does not hold it yet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from zonestack.audit.state import StateError, StateRecord, parse_state
from zonestack.deploy.errors import classify
from zonestack.deploy.pipeline import StepError, stack_dir, synthesise
from zonestack.deploy.runner import run_terraform, run_terraform_json
from zonestack.toolchain.prepare import EXIT_OK, prepare


def pg_state_reader(project: Path) -> Callable[[str], list[StateRecord]]:
    """A per-zone state reader that pulls from the configured remote backend."""
    env: dict[str, str] = {}

    def read(zone: str) -> list[StateRecord]:
        if not env:
            report = prepare()
            if report.exit_code != EXIT_OK:
                raise StateError(f"{zone}: reading pg state needs the Terraform toolchain; "
                                 "run `pipenv run zonestack setup`")
            env.update(report.env)
        return pull_state(zone, project, env)

    return read


def pull_state(zone: str, project: Path, env: Mapping[str, str]) -> list[StateRecord]:
    """Record sets in the zone's remote state."""
    return parse_state(pull_state_text(zone, project, env), f"{zone} (pg state)")


def pull_state_text(zone: str, project: Path, env: Mapping[str, str]) -> str:
    """The zone's state document as ``terraform state pull`` prints it ("" when there is none)."""
    directory = stack_dir(project, zone)
    try:
        if not (directory / "cdk.tf.json").is_file():
            synthesise(project, env)
    except StepError as exc:
        raise StateError(f"{zone}: {exc}") from None
    # An initialised stack (e.g. clear-defaults run by an apply in progress) is pulled without
    # re-running init in a directory Terraform is working in; init only when that fails.
    # The JSON is read from stdout alone with TF_LOG unset, so Terraform's log never mixes into it.
    pulled = run_terraform_json(["state", "pull"], directory, env) if (directory / ".terraform").is_dir() else None
    if pulled is None or pulled[0] != 0:
        result = run_terraform(["init", "-input=false", "-no-color"], directory, env)
        if not result.ok:
            line = str(classify(result.output, result.returncode)).removeprefix("deploy: ")
            raise StateError(f"{zone}: terraform init failed: {line}")
        pulled = run_terraform_json(["state", "pull"], directory, env)
        if pulled[0] != 0:
            line = str(classify(pulled[2], pulled[0])).removeprefix("deploy: ")
            raise StateError(f"{zone}: terraform state pull failed: {line}")
    return pulled[1].strip()
