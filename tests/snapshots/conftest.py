"""``--update-snapshots`` rewrites stored snapshots instead of comparing."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots", action="store_true", default=False, help="rewrite tests/snapshots/__snapshots__/*.json"
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With --update-snapshots, remove the snapshots of zones no longer in records/."""
    if not session.config.getoption("--update-snapshots", default=False):
        return
    from tests.snapshots.snapshot import obsolete_snapshots
    from tests.snapshots.test_zone_snapshots import RECORD_FILES
    from zonestack.loader import load_zone

    for path in obsolete_snapshots({load_zone(p).name for p in RECORD_FILES}):
        path.unlink()
