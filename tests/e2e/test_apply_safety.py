"""Issue 8 items 2, 4, 5, 8 end to end: real Terraform + go-gandi against the emulator behind a fault proxy.

* 8.2: one deploy per checkout (a second run exits 1 naming the holder, a dead
  holder's lock is taken over), no plan file left behind, a plan never shared;
* 8.4: a create whose read-back failed (502/429) is not replaced on the rerun;
* 8.5: ``wiki`` A↔CNAME with Gandi refusing a CNAME beside other types, the
  DELETE slowed down so that a parallel create would always lose the race;
* 8.8: a set changed at Gandi between plan and apply stops the apply.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from livedns_emulator.faultproxy import Fault
from tests.e2e.applysafe_support import Site, make_site
from zonestack.deploy.lock import LOCK_FILE, DeployLock

pytestmark = pytest.mark.e2e

PAT = "pat_applysafe_" + "q" * 24
ZONE = "safe.org"
BASE = [("www", "A", 300, ["192.0.2.1"]), ("mail", "A", 300, ["192.0.2.2"])]
SWITCHES = int(os.environ.get("ZONESTACK_E2E_SWITCHES", "4"))
"""A↔CNAME switches in the type-switch test (bench/soak.py and a manual run use 20)."""


@pytest.fixture
def site(tmp_path: Path, provider_env: dict[str, str]) -> Iterator[Site]:
    made = make_site(tmp_path, provider_env, ZONE, PAT, BASE)
    yield made
    made.stop()


def writes(site: Site) -> list[tuple[str, str, int]]:
    return [(e.method, e.path.split(f"/domains/{ZONE}")[-1], e.status) for e in site.emu.requests if e.method != "GET"]


@pytest.mark.parametrize("status", [502, 429])
def test_set_created_but_not_read_back_is_never_replaced(site: Site, status: int) -> None:
    site.declare([*BASE, ("new", "TXT", 300, ["hello"])])
    # Persistent: the pacing proxy retries a 502/429 (bounded), so a single one would be absorbed.
    site.proxy.add(Fault("GET", f"/domains/{ZONE}/records/new/TXT$", "before", status, times=10 ** 6))
    failed = site.deploy()
    if status == 429:
        # Changed on purpose (issue 23): Gandi refusing requests mid-apply makes the deploy plan the zone
        # again; the new snapshot finds the set live as declared, untaints it, and the run converges.
        assert failed.returncode == 0, failed.stderr
        assert "planning again (round 2 of" in failed.stderr and "untainted gandi_livedns_record.TXT_new" in failed.stderr
        assert [w for w in writes(site) if w[0] == "DELETE"] == []
        assert site.live() == {("www", "A"): (300, ("192.0.2.1",)), ("mail", "A"): (300, ("192.0.2.2",)),
                               ("new", "TXT"): (300, ('"hello"',))} == site.state_sets()
        return
    assert failed.returncode == 1
    assert set(site.proxy.fired) == {("GET", f"/v5/livedns/domains/{ZONE}/records/new/TXT", "before", status)}
    site.proxy.clear()
    assert site.state()["gandi_livedns_record.TXT_new"]["status"] == "tainted"
    assert site.live()[("new", "TXT")] == (300, ('"hello"',))

    site.emu.clear_requests()
    rerun = site.deploy()
    assert rerun.returncode == 0, rerun.stderr
    assert "untainted gandi_livedns_record.TXT_new" in rerun.stderr
    assert rerun.stdout.endswith("deploy: applied 0 zone(s), 1 unchanged\n")
    assert writes(site) == []  # no DELETE, no POST: the set was never replaced
    assert all(a["status"] is None for a in site.state().values())
    declared = {("www", "A"): (300, ("192.0.2.1",)), ("mail", "A"): (300, ("192.0.2.2",)),
                ("new", "TXT"): (300, ('"hello"',))}
    assert site.live() == declared == site.state_sets()


def test_type_switch_at_one_name_is_one_request(site: Site) -> None:
    """A↔CNAME at ``wiki``: one PUT of the name (every type replaced at once), so the name is never
    empty and never holds both; state then says exactly what is live (was: DELETE then POST)."""
    site.emu.update_settings(reject_cname_conflicts=True)
    as_a = [*BASE, ("wiki", "A", 300, ["192.0.2.7"])]
    as_cname = [*BASE, ("wiki", "CNAME", 300, [f"www.{ZONE}."])]
    site.declare(as_a)
    assert site.deploy().returncode == 0
    for i in range(SWITCHES):
        to_cname = i % 2 == 0
        site.declare(as_cname if to_cname else as_a)
        site.emu.clear_requests()
        done = site.deploy()
        assert done.returncode == 0, (i, done.stderr)
        new = "CNAME" if to_cname else "A"
        assert writes(site) == [("PUT", "/records/wiki", 201)], i
        assert f"switched wiki to {new} in one request" in done.stderr, (i, done.stderr)
        wiki = {k: v for k, v in site.live().items() if k[0] == "wiki"}
        assert list(wiki) == [("wiki", new)], i
        assert site.live() == site.state_sets()
    assert not list(site.stack.glob("*.tfplan"))


def test_second_run_of_a_checkout_is_refused_and_a_dead_holders_lock_taken_over(site: Site) -> None:
    with DeployLock(site.root):
        busy = site.deploy("--plan-only")
    assert busy.returncode == 1
    assert busy.stderr.startswith(f"deploy: another deploy of this checkout is running (PID {os.getpid()}, ")
    assert busy.stderr.count("\n") == 1
    assert site.live() == {}

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (site.root / LOCK_FILE).write_text(f"{dead.stdout.strip()} 2026-01-01 00:00:00\n", encoding="utf-8")
    taken = site.deploy()
    assert taken.returncode == 0, taken.stderr
    assert set(site.live()) == {("www", "A"), ("mail", "A")}
    assert (site.root / LOCK_FILE).read_text(encoding="utf-8") == ""


def test_plan_only_during_a_deploy_cannot_touch_its_plan(site: Site) -> None:
    """The issue's example: a --plan-only run started between a deploy's plan and apply."""
    site.declare(BASE[:1])
    assert site.deploy().returncode == 0
    site.declare(BASE)
    results: dict[str, subprocess.CompletedProcess[str]] = {}

    def second_run(method: str, path: str) -> None:
        results["plan-only"] = site.deploy("--plan-only")

    # The deploy lists the zone twice: the reconcile before the plan, the live check after it.
    site.proxy.add(Fault("GET", f"/domains/{ZONE}/records$", "pass", skip=1, hook=second_run))
    first = site.deploy()
    assert first.returncode == 0, first.stderr
    assert results["plan-only"].returncode == 1
    assert "another deploy of this checkout is running" in results["plan-only"].stderr
    assert set(site.live()) == {("www", "A"), ("mail", "A")}
    assert not list(site.stack.glob("*.tfplan"))


def test_live_change_between_plan_and_apply_stops_the_apply(site: Site) -> None:
    assert site.deploy().returncode == 0
    site.declare([("www", "A", 300, ["192.0.2.10"]), BASE[1]])

    def someone_edits(method: str, path: str) -> None:
        site.emu.put_rrset(ZONE, "www", "A", ["198.51.100.1"], ttl=600)

    # The snapshot's listing passes (one per run now: was reconcile + cheap plan); the live check's fires the edit.
    site.proxy.add(Fault("GET", f"/domains/{ZONE}/records$", "pass", skip=1, hook=someone_edits))
    refused = site.deploy()
    assert refused.returncode == 1
    assert refused.stderr == (
        f"deploy: {ZONE}: changed at Gandi since the plan, nothing applied, plan again: "
        "www A: TTL 300 192.0.2.1 at plan time, now TTL 600 198.51.100.1\n")
    assert site.live()[("www", "A")] == (600, ("198.51.100.1",))
    assert not list(site.stack.glob("*.tfplan"))


def test_plan_as_markdown_and_json_documents(site: Site) -> None:
    assert site.deploy().returncode == 0
    site.declare([("www", "A", 300, ["192.0.2.10"]), ("txt", "TXT", 300, ["hello world"])])
    markdown = site.deploy("--plan-only", "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.startswith("## zonestack plan\n")  # the document only: Terraform's output is not mixed in
    assert "| change | `www` | A | 300 | `192.0.2.1` →<br>`192.0.2.10` |" in markdown.stdout
    assert "| add | `txt` | TXT | 300 | `\"hello world\"` |" in markdown.stdout
    assert "| destroy | `mail` | A | 300 | `192.0.2.2` |" in markdown.stdout
    assert markdown.stderr == "deploy: plan only, nothing applied\n"
    out = site.root / "plan.json"
    as_json = site.deploy("--plan-only", "--format", "json", "--out", str(out))
    assert as_json.returncode == 0, as_json.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [(c["action"], c["name"]) for c in doc["zones"][0]["changes"]] == [
        ("add", "txt"), ("change", "www"), ("destroy", "mail")]
    for text in (markdown.stdout, markdown.stderr, as_json.stdout, out.read_text(encoding="utf-8")):
        assert PAT not in text
    assert set(site.live()) == {("www", "A"), ("mail", "A")}
    assert not list(site.stack.glob("*.tfplan"))


def test_delete_whose_answer_was_lost_converges_in_one_run(site: Site) -> None:
    """The DELETE is applied but answered 502 once: the pacing proxy sends it again (idempotent),
    Gandi answers 404 (gone), and the provider gets the 204 the first DELETE would have had."""
    assert site.deploy().returncode == 0
    site.declare(BASE[1:])
    site.proxy.add(Fault("DELETE", "/records/www/A$", "after", 502))
    done = site.deploy()
    assert done.returncode == 0, done.stderr
    assert "the record set is gone now: answered 204 (the DELETE landed)" in done.stderr
    assert site.live() == site.state_sets() == {("mail", "A"): (300, ("192.0.2.2",))}


def test_delete_whose_answer_was_always_lost_leaves_no_ghost_in_state(site: Site) -> None:
    """The DELETE is applied but every answer is a 502: the run fails; the rerun's plan has no
    changes, and its refresh (the set is gone) must still reach state, or state keeps a ghost for good."""
    assert site.deploy().returncode == 0
    site.declare(BASE[1:])
    site.proxy.add(Fault("DELETE", "/records/www/A$", "after", 502, times=10 ** 6))
    assert site.deploy().returncode == 1
    site.proxy.clear()
    assert ("www", "A") in site.state_sets() and ("www", "A") not in site.live()
    rerun = site.deploy()
    assert rerun.returncode == 0, rerun.stderr
    assert site.live() == site.state_sets() == {("mail", "A"): (300, ("192.0.2.2",))}
    assert site.deploy("--plan-only").returncode == 0
