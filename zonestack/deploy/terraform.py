"""Terraform in one zone's synthesised stack: each command the deploy runs, failures as one line.

``plan`` and ``apply`` run with ``-json`` (Terraform's machine-readable UI): each
line is one JSON message; its ``@message`` is streamed to the person, and every
``diagnostic`` (severity, summary, detail, the resource address) is collected,
so a failure is explained from Terraform's structured diagnostics
(:func:`zonestack.deploy.errors.explain`) rather than from its boxed text.
Commands without ``-json`` (``init``, ``untaint``) are explained from their text.

Every failure raises :class:`StepError` with one line naming the zone and the
command; nothing unredacted is ever returned or echoed (see :mod:`.runner`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zonestack.deploy.errors import Diagnostic, classify, explain
from zonestack.deploy.runner import Echo, run_terraform, run_terraform_json
from zonestack.project import shown_path

LOCK_TIMEOUT = "-lock-timeout=60s"
INIT_STAMP = "zonestack-init.sha256"
"""In ``.terraform/``: what the last successful ``init`` was run for."""


class StepError(Exception):
    """A failed step, as one line naming the zone and the cause."""


@dataclass
class JsonStream:
    """Turns Terraform's ``-json`` lines into people's lines and collected diagnostics."""

    echo: Echo | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __call__(self, line: str) -> None:
        message = _message(line)
        if message is None:  # not JSON: a provider's or the runner's own line
            if self.echo is not None and line.strip():
                self.echo(line)
            return
        if message.get("type") == "diagnostic":
            diag = message.get("diagnostic") or {}
            self.diagnostics.append(Diagnostic(str(diag.get("severity", "")), str(diag.get("summary", "")),
                                               str(diag.get("detail", "")), str(diag.get("address", "") or "")))
        text = str(message.get("@message", "")).strip()
        if self.echo is not None and text and message.get("type") != "version":
            self.echo(text)


def _message(line: str) -> dict[str, Any] | None:
    text = line.strip()
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) and "@message" in value else None


@dataclass(frozen=True)
class Terraform:
    """Terraform commands for one zone's stack directory (``cdktf.out/stacks/<zone>``)."""

    zone: str
    directory: Path
    env: Mapping[str, str]
    echo: Echo | None = None

    def init(self) -> None:
        """``terraform init`` (providers from the mirror, the backend), skipped when nothing it
        depends on changed since the last one in this directory (see :meth:`_init_key`)."""
        if not (self.directory / "cdk.tf.json").is_file():
            raise StepError(f"{self.zone}: no synthesised stack at {shown_path(self.directory)}")
        key = self._init_key()
        stamp = self.directory / ".terraform" / INIT_STAMP
        if key is not None and (self.directory / ".terraform.lock.hcl").is_file():
            try:
                if stamp.read_text(encoding="utf-8") == key:
                    return
            except OSError:
                pass
        self._text(["init", "-input=false", "-no-color"], echo=None)
        if key is not None:
            try:
                stamp.write_text(key, encoding="utf-8")
            except OSError:
                pass

    def _init_key(self) -> str | None:
        """What ``init`` depends on: the stack's ``terraform`` block (backend, required providers),
        the Terraform binary and the CLI config (provider mirror). None: always run ``init``
        (a backend other than local: its settings live in the environment)."""
        try:
            stack = json.loads((self.directory / "cdk.tf.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        block = stack.get("terraform") or {}
        if set((block.get("backend") or {"local": {}}).keys()) != {"local"}:
            return None
        from zonestack.deploy.runner import merged_env, terraform_binary

        env = merged_env(self.env)
        binary = shutil.which(terraform_binary(env), path=env.get("PATH")) or terraform_binary(env)
        try:
            built = str(Path(binary).stat().st_mtime_ns)
        except OSError:
            built = ""
        parts = [json.dumps(block, sort_keys=True), binary, built, env.get("TF_CLI_CONFIG_FILE", ""),
                 env.get("TF_PLUGIN_CACHE_DIR", "")]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def plan(self, plan_file: str, extra: Sequence[str] = ()) -> None:
        """``terraform plan [extra] -out=plan_file`` (no refresh when ``extra`` says so)."""
        self._json(["plan", "-input=false", LOCK_TIMEOUT, *extra, f"-out={plan_file}"])

    def show(self, plan_file: str) -> str:
        """``terraform show -json plan_file``: the saved plan as JSON text (TF_LOG kept out of it)."""
        return self.json_output(["show", "-json", "-no-color", plan_file])

    def apply(self, plan_file: str) -> None:
        """Apply the saved plan exactly (no new plan, no prompt)."""
        self._json(["apply", "-input=false", LOCK_TIMEOUT, plan_file])

    def refresh_only(self, targets: Sequence[str]) -> None:
        """Rewrite state to what Gandi holds for exactly ``targets`` (no change at Gandi)."""
        self._json(["apply", "-refresh-only", "-auto-approve", "-input=false", LOCK_TIMEOUT,
                    *(f"-target={t}" for t in targets)])

    def state_rm(self, address: str) -> None:
        """Forget ``address`` in state (the object is already gone at Gandi)."""
        self._text(["state", "rm", LOCK_TIMEOUT, address], echo=None)

    def untaint(self, address: str) -> None:
        self._text(["untaint", LOCK_TIMEOUT, "-no-color", address], echo=None)

    def state_pull(self) -> str:
        """The state document (``""`` when there is none), for backends without a local file."""
        return self.json_output(["state", "pull"])

    def json_output(self, args: list[str]) -> str:
        """A run whose standard output is a JSON document; TF_LOG kept out of it."""
        status, out, err = run_terraform_json(args, self.directory, self.env)
        if status != 0:
            line = str(classify(err, status)).removeprefix("deploy: ")
            raise StepError(f"{self.zone}: terraform {args[0]} failed: {line}")
        return out

    def _text(self, args: list[str], echo: Echo | None) -> str:
        result = run_terraform(args, self.directory, self.env, echo=echo)
        if not result.ok:
            line = str(classify(result.output, result.returncode)).removeprefix("deploy: ")
            raise StepError(f"{self.zone}: terraform {args[0]} failed: {line}")
        return result.output

    def _json(self, args: list[str]) -> None:
        stream = JsonStream(self.echo)
        result = run_terraform([*args[:1], "-json", *args[1:]], self.directory, self.env, echo=stream)
        if not result.ok:
            line = str(explain(stream.diagnostics, result.output, result.returncode)).removeprefix("deploy: ")
            line = line.replace("<zone>", self.zone)
            what = "apply -refresh-only" if "-refresh-only" in args else args[0]
            raise StepError(f"{self.zone}: terraform {what} failed: {line}")
