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
from zonestack.deploy.render_plan import FAILED, INVALID, NOT_MANAGED, WIDTH, Unplanned, to_json, to_markdown
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


# -- every selected zone has a row (issue 19.2) ---------------------------------------------------

UNPLANNED = [
    Unplanned("broken.org", INVALID, "records/broken.org.yaml:4: A value 'x' is not an IPv4 address [values]"),
    Unplanned("gone.org", NOT_MANAGED, "gone.org: records/gone.org.yaml was deleted but .state/gone.org/"
              "terraform.tfstate still manages the zone; …"),
    Unplanned("unknown.org", FAILED, "unknown.org: not found at Gandi LiveDNS (404): the domain is not in the "
              "account this PAT can see (wrong organisation or PAT scope), or its DNS is not hosted on LiveDNS yet"),
]


def test_markdown_has_a_row_and_a_cause_for_every_zone_without_a_plan(plans: list[ZonePlan]) -> None:
    verdicts = [judge(p, GuardPolicy()) for p in plans]
    text = to_markdown(plans, verdicts, unplanned=UNPLANNED)
    summary = text.split("\n\n")[1].splitlines()  # the summary table: the block after the title
    assert summary[0].startswith("| zone | verdict")
    table = summary[2:]
    assert [line.split(" | ")[0][2:] for line in table] == [
        "broken.org", "gone.org", "review.org", "unchanged.org", "unknown.org"]  # one table, sorted by zone
    assert "| broken.org | **invalid** | – | – | – | – | – |" in table
    assert "| unknown.org | **failed** | – | – | – | – | – |" in table
    assert "| gone.org | **no longer managed** | – | – | – | – | – |" in table
    assert "### unknown.org: failed" in text
    assert "Not planned. not found at Gandi LiveDNS (404)" in text
    assert "Not planned: the record file does not validate. records/broken.org.yaml:4:" in text
    assert "No changes." not in text
    assert all(len(line) <= WIDTH for line in text.splitlines() if not line.startswith("|"))


def test_json_has_every_zone_without_a_plan_with_its_cause(plans: list[ZonePlan]) -> None:
    verdicts = [judge(p, GuardPolicy()) for p in plans]
    zones = json.loads(to_json(plans, verdicts, unplanned=UNPLANNED))["zones"]
    by_zone = {z["zone"]: z for z in zones}
    assert [z["zone"] for z in zones] == sorted(by_zone)
    assert {z: by_zone[z]["verdict"] for z in by_zone} == {
        "broken.org": "invalid", "gone.org": "no longer managed", "review.org": "ok",
        "unchanged.org": "no changes", "unknown.org": "failed"}
    assert by_zone["unknown.org"]["cause"].startswith("unknown.org: not found at Gandi LiveDNS (404)")
    assert by_zone["broken.org"]["counts"] is None and by_zone["broken.org"]["changes"] == []


def test_a_zone_the_plan_creates_says_so_in_its_verdict() -> None:
    created = ZonePlan("new.org", zone_action="create")
    verdict = judge(created, GuardPolicy())
    assert json.loads(to_json([created], [verdict]))["zones"][0]["verdict"] == "creates zone"
    text = to_markdown([created], [verdict])
    assert "| new.org | creates zone |" in text and "Creates the zone at LiveDNS; " in text
