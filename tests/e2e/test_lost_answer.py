"""Issue 20 item 4 end to end: a record-set POST lands at Gandi but its answer is lost (a 502 from a gateway).

Real Terraform and go-gandi, the deploy's pacing proxy in front of the emulator's
fault proxy. The pacing proxy reads the set back, finds it exactly as posted and
gives the provider the 201 the API would have given: both deploy front ends
converge in one run, the set is posted once (no retry into ``409 This record
already exists``), nothing is lost or replaced.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from livedns_emulator.faultproxy import Fault
from tests.e2e.applysafe_support import Site, make_site

pytestmark = pytest.mark.e2e

PAT = "pat_lostanswer_" + "w" * 24
ZONE = "lost.org"
BASE = [("www", "A", 300, ["192.0.2.1"]), ("mail", "A", 300, ["192.0.2.2"])]
NEW = ("new", "TXT", 300, ["hello"])


@pytest.fixture
def site(tmp_path: Path, provider_env: dict[str, str]) -> Iterator[Site]:
    made = make_site(tmp_path, provider_env, ZONE, PAT, BASE)
    yield made
    made.stop()


FRONT_ENDS = {
    "zonestack deploy": ["-m", "zonestack", "deploy", "--quiet"],
    "python -m zonestack.deploy deploy": ["-m", "zonestack.deploy", "deploy", ZONE, "--quiet"],
}


@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_a_post_whose_answer_was_lost_after_it_landed_converges_in_one_run(site: Site, front_end: str) -> None:
    first = site.deploy()
    assert first.returncode == 0, first.stderr
    site.declare([*BASE, NEW])
    site.proxy.add(Fault("POST", f"/domains/{ZONE}/records$", "after", 502))
    site.emu.clear_requests()

    run = subprocess.run([sys.executable, *FRONT_ENDS[front_end]], cwd=site.root, env=site.env,
                         capture_output=True, text=True, timeout=600)

    assert run.returncode == 0, run.stdout + run.stderr
    assert site.proxy.fired == [("POST", f"/v5/livedns/domains/{ZONE}/records", "after", 502)]
    assert (f"POST /v5/livedns/domains/{ZONE}/records: the answer was lost after the API applied it (read back: "
            "the record set is there exactly as posted): answered 201") in run.stderr
    assert "Traceback" not in run.stdout + run.stderr and "409" not in run.stdout + run.stderr
    writes = [(e.method, e.path.split(f"/domains/{ZONE}")[-1], e.status) for e in site.emu.requests
              if e.method != "GET"]
    assert writes == [("POST", "/records", 201)]  # posted once, nothing deleted or replaced
    declared = {("www", "A"): (300, ("192.0.2.1",)), ("mail", "A"): (300, ("192.0.2.2",)),
                ("new", "TXT"): (300, ('"hello"',))}
    assert site.live() == declared == site.state_sets()
    assert all(a["status"] is None for a in site.state().values())  # nothing tainted

    site.emu.clear_requests()
    again = site.deploy()
    assert again.returncode == 0, again.stderr
    assert again.stdout.endswith("deploy: applied 0 zone(s), 1 unchanged\n")
    assert [e for e in site.emu.requests if e.method != "GET"] == []
