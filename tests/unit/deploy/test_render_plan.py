"""Issue 12: the Markdown and JSON plan documents, from ``terraform show -json`` of REAL runs.

The fixtures in ``tests/fixtures/plans/`` were made by ``generate.py`` there
(real Terraform 1.11 and go-gandi 2.3.0 against the emulator, through the deploy
engine): an import, an add with two values, a TXT whose TTL and value change, a
delete, and one live set the run's snapshot prunes (zonestack deletes it itself, so
it is not in Terraform's plan: it is handed to ``parse_plan`` as the engine hands
it); and a plan with no changes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from zonestack.deploy.guard import GuardPolicy, Verdict, judge
from zonestack.deploy.plan import ZonePlan, parse_plan
from zonestack.deploy.render_plan import WIDTH, to_json, to_markdown
from zonestack.diff import AUTHORITATIVE, Prune
from zonestack.model import RecordSet

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plans"


PRUNES = (Prune(RecordSet("stray", "TXT", 10800, ('"left over"',)), AUTHORITATIVE),)
"""What the engine's snapshot listed for review.org when the fixture was made (see generate.py)."""


def load(zone: str, prunes: tuple[Prune, ...] = ()) -> ZonePlan:
    return parse_plan(zone, (FIXTURES / f"{zone}.json").read_text(encoding="utf-8"), prunes)


@pytest.fixture
def plans() -> list[ZonePlan]:
    return [load("review.org", PRUNES), load("unchanged.org")]


def test_fixtures_are_real_plans_without_secrets() -> None:
    for path in FIXTURES.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert data["terraform_version"].startswith("1.")
        assert "registry.terraform.io/go-gandi/gandi" in text
        assert not re.search(r"pat_|Bearer|personal_access_token\"\s*:\s*\"[^\"]", text), path.name
        assert "terraform_data" not in text, path.name  # no helper resources since synthesis is pure


def test_the_fingerprint_output_changes_with_the_configuration_only() -> None:
    assert load("review.org").outputs_changed and not load("unchanged.org").outputs_changed
    assert load("unchanged.org").no_changes


def test_prunes_count_as_destroys_in_the_guard(plans: list[ZonePlan]) -> None:
    review = plans[0]
    assert (review.imports, review.adds, review.changes, review.destroys, review.size) == (1, 1, 1, 2, 6)
    assert [(p.name, p.type, p.values, p.reason) for p in review.prunes] == [
        ("stray", "TXT", ('"left over"',), "authoritative")]
    assert judge(review, GuardPolicy(min_size=6, max_ratio=0.5)).reasons == ()
    assert judge(review, GuardPolicy(min_size=6, max_ratio=0.49)).reasons == (
        "3 of 6 record sets would be changed or destroyed (50% > 49% of a zone with 6+ record sets)",)


def test_markdown_lists_every_change_with_its_values(plans: list[ZonePlan]) -> None:
    verdicts = [judge(p) for p in plans]
    text = to_markdown(plans, verdicts)
    assert text == (FIXTURES / "review.md").read_text(encoding="utf-8")
    assert "| change | `@` | TXT | 300 → 600 | `\"v=spf1 -all\"` →<br>`\"v=spf1 mx -all\"` |" in text
    assert "| prune (authoritative) | `stray` | TXT | 10800 | `\"left over\"` |" in text
    assert "### unchanged.org" not in text  # a zone without changes is only in the summary table


def test_markdown_shows_the_refusal_and_fits_80_columns(plans: list[ZonePlan]) -> None:
    verdicts = [judge(p, GuardPolicy(min_size=3)) for p in plans]
    text = to_markdown(plans, verdicts)
    assert "| review.org | REFUSED | 1 | 1 | 1 | 2 | 1 |" in text
    assert "### review.org: refused" in text
    assert "- **refused**: 3 of 6 record sets would be changed or destroyed (50% > 30% of a\n  zone" in text
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert "\x1b" not in text


def test_json_document_shape(plans: list[ZonePlan]) -> None:
    verdicts = [judge(p) for p in plans]
    doc = json.loads(to_json(plans, verdicts))
    assert doc["schema"] == "zonestack-plan/1"
    review, unchanged = doc["zones"]
    assert (unchanged["zone"], unchanged["verdict"], unchanged["changes"]) == ("unchanged.org", "no changes", [])
    assert review["counts"] == {"record_sets": 6, "imports": 1, "adds": 1, "changes": 1, "destroys": 2, "prunes": 1}
    assert [(c["action"], c["name"], c["type"]) for c in review["changes"]] == [
        ("import", "legacy", "CNAME"), ("add", "api", "A"), ("change", "@", "TXT"), ("destroy", "old", "A"),
        ("prune", "stray", "TXT")]
    change = review["changes"][2]
    assert (change["before"], change["after"]) == ({"ttl": 300, "values": ['"v=spf1 -all"']},
                                                   {"ttl": 600, "values": ['"v=spf1 mx -all"']})
    assert review["changes"][4] == {"action": "prune", "name": "stray", "type": "TXT", "reason": "authoritative",
                                    "before": {"ttl": 10800, "values": ['"left over"']}, "after": None}


def test_values_with_markdown_syntax_stay_literal() -> None:
    from zonestack.deploy.plan import RecordChange, SetValue

    odd = ZonePlan("odd.org", (RecordChange("gandi_livedns_record.TXT_x", "x", "TXT", ("create",),
                                            after=SetValue(300, ('"a|b `c` \\d"',))),))
    text = to_markdown([odd], [Verdict("odd.org")])
    assert '| add | `x` | TXT | 300 | ``"a\\|b `c` \\d"`` |' in text
