"""State from a remote backend (``ZONESTACK_BACKEND=pg``) via ``terraform state pull``.

The pg backend has no file to read, so the zone's stack is synthesised (in
process, if ``cdktf.out`` does not hold it yet), initialised, and Terraform
prints the state document, which the one state parser reads like a local file.
Needs the Terraform toolchain (``zonestack setup``) and ``PG_CONN_STR``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from zonestack.tfstate import StateError, ZoneState, parse_state


def pg_state_reader(project: Path, zones: Mapping[str, object] | None = None) -> Callable[[str], ZoneState]:
    """A per-zone state reader that pulls from the configured remote backend."""
    env: dict[str, str] = {}

    def read(zone: str) -> ZoneState:
        from zonestack.toolchain.prepare import EXIT_OK, prepare

        if not env:
            report = prepare()
            if report.exit_code != EXIT_OK:
                raise StateError(f"{zone}: reading pg state needs the Terraform toolchain; "
                                 "run `pipenv run zonestack setup`")
            env.update(report.env)
        return parse_state(pull_state_text(zone, project, env, (zones or {}).get(zone)), f"{zone} (pg state)")

    return read


def pull_state_text(zone: str, project: Path, env: Mapping[str, str], declared: object = None) -> str:
    """The zone's state document as ``terraform state pull`` prints it ("" when there is none)."""
    from zonestack.deploy.synth import synthesise
    from zonestack.deploy.terraform import StepError, Terraform
    from zonestack.settings import stack_dir

    tf = Terraform(zone, stack_dir(project, zone), env)
    try:
        if not (tf.directory / "cdk.tf.json").is_file():
            if declared is None:
                from zonestack.catalog import load_catalog
                from zonestack.settings import RECORDS_DIR

                found = [z for z in load_catalog([Path(project) / RECORDS_DIR]).zones if z.name == zone]
                declared = found[0] if found else None
            if declared is None:
                raise StateError(f"{zone}: no record file to synthesise the stack from")
            synthesise(project, [declared], env)  # type: ignore[list-item]
        tf.init()
        return tf.state_pull().strip()
    except StepError as exc:
        raise StateError(str(exc)) from None
