"""Issue 8 items 2, 4, 5, 7, 8 without Terraform: lock, plan files, untaint choice, phases, live check, destroy."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.unit.deploy.planjson import plan, record
from tests.waiting import GENEROUS, wait_until
from zonestack.deploy.__main__ import command as deploy_main
from zonestack.deploy.livecheck import live_changes
from zonestack.deploy.lock import LOCK_FILE, DeployLock, LockBusy
from zonestack.deploy.phases import changes, difference, phase_one_targets, switched_names
from zonestack.deploy.plan import parse_plan
from zonestack.deploy.planfile import RunId, SavedPlan, digest, verify
from zonestack.deploy.snapshot import ZoneSnapshot
from zonestack.deploy.terraform import StepError
from zonestack.deploy.untaint import safe_to_untaint, to_untaint
from zonestack.diff import CONFLICT, Prune
from zonestack.gandi import LiveRRset
from zonestack.loader import check_zone, load_zone
from zonestack.model import RecordSet
from zonestack.tfstate import StateRecord, parse_state

# -- 8.2: lock -----------------------------------------------------------------


def test_second_lock_of_a_checkout_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    with DeployLock(tmp_path), pytest.raises(LockBusy) as busy:
        DeployLock(tmp_path).acquire()
    assert str(busy.value).startswith(f"deploy: another deploy of this checkout is running (PID {os.getpid()}, ")
    assert "\n" not in str(busy.value)
    DeployLock(tmp_path).acquire()  # released on exit: free again


def test_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (tmp_path / LOCK_FILE).parent.mkdir(parents=True)
    (tmp_path / LOCK_FILE).write_text(f"{dead.stdout.strip()} 2026-01-01 00:00:00\n")
    with DeployLock(tmp_path):
        assert (tmp_path / LOCK_FILE).read_text().split()[0] == str(os.getpid())


def test_lock_held_by_a_killed_child_is_released_by_the_kernel(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from zonestack.deploy.lock import DeployLock;"
         f" DeployLock(Path({str(tmp_path)!r})).acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[3])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusy, match=f"PID {holder.pid}"):
            DeployLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
    with DeployLock(tmp_path):
        pass


def test_racing_runs_admit_exactly_one(tmp_path: Path) -> None:
    """The winner holds the lock until every other run has tried (a condition, not a fixed time)."""
    won: list[int] = []
    lost: list[int] = []
    start = threading.Barrier(8)
    hold = threading.Event()

    def attempt(i: int) -> None:
        lock = DeployLock(tmp_path)
        start.wait()
        try:
            lock.acquire()
        except LockBusy:
            lost.append(i)
            return
        won.append(i)
        hold.wait(GENEROUS)
        lock.release()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(won) + len(lost) == 8, what="all eight runs to try the lock")
    hold.set()
    for thread in threads:
        thread.join(GENEROUS)
    assert (len(won), len(lost)) == (1, 7)


# -- 8.2: plan files -------------------------------------------------------------


def test_each_run_has_its_own_plan_file() -> None:
    names = {RunId.new().plan_file() for _ in range(50)}
    assert len(names) == 50
    assert all(n.startswith("zonestack-") and n.endswith(".tfplan") and "/" not in n for n in names)


def _saved(tmp_path: Path, content: bytes) -> SavedPlan:
    (tmp_path / "zonestack-x.tfplan").write_bytes(content)
    return SavedPlan("example.org", tmp_path, "zonestack-x.tfplan", digest(tmp_path / "zonestack-x.tfplan"),
                     parse_plan("example.org", plan()), plan())


def test_a_plan_file_changed_after_its_summary_is_refused(tmp_path: Path) -> None:
    saved = _saved(tmp_path, b"reviewed plan")
    verify(saved)
    saved.path.write_bytes(b"someone else's plan")
    with pytest.raises(StepError, match=r"changed since it was summarised .* nothing applied, plan again"):
        verify(saved)
    saved.path.unlink()
    with pytest.raises(StepError, match="is gone"):
        verify(saved)


# -- 8.4: untaint ----------------------------------------------------------------

STATE = {"version": 4, "resources": [
    {"mode": "managed", "type": "gandi_livedns_record", "name": "A_www", "instances": [
        {"status": "tainted", "attributes": {"name": "www", "type": "A", "ttl": 300, "values": ["192.0.2.1"]}}]},
    {"mode": "managed", "type": "gandi_livedns_record", "name": "A_ok", "instances": [
        {"attributes": {"name": "ok", "type": "A", "ttl": 300, "values": ["192.0.2.2"]}}]},
]}


def test_tainted_record_instances_are_read_from_state() -> None:
    assert parse_state(json.dumps(STATE)).tainted == (
        StateRecord("gandi_livedns_record.A_www", RecordSet("www", "A", 300, ("192.0.2.1",)), tainted=True),)
    assert parse_state("").tainted == ()


def _snapshot(tmp_path: Path, live: list[LiveRRset] | None, state: dict = STATE) -> ZoneSnapshot:
    (tmp_path / "example.org.yaml").write_text(
        "zone: example.org\nrecords:\n  - {name: www, type: A, ttl: 300, values: [192.0.2.1, 192.0.2.3]}\n"
        "  - {name: ok, type: A, ttl: 300, values: [192.0.2.2]}\n")
    zone = load_zone(tmp_path / "example.org.yaml")
    return ZoneSnapshot(zone, parse_state(json.dumps(state)),
                        None if live is None else tuple(RecordSet(r.name, r.type, r.ttl, r.values) for r in live))


def test_untaint_only_when_live_is_what_was_declared_or_written(tmp_path: Path) -> None:
    tainted = parse_state(json.dumps(STATE)).tainted[0]

    def snapshot(ttl: int, *values: str) -> ZoneSnapshot:
        return _snapshot(tmp_path, [LiveRRset("www", "A", ttl, values)])

    assert safe_to_untaint(tainted, snapshot(300, "192.0.2.3", "192.0.2.1"))  # the declaration
    assert safe_to_untaint(tainted, snapshot(300, "192.0.2.1"))  # what the create wrote
    assert safe_to_untaint(tainted, snapshot(300, "192.0.2.1", "192.0.2.1"))  # Gandi holds a value twice
    assert not safe_to_untaint(tainted, snapshot(600, "192.0.2.1"))
    assert not safe_to_untaint(tainted, snapshot(300, "198.51.100.1"))
    assert not safe_to_untaint(tainted, _snapshot(tmp_path, []))  # not live: the plan creates it again
    assert not safe_to_untaint(tainted, _snapshot(tmp_path, None))  # no zone at all


def test_to_untaint_names_only_tainted_instances_live_as_intended(tmp_path: Path) -> None:
    live = [LiveRRset("www", "A", 300, ("192.0.2.1", "192.0.2.3")), LiveRRset("ok", "A", 300, ("192.0.2.2",))]
    assert to_untaint(_snapshot(tmp_path, live)) == ["gandi_livedns_record.A_www"]  # "ok" is not tainted
    assert to_untaint(_snapshot(tmp_path, live[1:])) == []
    clean = {**STATE, "resources": [{**r, "instances": [{k: v for k, v in i.items() if k != "status"}
                                                        for i in r["instances"]]} for r in STATE["resources"]]}
    assert to_untaint(_snapshot(tmp_path, live, clean)) == []


# -- 8.5: phases -----------------------------------------------------------------


def _typed(name: str, rtype: str, *actions: str, values: list[str] | None = None) -> dict[str, object]:
    item = record(name, rtype, *actions)
    for side in ("before", "after"):
        if item["change"][side] is not None and values is not None:
            item["change"][side] = {**item["change"][side], "values": values}
    return item


def test_a_name_switching_to_or_from_cname_is_switched_not_deleted_first() -> None:
    to_cname = parse_plan("example.org", plan(_typed("wiki", "A", "delete"), _typed("wiki", "CNAME", "create"),
                                              _typed("old", "A", "delete"), _typed("new", "A", "create")))
    assert switched_names(to_cname) == {"wiki": (("gandi_livedns_record.A_wiki",), ("gandi_livedns_record.CNAME_wiki",))}
    assert phase_one_targets(to_cname) == ()  # nothing is deleted ahead: the name is never empty
    from_cname = parse_plan("example.org", plan(_typed("wiki", "CNAME", "delete"), _typed("wiki", "A", "create"),
                                                _typed("wiki", "AAAA", "create")))
    assert switched_names(from_cname) == {"wiki": (("gandi_livedns_record.CNAME_wiki",),
                                                   ("gandi_livedns_record.AAAA_wiki", "gandi_livedns_record.A_wiki"))}


def test_no_phases_without_a_cname_type_switch() -> None:
    same = parse_plan("example.org", plan(_typed("wiki", "A", "delete"), _typed("wiki", "AAAA", "create"),
                                          _typed("www", "CNAME", "update"), _typed("x", "CNAME", "create")))
    assert (phase_one_targets(same), switched_names(same)) == ((), {})
    imported = parse_plan("example.org", plan(_typed("wiki", "A", "delete"),
                                              record("wiki", "CNAME", "no-op", importing=True)))
    assert switched_names(imported) == {}  # an adopted CNAME is no create


def test_a_phase_plan_must_be_the_reviewed_plan() -> None:
    reviewed = changes(plan(_typed("wiki", "A", "delete"), _typed("wiki", "CNAME", "create"),
                            _typed("www", "A", "no-op")))
    assert set(reviewed) == {"gandi_livedns_record.A_wiki", "gandi_livedns_record.CNAME_wiki"}
    same = changes(plan(_typed("wiki", "CNAME", "create")))
    rest = {k: v for k, v in reviewed.items() if k != "gandi_livedns_record.A_wiki"}
    assert difference(rest, same) == []
    other = changes(plan(_typed("wiki", "CNAME", "create", values=["elsewhere.example."])))
    assert difference(rest, other) == ["gandi_livedns_record.CNAME_wiki: planned differently from the reviewed plan"]
    extra = changes(plan(_typed("wiki", "CNAME", "create"), _typed("x", "A", "delete")))
    assert difference(rest, extra) == ["gandi_livedns_record.A_x: delete planned but not reviewed"]
    assert difference(rest, {}) == ["gandi_livedns_record.CNAME_wiki: create reviewed but not planned"]


# -- 8.8: live change between plan and apply -----------------------------------------


def test_live_change_to_a_touched_set_is_reported() -> None:
    planned = parse_plan("example.org", plan(_typed("www", "A", "update"), _typed("new", "A", "create"),
                                             _typed("keep", "A", "no-op")))
    unchanged = {("www", "A"): LiveRRset("www", "A", 300, ("192.0.2.1",)),
                 ("keep", "A"): LiveRRset("keep", "A", 60, ("203.0.113.9",))}  # untouched: may change
    assert live_changes(planned, unchanged) == []
    moved = {**unchanged, ("www", "A"): LiveRRset("www", "A", 300, ("198.51.100.7",)),
             ("new", "A"): LiveRRset("new", "A", 300, ("192.0.2.1",))}
    assert live_changes(planned, moved) == [
        "new A: the plan creates it but Gandi has it now (TTL 300 192.0.2.1; not in state)",
        "www A: TTL 300 192.0.2.1 at plan time, now TTL 300 198.51.100.7",
    ]


def test_a_value_stored_twice_is_not_a_live_change() -> None:
    """Issue 7.6: Gandi may hold a value twice; the plan's ``before`` (the provider's set) holds it once."""
    planned = parse_plan("example.org", plan(_typed("www", "A", "update")))
    twice = {("www", "A"): LiveRRset("www", "A", 300, ("192.0.2.1", "192.0.2.1"))}
    assert live_changes(planned, twice) == []


def test_a_prune_is_checked_like_a_touched_set() -> None:
    """A set zonestack is about to delete must still be what the plan document listed."""
    planned = parse_plan("example.org", plan(_typed("www", "A", "no-op")))
    prune = Prune(RecordSet("www", "CNAME", 10800, ("webredir.vip.gandi.net.",)), CONFLICT)
    listed = {("www", "CNAME"): LiveRRset("www", "CNAME", 10800, ("webredir.vip.gandi.net.",))}
    assert live_changes(planned, listed, [prune]) == []
    twice = {("www", "CNAME"): LiveRRset("www", "CNAME", 10800, ("webredir.vip.gandi.net.",) * 2)}
    assert live_changes(planned, twice, [prune]) == []
    moved = {("www", "CNAME"): LiveRRset("www", "CNAME", 300, ("elsewhere.example.",))}
    assert live_changes(planned, moved, [prune]) == [
        "www CNAME: to be deleted as TTL 10800 webredir.vip.gandi.net., now TTL 300 elsewhere.example."]
    assert live_changes(planned, {}, [prune]) == [
        "www CNAME: to be deleted as TTL 10800 webredir.vip.gandi.net., now absent"]


def test_an_import_whose_live_set_moved_is_a_live_change() -> None:
    planned = parse_plan("example.org", plan(_typed("www", "A", "no-op") | {"change": {
        **_typed("www", "A", "no-op")["change"], "importing": {"id": "example.org/www/A"}}}))
    assert planned.records[0].importing
    assert live_changes(planned, {("www", "A"): LiveRRset("www", "A", 300, ("192.0.2.1",))}) == []
    assert live_changes(planned, {("www", "A"): LiveRRset("www", "A", 300, ("192.0.2.8",))}) == [
        "www A: TTL 300 192.0.2.1 at plan time, now TTL 300 192.0.2.8"]


def test_no_zone_at_gandi_is_no_live_change_for_a_plan_that_creates_everything() -> None:
    planned = parse_plan("example.org", plan(_typed("www", "A", "create"), domain=("create",)))
    assert live_changes(planned, None) == []


def test_planfile_docstring_says_what_terraform_checks() -> None:
    from zonestack.deploy import livecheck, planfile

    doc = " ".join((planfile.__doc__ or "").split())
    assert "against the *state* only" in doc and "does not re-read the zone at Gandi" in doc
    assert "Terraform rejects the stale plan instead" not in doc
    assert "it never re-reads the zone" in " ".join((livecheck.__doc__ or "").split())


# -- 8.7: destroy ------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["destroy"], "destroy: name the zone(s) to destroy (it never covers every zone)"),
    (["destroy", "*"], "destroy: name zones literally, not '*'"),
    (["destroy", "example.com"], "destroy: this deletes every record set of example.com at Gandi; re-run with --yes"),
])
def test_destroy_needs_a_named_zone_and_yes(args: list[str], message: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", "pat_unit_" + "u" * 24)
    result = CliRunner().invoke(deploy_main, args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1
    assert not (tmp_path / "cdktf.out").exists()


# -- 8.8: mixed-case record file names -------------------------------------------------


def test_mixed_case_record_file_name_is_refused_with_the_rename(tmp_path: Path) -> None:
    path = tmp_path / "Example.COM.yaml"
    path.write_text("zone: example.com\nrecords:\n  - {name: www, type: A, values: [192.0.2.1]}\n")
    zone, findings = check_zone(path)
    assert [(f.line, f.rule, f.message) for f in findings] == [(1, "zone", (
        "record file name 'Example.COM.yaml' has upper case: rename it to 'example.com.yaml' "
        "(zones are found by their lower-case file name)"))]
    renamed = tmp_path / "example.com.yaml"
    path.rename(renamed)
    assert check_zone(renamed)[1] == []


def _phase(plan_file: str) -> str:
    """The phase a plan file belongs to: ``-phase1``, ``-rest`` or "" (the reviewed plan)."""
    found = re.search(r"(-phase1|-rest)\.tfplan$", plan_file)
    return found.group(1) if found else ""


class FakeTerraform:
    """Terraform's plan/show/apply for phases: each phase plan's ``show -json`` is scripted."""

    def __init__(self, directory: Path, shown: dict[str, str]) -> None:
        self.directory, self.shown = directory, shown
        self.applied: list[str] = []
        self.planned: list[tuple[str, list[str]]] = []

    def plan(self, plan_file: str, extra: list[str] = ()) -> None:  # type: ignore[assignment]
        (self.directory / plan_file).write_bytes(b"phase")
        self.planned.append((_phase(plan_file), list(extra)))

    def show(self, plan_file: str) -> str:
        return self.shown[_phase(plan_file)]

    def apply(self, plan_file: str) -> None:
        self.applied.append(_phase(plan_file) or plan_file)


def _reviewed(tmp_path: Path, text: str) -> SavedPlan:
    saved = _saved(tmp_path, b"reviewed")
    return SavedPlan(saved.zone, saved.directory, saved.file, saved.sha256, parse_plan("example.org", text), text)


def test_a_type_switch_is_one_switch_then_the_checked_rest(tmp_path: Path) -> None:
    saved = _reviewed(tmp_path, plan(_typed("wiki", "A", "delete"), _typed("wiki", "CNAME", "create"),
                                     _typed("new", "A", "create")))
    switched: list[dict[str, object]] = []
    tf = FakeTerraform(tmp_path, {"-rest": plan(_typed("new", "A", "create"))})
    from zonestack.deploy import phases

    assert phases.apply_reviewed(saved, tf, ("-refresh=false",), switch=lambda names: switched.append(names)) == 2
    assert switched == [{"wiki": (("gandi_livedns_record.A_wiki",), ("gandi_livedns_record.CNAME_wiki",))}]
    assert tf.planned == [("-rest", ["-refresh=false"])] and tf.applied == ["-rest"]
    assert list(tmp_path.glob("*-rest.tfplan")) == []


def test_a_rest_plan_that_is_not_the_reviewed_plan_is_not_applied(tmp_path: Path) -> None:
    from zonestack.deploy import phases

    saved = _reviewed(tmp_path, plan(_typed("wiki", "A", "delete"), _typed("wiki", "CNAME", "create")))
    tf = FakeTerraform(tmp_path, {"-rest": plan(_typed("www", "A", "delete"))})
    with pytest.raises(StepError, match=r"phase 2 plan is not the reviewed plan, nothing more applied: "
                                        r"gandi_livedns_record.A_www: delete planned but not reviewed"):
        phases.apply_reviewed(saved, tf, switch=lambda names: None)
    assert tf.applied == []
    assert list(tmp_path.glob("*-rest.tfplan")) == []


def test_a_type_switch_without_the_one_request_switch_applies_nothing(tmp_path: Path) -> None:
    from zonestack.deploy import phases

    saved = _reviewed(tmp_path, plan(_typed("wiki", "A", "delete"), _typed("wiki", "CNAME", "create")))
    tf = FakeTerraform(tmp_path, {})
    with pytest.raises(StepError, match=r"switches types at wiki, which needs the deploy's one-request switch; "
                                        r"nothing applied"):
        phases.apply_reviewed(saved, tf)
    assert (tf.planned, tf.applied) == ([], [])


def test_one_phase_applies_the_reviewed_file_itself(tmp_path: Path) -> None:
    from zonestack.deploy import phases

    saved = _reviewed(tmp_path, plan(_typed("www", "A", "update")))
    tf = FakeTerraform(tmp_path, {})
    called: list[str] = []
    assert phases.apply_reviewed(saved, tf, between=lambda: called.append("between"),
                                 switch=lambda names: called.append("switch")) == 1
    assert (tf.applied, tf.planned, called) == ([saved.file], [], [])
    saved.path.write_bytes(b"tampered")
    with pytest.raises(StepError, match="changed since it was summarised"):
        phases.apply_reviewed(saved, tf)
    assert tf.applied == [saved.file]


def test_a_plan_creating_the_zone_creates_it_alone_first(tmp_path: Path) -> None:
    """Phase 1 creates only the zone; ``between`` clears Gandi's seeded sets; then the checked rest."""
    from zonestack.deploy import phases

    saved = _reviewed(tmp_path, plan(_typed("www", "A", "create"), domain=("create",)))
    assert saved.plan.creates_zone
    assert phase_one_targets(saved.plan) == ("gandi_livedns_domain.zone",)
    tf = FakeTerraform(tmp_path, {"-phase1": plan(domain=("create",)), "-rest": plan(_typed("www", "A", "create"))})
    order: list[str] = []
    assert phases.apply_reviewed(saved, tf, between=lambda: order.append(f"between after {tf.applied}")) == 2
    assert tf.planned == [("-phase1", ["-target=gandi_livedns_domain.zone"]), ("-rest", [])]
    assert order == ["between after ['-phase1']"] and tf.applied == ["-phase1", "-rest"]

    tf = FakeTerraform(tmp_path, {"-phase1": plan(_typed("old", "A", "delete"), domain=("create",)),
                                  "-rest": plan()})
    with pytest.raises(StepError, match=r"phase 1 plan is not the reviewed plan, nothing more applied: "
                                        r"gandi_livedns_record.A_old: delete planned but not reviewed"):
        phases.apply_reviewed(saved, tf, between=lambda: order.append("again"))
    assert tf.applied == [] and order == ["between after ['-phase1']"]


def test_refresh_drift_is_read_from_the_plan(tmp_path: Path) -> None:
    saved = _saved(tmp_path, b"plan")
    assert saved.drift == []
    drifted = json.loads(saved.shown[saved.shown.find("{"):])
    drifted["resource_drift"] = [{"address": "gandi_livedns_record.A_www", "change": {"actions": ["delete"]}}]
    saved = SavedPlan(saved.zone, saved.directory, saved.file, saved.sha256, saved.plan, json.dumps(drifted))
    assert saved.plan.no_changes and saved.drift == ["gandi_livedns_record.A_www"]
