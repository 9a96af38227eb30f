"""Each run's saved plans are its own, and what is applied is what was summarised.

A run gets a :class:`RunId`; its plan file in a zone's stack directory is
``zonestack-<run id>.tfplan``, so no other run (not even a ``--plan-only`` one)
can write it. The SHA-256 of the file is taken right after ``terraform plan``
wrote it, *before* ``terraform show -json`` produced the summary the guard and
the reviewer see; :func:`verify` re-reads the file just before ``terraform
apply`` and refuses if a single byte differs.

Terraform itself checks a saved plan against the *state* only (it refuses a
plan whose state lineage/serial moved on, "Saved plan is stale"); it does not
re-read the zone at Gandi (see :mod:`zonestack.deploy.livecheck` for that).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from zonestack.deploy.plan import PlanJsonError, ZonePlan, parse_plan
from zonestack.deploy.terraform import StepError, Terraform
from zonestack.diff import Prune
from zonestack.project import shown_path

PLAN_PREFIX = "zonestack-"
PLAN_SUFFIX = ".tfplan"


@dataclass(frozen=True)
class RunId:
    """``<UTC time>-<pid>-<random>``: unique per run, sortable, safe in a file name."""

    value: str

    @classmethod
    def new(cls) -> RunId:
        return cls(f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{os.getpid()}-{secrets.token_hex(3)}")

    def plan_file(self, suffix: str = "") -> str:
        return f"{PLAN_PREFIX}{self.value}{suffix}{PLAN_SUFFIX}"


@dataclass(frozen=True)
class SavedPlan:
    """One zone's saved plan: file, its SHA-256 at summary time, the summary and ``show -json`` text."""

    zone: str
    directory: Path
    file: str
    sha256: str
    plan: ZonePlan
    shown: str

    @property
    def path(self) -> Path:
        return self.directory / self.file

    @property
    def drift(self) -> list[str]:
        """Addresses whose refresh found them changed or gone outside Terraform (``resource_drift``).

        A plan with no changes still has to be applied when this is non-empty: only an
        apply writes the refreshed state, and a set deleted at Gandi would otherwise stay
        in state for good (an apply whose DELETE answer was lost leaves exactly that).
        """
        try:
            data = json.loads(self.shown[self.shown.find("{"):])
        except ValueError:
            return []
        return sorted(str(d.get("address")) for d in data.get("resource_drift") or [])


def digest(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_saved(tf: Terraform, run: RunId, plan_args: tuple[str, ...] = (), prunes: tuple[Prune, ...] = (),
               suffix: str = "") -> SavedPlan:
    """Plan ``tf``'s zone into this run's own file, hash it, summarise it; raises StepError."""
    name = run.plan_file(suffix)
    tf.plan(name, plan_args)
    sha = digest(tf.directory / name)
    shown = tf.show(name)
    try:
        summary = parse_plan(tf.zone, shown, prunes)
    except PlanJsonError as exc:
        raise StepError(str(exc)) from None
    return SavedPlan(tf.zone, tf.directory, name, sha, summary, shown)


def verify(saved: SavedPlan) -> None:
    """Raise StepError unless the plan file is byte for byte the one summarised."""
    try:
        now = digest(saved.path)
    except OSError as exc:
        raise StepError(f"{saved.zone}: the reviewed plan {shown_path(saved.path)} is gone ({exc.strerror}); "
                        "nothing applied, plan again") from None
    if now != saved.sha256:
        raise StepError(f"{saved.zone}: the plan file {shown_path(saved.path)} changed since it was summarised "
                        f"(sha256 {saved.sha256[:12]} -> {now[:12]}); nothing applied, plan again")


def discard(saved: SavedPlan) -> None:
    """Remove this run's plan file (a saved plan holds the zone's record values)."""
    saved.path.unlink(missing_ok=True)
