"""``zonestack cutover`` stops before any network use when the record file does not allow a flip."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from zonestack.cli import main

HEAD = "zone: example.com\nrecords:\n  - {name: '@', type: A, values: [192.0.2.1]}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "records").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GANDI_URL", "http://127.0.0.1:9")  # nothing listens: any API use would fail loudly
    return tmp_path


def cutover(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["cutover", "--zone", "example.com", "--yes", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_a_zone_without_the_opt_in_is_not_flipped(project: Path) -> None:
    (project / "records" / "example.com.yaml").write_text(HEAD)
    code, output = cutover()
    assert code == 1
    assert "records/example.com.yaml has no `delegation: {registrar: gandi}`" in output
    assert "(stack delegation-example.com); nothing changed" in output


def test_an_invalid_record_file_is_not_flipped(project: Path) -> None:
    (project / "records" / "example.com.yaml").write_text(HEAD + "delegation: {registrar: ovh}\n")
    code, output = cutover()
    assert code == 1 and "delegation.registrar must be gandi" in output and "nothing changed" in output


def test_the_report_is_written_on_a_refusal_too(project: Path) -> None:
    (project / "records" / "example.com.yaml").write_text(HEAD)
    code, _ = cutover("--report", "r.md")
    text = (project / "r.md").read_text()
    assert code == 1 and "# Cutover of example.com" in text and "(exit 1)" in text
