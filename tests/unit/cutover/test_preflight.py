"""The cutover's pre-flight rules: each refusal with its evidence and the way forward."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zonestack.audit.compare import Entry, ZoneAudit
from zonestack.cutover import ds_memory
from zonestack.cutover.plan import read_plan
from zonestack.cutover.preflight import DsAnswer, audit_check, delegation_note, ds_check, records_check
from zonestack.cutover.report import CutoverRecord, to_markdown
from zonestack.verify.compare import Check, Status
from zonestack.verify.run import ZoneReport
from zonestack.verify.servers import Address, Nameserver

ZONE = "example.com"
NS = [Nameserver(Address("127.0.0.1", 5301), ("ns-1-a.gandi.net",)),
      Nameserver(Address("127.0.0.1", 5302), ("ns-1-b.gandi.net",))]
LIVEDNS = ["ns-1-a.gandi.net", "ns-1-b.gandi.net", "ns-1-c.gandi.net"]
DS = "12345 13 2 " + "ab" * 32


def report(*statuses: Status) -> ZoneReport:
    checks = [Check("www", "A", NS[i % 2].label, s) for i, s in enumerate(statuses)]
    return ZoneReport(ZONE, list(NS), checks)


def test_records_pass_only_when_every_server_answers_every_set() -> None:
    ok = records_check(report(Status.OK, Status.OK), ZONE)
    assert ok.ok and ok.evidence.startswith(f"{ZONE}: 1/1 record sets ok at 2 nameservers")
    missing = records_check(report(Status.OK, Status.MISSING), ZONE)
    assert not missing.ok
    assert f"www A missing at {NS[1].label}" in missing.evidence
    assert "zonestack deploy --zone example.com" in missing.fix
    assert "FAIL records:" in missing.line() and "\n     -> " in missing.line()


def test_records_refuse_an_unreachable_server_and_no_server() -> None:
    down = report(Status.OK)
    down.unreachable[NS[1].label] = "connection refused"
    check = records_check(down, ZONE)
    assert not check.ok and "unreachable" in check.evidence and "connection refused" in check.evidence
    assert not records_check(ZoneReport(ZONE), ZONE).ok
    assert not records_check(ZoneReport(ZONE, error="401 Unauthorized"), ZONE).ok


def test_audit_refuses_drift_and_errors() -> None:
    assert audit_check(ZoneAudit(ZONE), ZONE).ok
    drift = audit_check(ZoneAudit(ZONE, missing=[Entry("www", "A")], prune=[Entry("old", "A")]), ZONE)
    assert not drift.ok and drift.evidence == "drift: 1 missing, 1 prune"
    assert "zonestack audit --zone example.com" in drift.fix
    assert audit_check(ZoneAudit(ZONE, unmanaged=[Entry("x", "TXT")]), ZONE).ok  # unmanaged is not drift
    assert not audit_check(ZoneAudit(ZONE, error="state unreadable"), ZONE).ok


def test_a_served_ds_refuses_with_its_served_ttl_and_the_safe_order() -> None:
    check = ds_check([DsAnswer("parent (127.0.0.1:53)", (DS,), 3600)], None, None, 1000.0, ZONE)
    assert not check.ok
    assert check.evidence == f"the parent publishes DS for {ZONE} (key tag 12345, TTL 3600 s as served by " \
                             "parent (127.0.0.1:53))"
    assert check.fix.startswith("go insecure first: remove the DS at the registry, then wait 3600 s")


def test_a_removed_ds_is_waited_out_from_when_it_was_last_seen() -> None:
    none = [DsAnswer("parent")]
    waiting = ds_check(none, last_seen=1000.0, last_ttl=3600, now=1600.0, zone=ZONE)
    assert not waiting.ok and "served 600 s ago with TTL 3600 s" in waiting.evidence
    assert waiting.fix == "wait 3000 s, then run the cutover again"
    done = ds_check(none, last_seen=1000.0, last_ttl=3600, now=4601.0, zone=ZONE)
    assert done.ok and "expired 1 s ago" in done.evidence
    assert ds_check(none, None, None, 0.0, ZONE).ok  # never seen, not served: nothing to wait for


@pytest.mark.parametrize("answers", [[], [DsAnswer("parent", error="no answer within 2s")],
                                     [DsAnswer("a"), DsAnswer("b", error="SERVFAIL")]])
def test_an_unanswered_ds_question_refuses(answers: list[DsAnswer]) -> None:
    check = ds_check(answers, None, None, 0.0, ZONE)
    assert not check.ok and check.evidence.startswith("cannot tell whether the parent publishes a DS")


def test_ds_memory_round_trips_and_survives_garbage(tmp_path: Path) -> None:
    assert ds_memory.recall(tmp_path, ZONE) == (None, None)
    ds_memory.remember(tmp_path, ZONE, 1234.5, 86400)
    assert ds_memory.recall(tmp_path, ZONE) == (1234.5, 86400)
    assert ds_memory.memory_path(tmp_path, ZONE).parent.name == "delegation-example.com"
    ds_memory.memory_path(tmp_path, ZONE).write_text("{not json")
    assert ds_memory.recall(tmp_path, ZONE) == (None, None)


def test_the_delegation_note_gives_the_ns_ttl_and_never_refuses() -> None:
    old = delegation_note(["ns1.old.example."], 172800, LIVEDNS)
    assert old.ok and "now delegated to ns1.old.example" in old.evidence
    assert "NS TTL 172800 s as the parent serves it" in old.evidence
    assert delegation_note([n.upper() + "." for n in LIVEDNS], 172800, LIVEDNS).evidence.startswith(
        "already delegated to LiveDNS")
    assert "the old nameservers' own NS TTL unknown (not asked): resolvers may ask the old nameservers for up " \
           "to 172800 s after the flip" in old.evidence
    longer = delegation_note(["ns1.old.example"], 3600, LIVEDNS, child_ns_ttl=86400)
    assert "NS TTL 3600 s as the parent serves it, 86400 s as the old nameservers serve it: resolvers may ask " \
           "the old nameservers for up to 86400 s after the flip" in longer.evidence


def plan(actions: list[str], before: list[str] | None, after: list[str] | None) -> dict:
    change = {"actions": actions, "before": None if before is None else {"nameservers": before},
              "after": None if after is None else {"nameservers": after}}
    return {"resource_changes": [{"address": "gandi_nameservers.delegation", "change": change}]}


def test_the_plan_must_set_exactly_the_livedns_nameservers() -> None:
    flip = read_plan(plan(["create"], None, LIVEDNS))
    assert not flip.no_changes and flip.mismatch(LIVEDNS) == ""
    assert flip.line() == ("gandi_nameservers.delegation: create: nameservers not managed yet -> "
                           + ", ".join(LIVEDNS))
    assert read_plan(plan(["create"], None, [])).mismatch(LIVEDNS) == "the plan sets no nameservers (LiveDNS gave none?)"
    assert "but LiveDNS serves the zone at" in read_plan(plan(["update"], ["a.b.c"], ["x.y.z"])).mismatch(LIVEDNS)
    same = read_plan(plan(["no-op"], LIVEDNS, LIVEDNS))
    assert same.no_changes and "no changes" in same.line()
    assert read_plan({"resource_changes": []}).no_changes


def test_the_report_masks_secrets_and_records_the_run() -> None:
    pat = "pat_" + "s" * 32
    record = CutoverRecord(ZONE, "2026-01-01 00:00:00 UTC", outcome=f"failed with {pat}", exit_code=3)
    record.checks.append(ds_check([DsAnswer("parent", (DS,), 60)], None, None, 0.0, ZONE))
    text = to_markdown(record, {"GANDI_PERSONAL_ACCESS_TOKEN": pat})
    assert pat not in text and "***" in text
    assert "| ds | **refused** | the parent publishes DS" in text
    assert json.dumps(text)  # plain text
