"""``make rehearse`` / ``pipenv run rehearse``: the whole migration runbook, played offline, end to end.

Runs every command of ``runbooks/migrate-zone.md`` exactly as written (``devkit.runbook``), with the
runbook's own test values, against a LiveDNS emulator that also plays the registrar and the parent
zone over DNS (Knot): a Cloudflare export imported, deployed into a domain registered at Gandi whose
zone holds Gandi's default records, audited, verified, the nameservers flipped by the gated cutover,
the delegation proven, DNSSEC turned on and the chain of trust proven. The human steps of the
runbook (record-file edits) are acted out and said so. The emulated parent serves its NS and DS
records with short TTLs (``REHEARSAL_TTL``), so the waits a real migration has take seconds.

Everything lives in ``.cache/zonestack/rehearsal/`` (a project copy and the emulator's data), wiped
at each run; the checkout's own ``records/`` and ``.state/`` are never touched. Needs the Terraform
provider and Knot DNS (``make setup``). Exit codes: 0 every command exited as the runbook says;
1 one did not (its output is shown), or another rehearsal is running in this checkout; 3 a tool is
missing (one line says which).
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from devkit import migration
from devkit.runbook import commands, expand, heading_lines, pipfile_scripts, placeholders
from livedns_emulator import Emulator, Settings
from livedns_emulator.knot import KnotUnavailable
from zonestack.redact import Redactor
from zonestack.toolchain.cache import cache_dir, project_root
from zonestack.toolchain.prepare import EXIT_OK, prepare

#: TTL (seconds) of the emulated parent's delegation NS and DS (a real TLD: 172800 s and 86400 s).
REHEARSAL_TTL = 3
#: Shared with the checkout (read-only use), as the e2e tests' project copies do.
LINKED = (".venv", "node_modules")
EXIT_FAILED, EXIT_MISSING = 1, 3


def copy_project(root: Path, dest: Path) -> None:
    """The checkout's tracked and new files (not ignored) in ``dest``, without ``records/``,
    ``imports/`` and ``.state/``: the rehearsal starts from an empty project, as a migration does."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = root / rel
        if rel.startswith(("records/", "imports/")) or not src.is_file() or src.is_symlink():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)
    (dest / "records").mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        if (root / name).exists():
            (dest / name).symlink_to(root / name)


def run(console: Console, err: Console) -> int:
    """The rehearsal; returns the exit code. One at a time per cache directory: a second run would
    wipe the first one's project and emulator mid-run (``<cache>/rehearsal.lock``, released at exit)."""
    work = cache_dir() / "rehearsal"
    work.parent.mkdir(parents=True, exist_ok=True)
    with (work.parent / "rehearsal.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            err.print(f"rehearse: another rehearsal is running in this checkout ({work}): wait for it to end",
                      highlight=False, markup=False, soft_wrap=True)
            return EXIT_FAILED
        return _run(console, err, work)


def _run(console: Console, err: Console, work: Path) -> int:
    root = project_root()
    toolchain = prepare(progress=lambda message: err.print(f"[dim]... {message}[/]", highlight=False))
    if toolchain.exit_code != EXIT_OK:
        err.print("rehearse: needs Terraform and the go-gandi provider (`make setup`, then `zonestack setup` "
                  "says what is missing)", highlight=False, markup=False)
        return EXIT_MISSING
    shutil.rmtree(work, ignore_errors=True)
    project = work / "project"
    copy_project(root, project)
    text = migration.RUNBOOK.read_text(encoding="utf-8")
    values = {k: v for k, v in placeholders(text).items() if v is not None}
    steps, scripts = commands(text), pipfile_scripts(root)
    human = sorted((line, heading) for heading, line in heading_lines(text, list(migration.HUMAN_STEPS)).items())
    emu = Emulator.start(work / "emulator", Settings(fsync=False, parent_ns_ttl=REHEARSAL_TTL,
                                                     parent_ds_ttl=REHEARSAL_TTL))
    try:
        try:
            dns = emu.start_dns()
        except KnotUnavailable as exc:
            err.print(f"rehearse: {exc}", highlight=False, markup=False)
            return EXIT_MISSING
        token = "pat_rehearsal_" + secrets.token_urlsafe(24)
        emu.add_token(token, label="rehearsal")
        redact = Redactor([token])
        env = {**os.environ, **toolchain.env, **dns.env(), "GANDI_URL": emu.url,
               "GANDI_PERSONAL_ACCESS_TOKEN": token, "ZONESTACK_BACKEND": "local"}
        migration.prepare(emu, project, values)
        console.print(f"rehearse: {values['<zone>']}, registered at Gandi with its default records, delegated to "
                      f"{', '.join(migration.OLD_NAMESERVERS)}; emulator at {emu.url}, project in {project}; the "
                      f"parent's NS and DS TTLs are {REHEARSAL_TTL} s here", highlight=False, soft_wrap=True)
        for step in steps:
            while human and human[0][0] < step.line:
                heading = human.pop(0)[1]
                what, act = migration.HUMAN_STEPS[heading]
                act(emu, project, values)
                console.print(f"[bold]human step[/] ({heading}): {what} [dim](acted out by the rehearsal)[/]",
                              highlight=False)
            console.print(f"[bold]$ {escape(step.text)}[/]", highlight=False)
            started = time.monotonic()
            done = subprocess.run(["bash", "-c", expand(step.text, values, scripts)], cwd=project, env=env,
                                  capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
            output = redact(done.stdout + done.stderr).rstrip().splitlines()
            if done.returncode != step.expect:
                for line in output[-30:]:
                    err.print(f"  {line}", highlight=False, markup=False)
                err.print(f"rehearse: runbooks/migrate-zone.md:{step.line} exited {done.returncode}, the runbook "
                          f"expects {step.expect}", highlight=False, markup=False)
                return EXIT_FAILED
            last = output[-1] if output else ""
            console.print(f"  exit {done.returncode} as expected ({time.monotonic() - started:.1f} s) {last}",
                          style="dim", highlight=False, markup=False, soft_wrap=True)
        console.print(f"rehearse: all {len(steps)} commands of runbooks/migrate-zone.md exited as written: "
                      f"{values['<zone>']} imported, deployed, flipped to LiveDNS and signed, chain of trust proven",
                      highlight=False, soft_wrap=True)
        return 0
    finally:
        emu.stop()


def main() -> int:
    return run(Console(), Console(stderr=True, soft_wrap=True))


if __name__ == "__main__":
    sys.exit(main())
