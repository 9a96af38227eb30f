"""What every test tier shares: one emulator factory, one ``live()`` view, and what a skip means in CI.

``start_emulator`` is the one way a test gets a LiveDNS emulator: it starts as many as asked, each in
its own directory, accepting ``token``, optionally with ``zone`` created (or only registered), and
stops them all when the test ends. ``live(emu, zone)`` is the one view of what the emulator holds:
``{(name, type): (ttl, values)}``.

In CI (``CI`` set) a test skipped because a tool the suite needs is missing (Knot DNS, dig,
PostgreSQL, a Terraform binary) fails instead: a green CI must mean those tests ran. The go-gandi
provider is the exception (no registry or mirror may offer it): the tests it skips are counted and
reported in one line at the end.

Hypothesis's default 200 ms deadline per example fails a property test on a busy machine (CI
runs on the developer's shared 2-core machine): no deadline, in every test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from livedns_emulator import Emulator, Settings
from tests.unit.toolchain.fakes import make_executable

EmulatorFactory = Callable[..., Emulator]
LiveView = dict[tuple[str, str], tuple[int, tuple[str, ...]]]

MISSING_TOOL = re.compile(r"Knot DNS|dig is not installed|PostgreSQL|Terraform binary unavailable")
"""Skip reasons that name a tool the suite needs (see the skip sites: verify's conftest, the pg tests,
the README dig test, the e2e ``provider_env``)."""
PROVIDER_UNAVAILABLE = "go-gandi/gandi provider unavailable"
_PROVIDER_SKIPS = pytest.StashKey[list[str]]()


def live(emu: Emulator, zone: str) -> LiveView:
    """What ``emu`` holds for ``zone``: ``{(name, type): (ttl, values as stored)}``."""
    return {(r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], tuple(r["rrset_values"])) for r in emu.rrsets(zone)}


def start_emulator_in(directory: Path, *, token: str | None = None, label: str | None = None, zone: str | None = None,
                      register: str | None = None, seed_defaults: bool = False,
                      automatic_snapshots: bool | None = None, **settings: Any) -> Emulator:
    """An emulator on ``directory`` (fsync off unless asked), accepting ``token`` (as ``label``), with
    ``register`` registered as a domain and ``zone`` created (seeded with Gandi's default records when
    ``seed_defaults``); ``settings`` are :class:`livedns_emulator.Settings` knobs. The caller stops it."""
    emu = Emulator.start(directory, Settings(**{"fsync": False, **settings}))
    try:
        if token is not None:
            emu.add_token(token, label=label)
        if register is not None:
            emu.register_domain(register)
        if zone is not None:
            emu.create_zone(zone, seed_defaults=seed_defaults, automatic_snapshots=automatic_snapshots)
    except BaseException:
        emu.stop()
        raise
    return emu


@pytest.fixture
def start_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorFactory]:
    """``start_emulator(token=PAT, zone=ZONE, ...)``: a fresh emulator (see :func:`start_emulator_in`),
    stopped when the test ends. The e2e tier overrides it with a module-scoped one knowing its PAT."""
    started: list[Emulator] = []

    def start(**options: Any) -> Emulator:
        emu = start_emulator_in(tmp_path_factory.mktemp("emu"), **options)
        started.append(emu)
        return emu

    yield start
    for emu in started:
        emu.stop()


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A private directory for executables, to put on a test's PATH."""
    path = tmp_path / "bin"
    path.mkdir()
    return path


@pytest.fixture
def executable(bin_dir: Path) -> Callable[[str], Path]:
    """``executable("terraform")`` puts a do-nothing executable in ``bin_dir``."""

    def make(name: str) -> Path:
        return make_executable(bin_dir / name)

    return make


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = _skip_reason(report)
    if PROVIDER_UNAVAILABLE in reason:
        item.config.stash.setdefault(_PROVIDER_SKIPS, []).append(reason)
    elif os.environ.get("CI") and MISSING_TOOL.search(reason):
        report.outcome = "failed"
        report.longrepr = f"CI: a tool the suite needs is missing, so this test fails instead of skipping: {reason}"


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    skipped = config.stash.get(_PROVIDER_SKIPS, [])
    if skipped:
        reason = skipped[0].split(PROVIDER_UNAVAILABLE, 1)[1].lstrip(": ")[:200]
        terminalreporter.write_line(f"provider: go-gandi/gandi unavailable, {len(skipped)} test(s) skipped ({reason})")

from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("zonestack", deadline=None)
_hypothesis.load_profile("zonestack")
