"""Issue 7.6 and 7.7 with the real provider: a live zone written oddly, with automatic snapshots off.

``import gandi`` adopts every set; each one stored in another form than the
canonical one (split DKIM, unsplit long TXT, relative or upper-case targets)
shows in the first plan as an import and an in-place update, a value stored
twice plans no update (the provider compares values as sets), and the zone's
``automatic_snapshots: false`` is kept: no ``false -> true`` on the domain.
After the deploy the next plan shows no changes and snapshots are still off.
"""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, live_rrsets
from tests.e2e.test_reconcile import deploy, plan_row, zonestack

pytestmark = pytest.mark.e2e

KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "q" * 300 + "IDAQAB"
LONG = "v=spf1 " + " ".join(f"ip4:192.0.2.{i}" for i in range(1, 30)) + " -all"  # > 255 octets
ODD = {  # (name, type) → (stored values, resource id, updated in place by the first deploy)
    ("@", "MX"): (["10 mail", "20 MX2.Example.NET."], "MX_APEX", True),  # relative, upper case
    ("docs", "CNAME"): (["www"], "CNAME_docs", True),  # relative target
    ("sel._domainkey", "TXT"): ([f'"v=DKIM1; k=rsa; " "p={KEY}"'], "TXT_sel-_domainkey", True),  # pasted split
    ("spf", "TXT"): ([f'"{LONG}"'], "TXT_spf", True),  # one string over 255 octets
    ("mail", "A"): (["192.0.2.25", "192.0.2.25"], "A_mail", False),  # a value stored twice
    ("www", "CNAME"): ([f"{ZONE}."], "CNAME_www", False),  # already canonical
}


def snapshots_on(url: str, pat: str) -> bool:
    answer = httpx.get(f"{url}/v5/livedns/domains/{ZONE}", headers={"Authorization": f"Bearer {pat}"}, timeout=10)
    answer.raise_for_status()
    return bool(answer.json()["automatic_snapshots"])


def test_odd_zone_with_snapshots_off_is_adopted_and_kept(
        start_emulator: EmulatorFactory, make_project: ProjectFactory, pat: str) -> None:
    emu = start_emulator(dedupe_values=False)
    emu.create_zone(ZONE, automatic_snapshots=False)
    for (name, rtype), (values, _, _) in ODD.items():
        emu.put_rrset(ZONE, name, rtype, values, ttl=3600)
    assert snapshots_on(emu.url, pat) is False
    project = make_project(emu)

    imported = zonestack(project, "import", "gandi", "--zone", ZONE, "--force")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "automatic_snapshots: false" in project.records_file.read_text(encoding="utf-8")

    planned = deploy(project, "--plan-only")
    assert planned.returncode == 0, planned.stdout + planned.stderr
    out = planned.stdout
    lines = out.splitlines()
    # the zone is adopted with its settings as they are (automatic_snapshots stays false: no "import+change")
    assert f"{ZONE}: import the zone" in lines and f"{ZONE}: import+change the zone" not in lines, out
    for (name, rtype), (_, rid, updated) in ODD.items():
        action = "import+change" if updated else "import"
        assert any(line.startswith(f"{ZONE}: {action} {name} {rtype} ttl ") for line in lines), (rid, out)
    assert plan_row(out)[1:5] == [str(len(ODD) + 1), "0", "4", "0"]

    applied = deploy(project)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    live = live_rrsets(emu.rrsets(ZONE))
    declared = {(r.name, r.type): (r.ttl, tuple(sorted(r.values))) for r in project.zone().records}
    updated = [key for key, (_, _, changed) in ODD.items() if changed]
    assert {k: live[k] for k in updated} == {k: declared[k] for k in updated}
    assert live[("docs", "CNAME")] == (3600, (f"www.{ZONE}.",))
    assert snapshots_on(emu.url, pat) is False

    again = deploy(project, "--plan-only")
    assert again.returncode == 0, again.stdout + again.stderr
    assert plan_row(again.stdout)[-1] == "no changes", again.stdout
