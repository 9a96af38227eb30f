"""``zonestack cutover`` stops before any network use when the record file does not allow a flip."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.unit.cutover.conftest import HEAD
from zonestack.cli import main


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
