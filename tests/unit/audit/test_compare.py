"""The audit's categories on plain data: no API, no files beyond one record file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zonestack.audit.compare import audit_zone
from zonestack.audit.state import StateRecord
from zonestack.loader import load_zone

from .conftest import ZONE


@dataclass(frozen=True)
class LiveRRset:
    """Shaped like ``zonestack.gandi.LiveRRset``: the audit only reads these fields."""

    name: str
    type: str
    ttl: int
    values: tuple[str, ...]


def live(name: str, rtype: str, ttl: int, *values: str) -> LiveRRset:
    return LiveRRset(name, rtype, ttl, tuple(values))


def in_sync() -> list[LiveRRset]:
    return [live("@", "A", 1800, "203.0.113.10"), live("www", "CNAME", 1800, "example.org."),
            live("@", "TXT", 1800, '"v=spf1 -all"'), live("mail", "A", 3600, "203.0.113.25")]


def test_clean_zone_has_no_drift(records_dir: Path) -> None:
    report = audit_zone(load_zone(records_dir / f"{ZONE}.yaml"), in_sync(), [])
    assert (report.drift, report.missing, report.changed, report.unmanaged, report.state_only) == (
        False, [], [], [], [])


def test_every_category(records_dir: Path) -> None:
    zone = load_zone(records_dir / f"{ZONE}.yaml")
    current = [s for s in in_sync() if s.name != "mail"]  # mail A missing
    current[0] = live("@", "A", 300, "203.0.113.10")  # TTL changed
    current[2] = live("@", "TXT", 1800, "v=spf1 -all")  # unquoted: not what Gandi stores → changed
    current += [live("old", "A", 1800, "192.0.2.1"), live("stray", "TXT", 10800, '"x"'),
                live("_acme-challenge", "TXT", 10800, '"t1"'), live("@", "NS", 10800, "ns1.gandi.net.")]
    state = [StateRecord("gandi_livedns_record.A_old", "old", "A", 1800, ("192.0.2.1",)),
             StateRecord("gandi_livedns_record.A_gone", "gone", "A", 1800, ("192.0.2.9",))]
    report = audit_zone(zone, current, state)
    assert report.drift is True
    assert [(e.name, e.type, e.in_state) for e in report.missing] == [("mail", "A", False)]
    assert [(e.name, e.type, e.live_ttl, e.declared_ttl) for e in report.changed] == [
        ("@", "A", 300, 1800), ("@", "TXT", 1800, 1800)]
    assert report.changed[1].live_values == ("v=spf1 -all",)
    assert report.changed[1].declared_values == ('"v=spf1 -all"',)
    assert [(e.name, e.type, e.in_state) for e in report.unmanaged] == [("old", "A", True), ("stray", "TXT", False)]
    assert [(e.name, e.type, e.reason) for e in report.ignored] == [
        ("@", "NS", "managed by Gandi"), ("_acme-challenge", "TXT", "matches ignore")]
    assert [(e.name, e.reason, e.live_ttl) for e in report.state_only] == [
        ("gone", "gandi_livedns_record.A_gone would be destroyed", None),
        ("old", "gandi_livedns_record.A_old would be destroyed", 1800)]


def test_value_order_does_not_matter(records_dir: Path) -> None:
    zone = load_zone(records_dir / f"{ZONE}.yaml")
    extra = in_sync()
    report = audit_zone(zone, [live(s.name, s.type, s.ttl, *reversed(s.values)) for s in extra], [])
    assert report.drift is False
