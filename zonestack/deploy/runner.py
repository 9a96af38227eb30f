"""Run ``npx cdktf <action>`` or ``terraform <args>`` with the toolchain's environment.

Both merge :func:`zonestack.toolchain.env.toolchain_env`-style variables over the
caller's environment (where the PAT and ``GANDI_URL`` come from), capture the
combined output with colours stripped and every secret redacted, and optionally
stream each (redacted) line to ``echo`` while running. Nothing unredacted is
ever returned or echoed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from zonestack.deploy.summary import PlanSummary, parse_summary
from zonestack.gandi.token_source import child_token_env
from zonestack.redact import Redactor, secrets_from_env, strip_ansi

Action = Literal["synth", "diff", "deploy", "destroy"]
Echo = Callable[[str], None]

CDKTF_COMMAND: tuple[str, ...] = ("npx", "--no-install", "cdktf")
_QUIET_ENV = {"NO_COLOR": "1", "CI": "1", "TF_IN_AUTOMATION": "1", "TF_INPUT": "0"}
"""Plain, non-interactive output: no spinners, no colours, no prompts (https://no-color.org)."""
UNSAFE_ENV = ("TF_LOG_PATH", "FORCE_COLOR")
"""Dropped. ``TF_LOG_PATH``: with ``TF_LOG=DEBUG`` go-gandi logs ``Authorization: Bearer <PAT>``,
and a log file would bypass redaction; with ``TF_LOG`` set, logs go to the redacted output.
``FORCE_COLOR``: rich treats *any* set value, even ``0``, as "force a terminal" and then writes
ANSI codes (bold at least, despite ``NO_COLOR``) into captured output; unset, child tools see a
pipe and stay plain."""
LOG_ENV = ("TF_LOG", "TF_LOG_CORE", "TF_LOG_PROVIDER", "TF_LOG_PATH")
"""Unset for runs whose standard output zonestack parses as JSON (``show -json``, ``state pull``)."""


@dataclass(frozen=True)
class CdktfResult:
    """Exit status, redacted output, and the plan summary if a plan was printed."""

    returncode: int
    output: str
    summary: PlanSummary | None

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def merged_env(env: Mapping[str, str], base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default ``os.environ``) with ``env`` and the quiet switches over it,
    minus :data:`UNSAFE_ENV`."""
    merged = dict(os.environ if base is None else base)
    merged.update(env)
    merged.update(_QUIET_ENV)
    for name in UNSAFE_ENV:
        merged.pop(name, None)
    child_token_env(merged)
    return merged


def cdktf_args(action: Action, stacks: Sequence[str], *, auto_approve: bool = True,
               skip_synth: bool = False) -> list[str]:
    """The cdktf arguments for ``action``.

    ``--skip-provider-lock``: cdktf otherwise runs ``terraform providers lock``,
    which asks the registry for checksums even when the provider came from a
    filesystem mirror, and fails wherever the registry is out of reach.
    """
    args = [action, *stacks]
    if action == "synth":
        return args
    args.append("--skip-provider-lock")
    if skip_synth:
        args.append("--skip-synth")
    if action in ("deploy", "destroy") and auto_approve:
        args.append("--auto-approve")
    return args


class Interrupted(Exception):
    """The run got SIGINT/SIGTERM; Terraform was asked to stop and has exited (state saved).

    ``exit_status``: 130 for SIGINT, 143 for SIGTERM (128 + the signal, as shells report it).
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


GRACE = 300.0
"""Seconds Terraform may take, after an interrupt, to finish in-flight requests and write state."""


def _run(
    command: Sequence[str], *, env: Mapping[str, str], cwd: Path, timeout: float, echo: Echo | None
) -> tuple[int, str]:
    """Run ``command`` in its own process group; returns (status, redacted output).

    On timeout the whole group (cdktf, node, terraform, provider) is killed and
    status 124 is returned, like coreutils' ``timeout``.

    Interrupts: the child runs in a session of its own, so a Ctrl-C at the
    terminal reaches zonestack only. The first SIGINT or SIGTERM is passed on to
    the child as one SIGINT — Terraform's graceful stop: no new operation starts,
    the in-flight ones finish and the state is written completely — and zonestack
    waits for it (up to :data:`GRACE` s) instead of exiting under it (a Terraform
    killed mid-write leaves a 0-byte state file). Further signals are noted, not
    forwarded (a second SIGINT makes Terraform exit at once). Whatever is left of
    the child's process group afterwards (provider plugins) is terminated, so no
    child outlives the run; then :class:`Interrupted` is raised.
    """
    redact = Redactor(secrets_from_env(env)).lines()
    proc = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
    )
    lines: list[str] = []
    received: list[int] = []
    stop_by: list[float] = []

    def emit(ready: list[str]) -> None:
        for line in ready:
            lines.append(line)
            if echo is not None:
                echo(line)

    def pump() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            emit(redact.feed(strip_ansi(raw.rstrip("\n"))))
        emit(redact.flush())

    def on_signal(signum: int, frame: object) -> None:
        if not received:
            stop_by.append(time.monotonic() + GRACE)
            try:
                os.kill(proc.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
        received.append(signum)

    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, on_signal)
    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while True:
            limit = max(deadline, stop_by[0]) if stop_by else deadline
            try:
                status = proc.wait(timeout=max(0.0, min(1.0, limit - time.monotonic())))
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() >= limit:
                    _kill_group(proc.pid, signal.SIGKILL)
                    proc.wait()
                    status = 124
                    lines.append(f"timed out after {timeout:.0f}s: {' '.join(command[:4])}")
                    break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _kill_group(proc.pid, signal.SIGTERM)  # leftovers of the child's group (provider plugins)
    reader.join(timeout=10)
    if received:
        raise Interrupted(received[0])
    return status, "\n".join(lines)


def _kill_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run_cdktf(
    action: Action,
    stacks: list[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    auto_approve: bool = True,
    timeout: float = 900,
    skip_synth: bool = False,
    echo: Echo | None = None,
) -> CdktfResult:
    """``npx cdktf <action> <stacks>`` in project ``cwd``; ``env`` goes over ``os.environ``.

    ``skip_synth`` reuses ``cdktf.out`` as it is (the caller synthesised already).
    """
    full_env = merged_env(env)
    command = [*CDKTF_COMMAND, *cdktf_args(action, stacks, auto_approve=auto_approve, skip_synth=skip_synth)]
    status, output = _run(command, env=full_env, cwd=cwd, timeout=timeout, echo=echo)
    return CdktfResult(status, output, parse_summary(output) if action != "synth" else None)


def terraform_binary(env: Mapping[str, str]) -> str:
    """What cdktf would run: ``TERRAFORM_BINARY_NAME`` or plain ``terraform``."""
    return env.get("TERRAFORM_BINARY_NAME") or os.environ.get("TERRAFORM_BINARY_NAME") or "terraform"


def run_terraform(
    args: Sequence[str],
    stack_dir: Path,
    env: Mapping[str, str],
    *,
    timeout: float = 600,
    echo: Echo | None = None,
) -> CdktfResult:
    """``terraform <args>`` inside a synthesised stack directory (``cdktf.out/stacks/<zone>``)."""
    full_env = merged_env(env)
    command = [terraform_binary(full_env), *args]
    status, output = _run(command, env=full_env, cwd=stack_dir, timeout=timeout, echo=echo)
    return CdktfResult(status, output, parse_summary(output))


def run_terraform_json(
    args: Sequence[str], stack_dir: Path, env: Mapping[str, str], *, timeout: float = 600
) -> tuple[int, str, str]:
    """``terraform <args>`` whose standard output is a JSON document (``show -json``, ``state pull``).

    Returns (status, stdout, redacted stderr). ``TF_LOG`` and friends are unset for this run and
    stderr is kept apart, so Terraform's log can never be mixed into the JSON zonestack parses.
    The JSON is not redacted (a state document holds no PAT; redaction could corrupt it).
    """
    full_env = merged_env(env)
    for name in LOG_ENV:
        full_env.pop(name, None)
    command = [terraform_binary(full_env), *args]
    try:
        done = subprocess.run(command, cwd=stack_dir, env=full_env, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=timeout, start_new_session=True)
    except subprocess.TimeoutExpired:
        return 124, "", f"timed out after {timeout:.0f}s: {' '.join(command[:3])}"
    return done.returncode, done.stdout, Redactor(secrets_from_env(full_env))(strip_ansi(done.stderr)).strip()
