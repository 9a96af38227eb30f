"""Fixtures for the end-to-end tests: real Terraform, the real go-gandi provider, the emulator.

``provider_env`` runs the toolchain's ``prepare()`` once and skips every test
that uses it when the provider is unavailable (CI's fresh machine: the Go
module proxy refuses go-gandi/gandi). Projects are temporary copies of the
checkout, so no test ever touches the developer's ``.state/`` or ``cdktf.out``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from livedns_emulator import Emulator
from tests.conftest import start_emulator_in
from tests.e2e.support import ZONE, Project, copy_project, files_containing
from zonestack.toolchain.prepare import EXIT_OK, prepare

SCRUBBED_ENV = ("GANDI_", "PG_CONN_STR", "ZONESTACK_BACKEND", "ZONESTACK_PG_", "ZONESTACK_DNS_", "TF_LOG", "CDKTF_")
"""Inherited variables that would change what a run does (or which credential it uses)."""


@pytest.fixture(scope="session", autouse=True)
def _clean_environment() -> Iterator[None]:
    saved = {k: v for k, v in os.environ.items() if k.startswith(SCRUBBED_ENV)}
    for key in saved:
        del os.environ[key]
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def provider_env() -> dict[str, str]:
    """The toolchain environment; skips when go-gandi/gandi (or a binary) is unavailable.

    ``prepare()`` finds the provider as ``zonestack setup`` does: ``ZONESTACK_PROVIDER_MIRROR``,
    the mirror an earlier set-up remembered, or Terraform's implied local mirror
    directories (``~/.terraform.d/plugins``...), so no variable is needed once it is there.
    """
    report = prepare()
    if report.binary is None:  # a tool the suite needs: in CI this skip fails the test (tests/conftest.py)
        detail = " ".join(report.item("binary").detail.split())[:400]
        pytest.skip(f"Terraform binary unavailable: {detail}")
    if report.exit_code != EXIT_OK:
        missing = [i for i in report.items if i.status.value == "missing"]
        reason = " ".join(missing[0].detail.split())[:400] if missing else f"setup exit code {report.exit_code}"
        pytest.skip(f"go-gandi/gandi provider unavailable: {reason} (put it in ~/.terraform.d/plugins or set "
                    "ZONESTACK_PROVIDER_MIRROR)")
    return dict(report.env)


@pytest.fixture(scope="session")
def pat() -> str:
    """A random PAT for this run (longer than 24 characters, like real ones)."""
    return "pat_" + secrets.token_urlsafe(32)


@pytest.fixture(scope="session")
def transcripts() -> list[str]:
    """Every run's output and every CLI output of the session (scanned for the PAT)."""
    return []


@pytest.fixture(scope="session", autouse=True)
def _pat_nowhere_after_the_session(
    pat: str, transcripts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """After the session's last e2e test, whichever it is: the PAT is in no output any test captured
    and in no file any test wrote (projects, state, emulator data). A leak fails the run (an error at
    the last test's teardown naming the outputs and files)."""
    yield
    leaked = [i for i, text in enumerate(transcripts) if pat in text]
    files = files_containing(tmp_path_factory.getbasetemp(), pat.encode())
    if leaked or files:
        pytest.fail(f"the PAT appeared in captured output(s) #{leaked} and in file(s) {files}")


EmulatorFactory = Callable[..., Emulator]


@pytest.fixture(scope="module")
def start_emulator(tmp_path_factory: pytest.TempPathFactory, pat: str) -> Iterator[EmulatorFactory]:
    """Start emulators (stopped after the module) knowing ``pat`` and the registered example.com."""
    started: list[Emulator] = []

    def start(**knobs: Any) -> Emulator:
        emu = start_emulator_in(tmp_path_factory.mktemp("emulator"), token=pat, label="e2e", register=ZONE, **knobs)
        started.append(emu)
        return emu

    yield start
    for emu in started:
        emu.stop()


ProjectFactory = Callable[..., Project]


@pytest.fixture(scope="module")
def make_project(
    tmp_path_factory: pytest.TempPathFactory, provider_env: dict[str, str], pat: str, transcripts: list[str]
) -> ProjectFactory:
    """A fresh copy of the project wired to an emulator (local backend unless ``extra`` says)."""

    def make(emu: Emulator, **extra: str) -> Project:
        path = copy_project(tmp_path_factory.mktemp("project"))
        env = {
            **provider_env,
            "GANDI_URL": emu.url,
            "GANDI_PERSONAL_ACCESS_TOKEN": pat,
            "PIPENV_VENV_IN_PROJECT": "1",
            "PIPENV_IGNORE_VIRTUALENVS": "1",
            "PIPENV_VERBOSITY": "-1",
            "ZONESTACK_BACKEND": "local",
            **extra,
        }
        return Project(path, env, transcripts)

    return make
