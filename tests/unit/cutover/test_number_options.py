"""Number options refuse NaN and infinity at parsing, before any work: ``float('nan')`` compares false
with everything, so ``--max-ratio nan`` turned the deploy guard off (``risky / size > nan`` is never
true) and ``--wait nan`` never reached its deadline (each loop ran to its round cap, hours)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from zonestack.cli import main


@pytest.mark.parametrize("args", [
    ["deploy", "--plan-only", "--max-ratio"],
    ["dnssec", "--zone", "example.com", "--wait"],
    ["dnssec", "--zone", "example.com", "--timeout"],
    ["cutover", "--zone", "example.com", "--wait"],
    ["verify", "--wait"],
    ["verify", "--timeout"],
    ["token", "check", "--timeout"],
])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999"])
def test_nan_and_infinity_are_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                            value: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GANDI_URL", "http://127.0.0.1:9")  # nothing listens: any API use would fail loudly
    result = CliRunner().invoke(main, [*args, value], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{args[-1]}'" in result.output and "finite" in result.output


@pytest.mark.parametrize("args, value", [(["deploy", "--plan-only", "--max-ratio"], "-0.1"),
                                         (["dnssec", "--zone", "example.com", "--wait"], "-1"),
                                         (["token", "check", "--timeout"], "0")])
def test_out_of_range_is_still_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                             value: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*args, value], catch_exceptions=False)
    assert result.exit_code == 2 and f"Invalid value for '{args[-1]}'" in result.output
