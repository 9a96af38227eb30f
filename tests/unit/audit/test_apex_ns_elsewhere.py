"""Issue 19 item 9: a live apex NS set pointing away from Gandi is a warning, not "managed by Gandi"."""

from __future__ import annotations

import json
from pathlib import Path

from livedns_emulator import Emulator
from tests.unit.audit.test_audit_cmd import run, seed_in_sync
from zonestack.audit.compare import audit_zone
from zonestack.diff import apex_ns_elsewhere
from zonestack.gandi import LiveRRset
from zonestack.loader import load_zone

from .conftest import ZONE

CLOUDFLARE_NS = ["ada.ns.cloudflare.com.", "rob.ns.cloudflare.com."]


def test_apex_ns_at_another_provider_is_warned_about(emu: Emulator, records_dir: Path, tmp_path: Path) -> None:
    seed_in_sync(emu)
    emu.put_rrset(ZONE, "@", "NS", CLOUDFLARE_NS)
    code, out, err = run(records_dir, tmp_path, "--zone", ZONE)
    assert code == 0  # a warning, not drift: the deploy never touches apex NS
    assert err == (f"audit: warning: {ZONE}: @ NS: apex NS points away from Gandi (ada.ns.cloudflare.com., "
                   "rob.ns.cloudflare.com.): resolvers following it do not get this zone from Gandi's LiveDNS; set "
                   "the nameservers at the registrar, or remove these NS records at Gandi\n")
    assert "managed by Gandi" not in out
    assert "**warning:** @ NS: apex NS points away from Gandi" in out
    code, out, _ = run(records_dir, tmp_path, "--zone", ZONE, "--format", "json")
    assert json.loads(out)["zones"][0]["warnings"][0].startswith("@ NS: apex NS points away from Gandi")


def test_gandis_own_apex_ns_is_still_managed_by_gandi(tmp_path: Path) -> None:
    path = tmp_path / f"{ZONE}.yaml"
    path.write_text(f"zone: {ZONE}\nrecords: []\n")
    gandi = LiveRRset("@", "NS", 10800, ("ns-42-a.gandi.net.", "ns-42-b.gandi.net.", "ns-42-c.gandi.net."))
    report = audit_zone(load_zone(path), [gandi])
    assert [(e.name, e.type, e.reason) for e in report.ignored] == [("@", "NS", "managed by Gandi")]
    assert report.warnings == []
    mixed = LiveRRset("@", "NS", 10800, ("ns-42-a.gandi.net.", "ns1.example-dns.net."))
    assert apex_ns_elsewhere(mixed) == ("ns1.example-dns.net.",)
    assert apex_ns_elsewhere(LiveRRset("lab", "NS", 10800, ("ns1.example-dns.net.",))) == ()  # a delegation
