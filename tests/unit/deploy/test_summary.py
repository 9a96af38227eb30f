"""Terraform's plan line becomes a PlanSummary."""

from __future__ import annotations

from zonestack.deploy.summary import PlanSummary, parse_summary


def test_plan_line_with_imports() -> None:
    out = "example.com  Plan: 2 to import, 3 to add, 1 to change, 4 to destroy.\n"
    assert parse_summary(out) == PlanSummary(imports=2, adds=3, changes=1, destroys=4, no_changes=False)


def test_plan_line_without_imports() -> None:
    assert parse_summary("Plan: 17 to add, 0 to change, 0 to destroy.") == PlanSummary(adds=17)


def test_no_changes() -> None:
    out = "example.com  No changes. Your infrastructure matches the configuration."
    assert parse_summary(out) == PlanSummary(no_changes=True)


def test_two_stacks_add_up() -> None:
    out = "a.com  Plan: 1 to add, 0 to change, 0 to destroy.\nb.org  Plan: 0 to add, 2 to change, 1 to destroy.\n"
    summary = parse_summary(out)
    assert summary == PlanSummary(adds=1, changes=2, destroys=1)
    assert summary is not None and summary.total == 4


def test_no_plan_at_all() -> None:
    assert parse_summary("Terraform has been successfully initialized!") is None
