"""Every ``sh`` command of every runbook, run against the emulator with its test placeholders.

``pipenv run <script>`` is expanded from the Pipfile's ``[scripts]`` (so a
runbook cannot name a script that does not exist) and run with this
interpreter. Commands that deploy need the real provider: without it the
runbook runs up to that point and the test then skips, saying why.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from devkit.rehearse import REHEARSAL_TTL
from devkit.runbook import ENV_VAR, PLACEHOLDER, Command, commands, expand, heading_lines, pipfile_scripts, placeholders
from livedns_emulator import Emulator, Settings
from livedns_emulator.knot import KnotUnavailable
from tests.e2e.runbook_scenarios import AFTER, HUMAN_STEPS, SCENARIOS, command_env
from tests.e2e.support import ROOT, copy_project

pytestmark = pytest.mark.e2e

RUNBOOKS = sorted(p.name for p in (ROOT / "runbooks").glob("*.md") if p.name != "README.md")
SCRIPTS = pipfile_scripts(ROOT)


def test_every_runbook_has_a_scenario() -> None:
    assert sorted(SCENARIOS) == RUNBOOKS


def needs_provider(command: Command) -> bool:
    return bool(re.match(r"pipenv run (deploy|zonestack deploy|zonestack cutover|zonestack dnssec)\b", command.text))


def needs_dns(command: Command) -> bool:
    return command.text.startswith(("pipenv run zonestack verify", "pipenv run zonestack cutover",
                                    "pipenv run zonestack dnssec"))


def test_migrate_zone_audits_must_be_clean() -> None:
    """Issue 7.5: the runbook's audits (before and after the flip) expect a clean zone, exit 0."""
    steps = commands((ROOT / "runbooks" / "migrate-zone.md").read_text(encoding="utf-8"))
    audits = [c for c in steps if c.text.startswith("pipenv run zonestack audit")]
    assert len(audits) == 2 and all(c.expect == 0 for c in audits), audits


def test_migrate_zone_goes_unsigned_in_the_safe_order() -> None:
    """Issue 7.8 (RFC 6781, going insecure): the DS goes first, its TTL is waited out while the
    old provider still signs, then signing stops, then the nameservers flip, and Gandi signs after."""
    text = " ".join((ROOT / "runbooks" / "migrate-zone.md").read_text(encoding="utf-8").split())
    steps = ["**Remove the DS at the registrar**", "**Keep the old provider signing**",
             "**Wait out the DS TTL.**", "**Then let the old provider stop signing**",
             "## 6. Flip the nameservers (the go is human)"]
    where = [text.find(step) for step in steps]
    assert -1 not in where and where == sorted(where), dict(zip(steps, where, strict=True))
    assert re.search(r"After the flip [^.]*\*\*enable DNSSEC at Gandi\*\*", text)


@pytest.mark.parametrize("runbook", RUNBOOKS)
def test_runbook(runbook: str, tmp_path: Path, pat: str, request: pytest.FixtureRequest) -> None:
    text = (ROOT / "runbooks" / runbook).read_text(encoding="utf-8")
    table, steps = placeholders(text), commands(text)
    assert steps, f"{runbook}: no sh blocks"
    joined = "\n".join(c.text for c in steps)
    assert set(PLACEHOLDER.findall(joined)) <= set(table), f"{runbook}: placeholder missing from the table"
    assert {f"${v}" for v in ENV_VAR.findall(joined)} <= set(table), f"{runbook}: env var missing from the table"
    try:
        provider_env, why_not = request.getfixturevalue("provider_env"), ""
    except pytest.skip.Exception as skipped:
        provider_env, why_not = {}, str(skipped)
    project = copy_project(tmp_path / "project")
    for stray in (project / "records").glob("*.yaml"):
        stray.unlink()
    # the parent's NS/DS TTLs as short as in `make rehearse`: the runbook's waits (the old NS TTL before
    # DNSSEC) take seconds, within the commands' own --wait
    emu = Emulator.start(tmp_path / "emu", Settings(fsync=False, parent_ns_ttl=REHEARSAL_TTL,
                                                    parent_ds_ttl=REHEARSAL_TTL))
    try:
        emu.add_token(pat, label="runbook")
        try:
            dns_env, no_dns = emu.start_dns().env(), ""
        except KnotUnavailable as exc:
            dns_env, no_dns = {}, str(exc)
        env = command_env(dns_env, emu, pat, provider_env)
        human = HUMAN_STEPS.get(runbook, {})
        pending_human = sorted((line, h) for h, line in heading_lines(text, list(human)).items())
        values = {k: v for k, v in table.items() if v is not None}
        values.update(SCENARIOS[runbook](emu, project, values, env, bool(provider_env)))
        assert all(p in values for p in PLACEHOLDER.findall(joined)), f"{runbook}: placeholder without a value"
        outputs: list[str] = []
        stdouts: list[tuple[str, str]] = []
        for ran, step in enumerate(steps):
            if needs_provider(step) and not provider_env:
                pytest.skip(f"{why_not} ({runbook}: {ran} of {len(steps)} commands ran; "
                            f"stopped at line {step.line}: {step.text})")
            if needs_dns(step) and no_dns:
                pytest.skip(f"{no_dns} ({runbook}: {ran} of {len(steps)} commands ran; "
                            f"stopped at line {step.line}: {step.text})")
            while pending_human and pending_human[0][0] < step.line:
                human[pending_human.pop(0)[1]](emu, project, values)
            started = time.monotonic()
            done = subprocess.run(["bash", "-c", expand(step.text, values, SCRIPTS)], cwd=project, env=env,
                                  capture_output=True, text=True, timeout=600)
            outputs.append(done.stdout + done.stderr)
            stdouts.append((step.text, done.stdout))
            assert done.returncode == step.expect, (
                f"{runbook}:{step.line}: `{step.text}` exited {done.returncode}, expected {step.expect} "
                f"({time.monotonic() - started:.1f}s)\n{done.stdout}\n{done.stderr}")
        assert not [o for o in outputs if pat in o], f"{runbook}: the PAT appeared in a command's output"
        if runbook in AFTER:
            AFTER[runbook](emu, project, values, stdouts)
    finally:
        emu.stop()
