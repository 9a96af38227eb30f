"""Issue 3: deploy the example zone for real (Terraform + go-gandi) against the emulator.

One project and one emulator for the whole module: the first test deploys, the
others build on that deployed state, and each puts back what it changed.
"""

from __future__ import annotations

import re

import pytest

from livedns_emulator import Emulator
from tests.e2e.conftest import EmulatorFactory, ProjectFactory
from tests.e2e.support import ZONE, Project, expected_addresses, expected_rrsets, live_rrsets

pytestmark = pytest.mark.e2e

ACME = ("_acme-challenge", "TXT")


@pytest.fixture(scope="module")
def emu(start_emulator: EmulatorFactory) -> Emulator:
    return start_emulator()


@pytest.fixture(scope="module")
def project(make_project: ProjectFactory, emu: Emulator) -> Project:
    project = make_project(emu)
    # Written by an ACME client before the first deploy; the zone file ignores it.
    return project


@pytest.fixture(scope="module")
def deployed(project: Project, emu: Emulator) -> Project:
    result = project.cdktf("deploy")
    assert result.ok, result.output
    assert result.summary is not None
    assert (result.summary.adds, result.summary.changes, result.summary.destroys) == (
        len(project.zone().records) + 1, 0, 0
    ), "domain + one resource per record set (no helper resources: synthesis holds the declaration only)"
    return project


def test_deploy_creates_exactly_the_declared_record_sets(deployed: Project, emu: Emulator) -> None:
    zone = deployed.zone()
    live = live_rrsets(emu.rrsets(ZONE))
    assert live == expected_rrsets(zone)
    # Spot checks of the values as Gandi returns them.
    assert live[("@", "TXT")][1] == (
        '"google-site-verification=3gYy7J0nXb9dQ2VY1x4mG7T5cD0rL8kPzWq6sHfUaE0"',
        '"v=spf1 include:_mailcust.gandi.net -all"',
    )
    (dkim,) = live[("gm1._domainkey", "TXT")][1]
    chunks = re.fullmatch(r'"([^"]*)" "([^"]*)"', dkim)
    assert chunks is not None, dkim
    assert len(chunks.group(1)) == 255 and chunks.group(1).startswith("v=DKIM1; k=rsa; p=MIIB"), dkim
    assert chunks.group(2).endswith("IDAQAB")
    assert live[("xn--bcher-kva", "CNAME")] == (3600, ("www.example.com.",))
    assert deployed.state_addresses() == expected_addresses(zone)
    posts = [r for r in emu.requests if r.method == "POST"]
    assert [r.path for r in posts if r.path.endswith("/domains")] == ["/v5/livedns/domains"]
    assert all(r.status in (200, 201) for r in posts), posts


def test_diff_right_after_deploy_shows_no_changes(deployed: Project) -> None:
    result = deployed.cdktf("diff", skip_synth=True)
    assert result.ok, result.output
    assert result.summary is not None and result.summary.no_changes, result.output


def test_record_changed_behind_the_stacks_back_is_put_back(deployed: Project, emu: Emulator) -> None:
    emu.put_rrset(ZONE, "mail", "A", ["198.51.100.66"], ttl=3600)
    diff = deployed.cdktf("diff", skip_synth=True)
    assert diff.summary is not None
    assert (diff.summary.adds, diff.summary.changes, diff.summary.destroys) == (0, 1, 0), diff.output
    assert "gandi_livedns_record.A_mail will be updated in-place" in diff.output
    assert "198.51.100.66" in diff.output
    apply = deployed.cdktf("deploy", skip_synth=True)
    assert apply.ok, apply.output
    assert live_rrsets(emu.rrsets(ZONE))[("mail", "A")] == (3600, ("203.0.113.25",))


def test_record_added_behind_its_back_and_ignored_names_are_left_alone(deployed: Project, emu: Emulator) -> None:
    emu.put_rrset(ZONE, "legacy", "A", ["192.0.2.200"], ttl=600)
    emu.put_rrset(ZONE, "_acme-challenge", "TXT", ["acme-token-1"], ttl=300)
    emu.clear_requests()
    result = deployed.cdktf("deploy", skip_synth=True)
    assert result.ok, result.output
    assert result.summary is not None and result.summary.no_changes, result.output
    live = live_rrsets(emu.rrsets(ZONE))
    assert live[("legacy", "A")] == (600, ("192.0.2.200",))
    assert live[ACME] == (300, ('"acme-token-1"',))
    touched = [r for r in emu.requests if "/legacy/" in r.path or "_acme-challenge" in r.path]
    assert touched == [], touched
    assert all(r.method == "GET" for r in emu.requests), "a no-change deploy only reads"


def test_removing_an_entry_destroys_only_that_record_set(deployed: Project, emu: Emulator) -> None:
    original = deployed.records_file.read_text(encoding="utf-8")
    before = live_rrsets(emu.rrsets(ZONE))
    block = "  - name: _dmarc\n    type: TXT\n    values: [\"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; fo=1\"]\n"
    assert block in original
    deployed.records_file.write_text(original.replace(block, ""), encoding="utf-8")
    try:
        result = deployed.cdktf("deploy")
        assert result.ok, result.output
        assert result.summary is not None
        assert (result.summary.adds, result.summary.changes, result.summary.destroys) == (0, 0, 1), result.output
        after = live_rrsets(emu.rrsets(ZONE))
        assert after == {k: v for k, v in before.items() if k != ("_dmarc", "TXT")}
        assert "gandi_livedns_record.TXT__dmarc" not in deployed.state_addresses()
    finally:
        deployed.records_file.write_text(original, encoding="utf-8")
    restored = deployed.cdktf("deploy")
    assert restored.ok and restored.summary is not None and restored.summary.adds == 1, restored.output
    assert live_rrsets(emu.rrsets(ZONE)) == before
