"""The guarded deploy's steps: synthesise, then per zone init, plan to a file, read it back, apply it.

Applying the *saved* plan (``terraform apply <file>``) means what the guard and
the reviewer saw is exactly what runs. Terraform checks a saved plan against
the *state* only: it refuses the plan when the state changed since ("Saved plan
is stale"), but it does not look at the zone at Gandi again, so a record set
changed live after the plan is simply overwritten (``livecheck`` re-lists the
zone before apply for that). Each run plans into its own file (``planfile``).
Every failure becomes a ``StepError`` with one line (redacted, see ``errors``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import zonestack
from zonestack.deploy.errors import classify
from zonestack.deploy.plan import PlanJsonError, ZonePlan, parse_plan
from zonestack.deploy.redact import Redactor, secrets_from_env
from zonestack.deploy.refresh import RefreshError, plan_refresh_args
from zonestack.deploy.runner import Echo, merged_env, run_terraform, run_terraform_json

PLAN_FILE = "zonestack.tfplan"
STACKS_DIR = Path("cdktf.out") / "stacks"


class StepError(Exception):
    """A failed step, as one line naming the zone and the cause."""


def synthesise(project: Path, env: Mapping[str, str], timeout: float = 600) -> str:
    """Run the cdktf app (``main.py``) in ``project``; returns its redacted output."""
    full = merged_env(env)
    package_root = str(Path(zonestack.__file__).resolve().parent.parent)
    full["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, full.get("PYTHONPATH", "")) if p)
    try:
        done = subprocess.run([sys.executable, "main.py"], cwd=project, env=full, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise StepError(f"synth: main.py did not finish within {timeout:.0f}s") from None
    output = Redactor(secrets_from_env(full))(done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise StepError(output or f"synth: main.py failed with exit status {done.returncode}")
    return output


def stack_dir(project: Path, zone: str) -> Path:
    return project / STACKS_DIR / zone


def plan_json(zone: str, directory: Path, env: Mapping[str, str], echo: Echo | None = None, *,
              plan_file: str = PLAN_FILE, extra: Sequence[str] = (),
              after_plan: Callable[[], object] | None = None) -> str:
    """``init``, ``plan [extra] -out=plan_file``, ``show -json``: the saved plan's JSON text.

    ``after_plan`` runs between ``plan`` and ``show`` (``planfile`` hashes the file there).
    """
    if not (directory / "cdk.tf.json").is_file():
        raise StepError(f"{zone}: no synthesised stack at {directory}")
    _step(zone, ["init", "-input=false", "-no-color"], directory, env, None)
    refresh = _cheap_refresh(zone, directory, env, echo)
    _step(zone, ["plan", "-input=false", "-no-color", "-lock-timeout=60s", *refresh, *extra, f"-out={plan_file}"],
          directory, env, echo)
    if after_plan is not None:
        after_plan()
    return terraform_json_step(zone, ["show", "-json", "-no-color", plan_file], directory, env)


def plan_zone(zone: str, directory: Path, env: Mapping[str, str], echo: Echo | None = None) -> ZonePlan:
    """``init``, ``plan -out``, ``show -json``: the zone's saved plan, summarised."""
    shown = plan_json(zone, directory, env, echo)
    try:
        return parse_plan(zone, shown)
    except PlanJsonError as exc:
        raise StepError(str(exc)) from None


def apply_zone(zone: str, directory: Path, env: Mapping[str, str], echo: Echo | None = None, *,
               plan_file: str = PLAN_FILE) -> None:
    """Apply the saved plan exactly (no new plan, no prompt)."""
    _step(zone, ["apply", "-input=false", "-no-color", "-lock-timeout=60s", plan_file], directory, env, echo)


def terraform_step(zone: str, args: list[str], directory: Path, env: Mapping[str, str],
                   echo: Echo | None = None) -> str:
    """``terraform args`` in ``directory``; its redacted output, or StepError with one line."""
    return _step(zone, args, directory, env, echo)


def _cheap_refresh(zone: str, directory: Path, env: Mapping[str, str], echo: Echo | None) -> list[str]:
    """``-refresh=false`` once state is proven equal to Gandi (see :mod:`.refresh`)."""
    try:
        return plan_refresh_args(zone, directory, env, echo=echo).args
    except RefreshError as exc:
        raise StepError(f"{zone}: {exc}") from None


def terraform_json_step(zone: str, args: list[str], directory: Path, env: Mapping[str, str]) -> str:
    """A run whose stdout is JSON: Terraform's log (TF_LOG) kept out of it."""
    status, out, err = run_terraform_json(args, directory, env)
    if status != 0:
        line = str(classify(err, status)).removeprefix("deploy: ")
        raise StepError(f"{zone}: terraform {args[0]} failed: {line}")
    return out


def _step(zone: str, args: list[str], directory: Path, env: Mapping[str, str], echo: Echo | None) -> str:
    result = run_terraform(args, directory, env, echo=echo)
    if not result.ok:
        line = str(classify(result.output, result.returncode)).removeprefix("deploy: ")
        raise StepError(f"{zone}: terraform {args[0]} failed: {line}")
    return result.output
