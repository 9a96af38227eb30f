"""Issue 8 items 2, 4, 5, 7, 8 without Terraform: lock, plan files, untaint choice, phases, live check, destroy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.unit.deploy_guard.planjson import plan, record
from zonestack.deploy.__main__ import command as deploy_main
from zonestack.deploy.livecheck import live_changes
from zonestack.deploy.lock import LOCK_FILE, DeployLock, LockBusy
from zonestack.deploy.phases import changes, difference, phase_one_targets
from zonestack.deploy.pipeline import StepError
from zonestack.deploy.plan import parse_plan
from zonestack.deploy.planfile import RunId, SavedPlan, digest, verify
from zonestack.deploy.untaint import TaintedSet, safe_to_untaint, tainted_records
from zonestack.gandi import LiveRRset
from zonestack.loader import check_zone, load_zone

# -- 8.2: lock -----------------------------------------------------------------


def test_second_lock_of_a_checkout_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    with DeployLock(tmp_path):
        with pytest.raises(LockBusy) as busy:
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
    won: list[int] = []
    start = threading.Barrier(8)
    hold = threading.Event()

    def attempt(i: int) -> None:
        lock = DeployLock(tmp_path)
        start.wait()
        try:
            lock.acquire()
        except LockBusy:
            return
        won.append(i)
        hold.wait(10)
        lock.release()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads[1:]:
        thread.join(0.5)
    hold.set()
    for thread in threads:
        thread.join(10)
    assert len(won) == 1


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
    assert tainted_records("Initializing...\n" + json.dumps(STATE)) == [
        TaintedSet("gandi_livedns_record.A_www", "www", "A", 300, ("192.0.2.1",))]
    assert tainted_records("") == []


def test_local_state_is_read_without_terraform(tmp_path: Path) -> None:
    from zonestack.deploy.untaint import _state_text

    stack = tmp_path / "cdktf.out" / "stacks" / "example.org"
    stack.mkdir(parents=True)
    (stack / "cdk.tf.json").write_text(json.dumps(
        {"terraform": {"backend": {"local": {"path": "../../../.state/example.org/terraform.tfstate"}}}}))
    assert _state_text("example.org", stack, {}) == ""  # no state yet
    (tmp_path / ".state" / "example.org").mkdir(parents=True)
    (tmp_path / ".state" / "example.org" / "terraform.tfstate").write_text(json.dumps(STATE))
    assert [t.address for t in tainted_records(_state_text("example.org", stack, {}))] == [
        "gandi_livedns_record.A_www"]


def test_untaint_only_when_live_is_what_was_declared_or_written(tmp_path: Path) -> None:
    (tmp_path / "example.org.yaml").write_text(
        "zone: example.org\nrecords:\n  - {name: www, type: A, ttl: 300, values: [192.0.2.1, 192.0.2.3]}\n")
    zone = load_zone(tmp_path / "example.org.yaml")
    tainted = TaintedSet("gandi_livedns_record.A_www", "www", "A", 300, ("192.0.2.1",))

    def live(ttl: int, *values: str) -> dict[tuple[str, str], LiveRRset]:
        return {("www", "A"): LiveRRset("www", "A", ttl, values)}

    assert safe_to_untaint(tainted, zone, live(300, "192.0.2.3", "192.0.2.1"))  # the declaration
    assert safe_to_untaint(tainted, zone, live(300, "192.0.2.1"))  # what the create wrote
    assert not safe_to_untaint(tainted, zone, live(600, "192.0.2.1"))
    assert not safe_to_untaint(tainted, zone, live(300, "198.51.100.1"))
    assert not safe_to_untaint(tainted, zone, {})


# -- 8.5: phases -----------------------------------------------------------------


def _typed(name: str, rtype: str, *actions: str, values: list[str] | None = None) -> dict[str, object]:
    item = record(name, rtype, *actions)
    for side in ("before", "after"):
        if item["change"][side] is not None and values is not None:
            item["change"][side] = {**item["change"][side], "values": values}
    return item


def test_deletes_at_a_name_switching_to_or_from_cname_run_first() -> None:
    to_cname = parse_plan("example.org", plan(_typed("wiki", "A", "delete"), _typed("wiki", "CNAME", "create"),
                                              _typed("old", "A", "delete"), _typed("new", "A", "create")))
    assert phase_one_targets(to_cname) == ("gandi_livedns_record.A_wiki",)
    from_cname = parse_plan("example.org", plan(_typed("wiki", "CNAME", "delete"), _typed("wiki", "A", "create"),
                                                _typed("wiki", "AAAA", "create")))
    assert phase_one_targets(from_cname) == ("gandi_livedns_record.CNAME_wiki",)


def test_no_phases_without_a_cname_type_switch() -> None:
    same = parse_plan("example.org", plan(_typed("wiki", "A", "delete"), _typed("wiki", "AAAA", "create"),
                                          _typed("www", "CNAME", "update"), _typed("x", "CNAME", "create")))
    assert phase_one_targets(same) == ()


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


def test_pipeline_docstring_says_what_terraform_checks() -> None:
    from zonestack.deploy import pipeline

    doc = " ".join((pipeline.__doc__ or "").split())
    assert "against the *state* only" in doc and "does not look at the zone at Gandi" in doc
    assert "Terraform rejects the stale plan instead" not in doc


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


def test_two_phase_apply_stops_when_a_phase_plan_differs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zonestack.deploy import phases

    reviewed_text = plan(_typed("wiki", "A", "delete"), _typed("wiki", "CNAME", "create"))
    saved = _saved(tmp_path, b"reviewed")
    saved = SavedPlan(saved.zone, saved.directory, saved.file, saved.sha256,
                      parse_plan("example.org", reviewed_text), reviewed_text)
    applied: list[str] = []
    phase_plans = {"-phase1": plan(_typed("wiki", "A", "delete")),
                   "-phase2": plan(_typed("wiki", "CNAME", "create"))}

    def fake_plan(zone: str, directory: Path, env: object, echo: object, *, plan_file: str,
                  extra: list[str] = (), **_: object) -> str:  # type: ignore[assignment]
        (directory / plan_file).write_bytes(b"phase")
        key = "-phase1" if "-phase1" in plan_file else "-phase2"
        assert (key == "-phase1") == (extra == ["-target=gandi_livedns_record.A_wiki"])
        return phase_plans[key]

    monkeypatch.setattr(phases, "plan_json", fake_plan)
    monkeypatch.setattr(phases, "apply_zone", lambda *a, plan_file, **k: applied.append(plan_file))
    assert phases.apply_reviewed(saved, {}) == 2
    assert [p.split("-")[-1] for p in applied] == ["phase1.tfplan", "phase2.tfplan"]
    assert list(tmp_path.glob("*-phase*.tfplan")) == []

    applied.clear()
    phase_plans["-phase2"] = plan(_typed("wiki", "CNAME", "create"), _typed("www", "A", "delete"))
    with pytest.raises(StepError, match=r"phase 2 plan is not the reviewed plan, nothing more applied: "
                                        r"gandi_livedns_record.A_www: delete planned but not reviewed"):
        phases.apply_reviewed(saved, {})
    assert [p.split("-")[-1] for p in applied] == ["phase1.tfplan"]


def test_refresh_drift_is_read_from_the_plan(tmp_path: Path) -> None:
    saved = _saved(tmp_path, b"plan")
    assert saved.drift == []
    drifted = json.loads(saved.shown[saved.shown.find("{"):])
    drifted["resource_drift"] = [{"address": "gandi_livedns_record.A_www", "change": {"actions": ["delete"]}}]
    saved = SavedPlan(saved.zone, saved.directory, saved.file, saved.sha256, saved.plan, json.dumps(drifted))
    assert saved.plan.no_changes and saved.drift == ["gandi_livedns_record.A_www"]
