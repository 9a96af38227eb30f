"""The audit's categories on plain data: no API, no files beyond one record file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zonestack.audit.compare import audit_zone
from zonestack.loader import load_zone
from zonestack.model import RecordSet
from zonestack.tfstate import StateRecord

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


def in_state(address: str, name: str, rtype: str, ttl: int, values: tuple[str, ...]) -> StateRecord:
    """A record instance as :func:`zonestack.tfstate.parse_state` reads it from state."""
    return StateRecord(address, RecordSet(name, rtype, ttl, values))


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
    state = [in_state("gandi_livedns_record.A_old", "old", "A", 1800, ("192.0.2.1",)),
             in_state("gandi_livedns_record.A_gone", "gone", "A", 1800, ("192.0.2.9",))]
    report = audit_zone(zone, current, state)
    assert report.drift is True
    assert [(e.name, e.type, e.in_state) for e in report.missing] == [("mail", "A", False)]
    assert [(e.name, e.type, e.live_ttl, e.declared_ttl) for e in report.changed] == [
        ("@", "A", 300, 1800), ("@", "TXT", 1800, 1800)]
    assert report.changed[1].live_values == ("v=spf1 -all",)
    assert report.changed[1].declared_values == ('"v=spf1 -all"',)
    # a live set in state and no longer declared is the plan's destroy (state_only), not also unmanaged
    assert [(e.name, e.type, e.in_state) for e in report.unmanaged] == [("stray", "TXT", False)]
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


def test_additive_zone_unmanaged_is_not_drift_but_conflicts_are(records_dir: Path) -> None:
    """Issue 7.5: Gandi's defaults beside declared sets: unmanaged is listed, not drift; a conflict is."""
    zone = load_zone(records_dir / f"{ZONE}.yaml")
    state = [in_state(f"gandi_livedns_record.{i}", s.name, s.type, s.ttl, s.values)
             for i, s in enumerate(in_sync())]
    extra = [live("webmail", "CNAME", 10800, "webmail.gandi.net."), live("_imap._tcp", "SRV", 10800, "0 0 0 .")]
    report = audit_zone(zone, in_sync() + extra, state)
    assert report.drift is False
    assert [(e.name, e.type) for e in report.unmanaged] == [("_imap._tcp", "SRV"), ("webmail", "CNAME")]
    conflicting = [live("www", "A", 10800, "217.70.184.38"), live("mail", "CNAME", 10800, "webmail.gandi.net.")]
    report = audit_zone(zone, in_sync() + conflicting, state)
    assert report.drift is True
    assert [(e.name, e.type, e.reason.split(":")[0]) for e in report.prune] == [
        ("mail", "CNAME", "conflicts with a declared set at this name"),
        ("www", "A", "conflicts with a declared set at this name")]


def test_authoritative_zone_lists_every_undeclared_set_for_pruning(records_dir: Path) -> None:
    text = (records_dir / f"{ZONE}.yaml").read_text(encoding="utf-8")
    (records_dir / f"{ZONE}.yaml").write_text(text.replace("ttl: 1800", "ttl: 1800\nmode: authoritative", 1),
                                              encoding="utf-8")
    zone = load_zone(records_dir / f"{ZONE}.yaml")
    assert zone.authoritative
    extra = [live("legacy", "A", 300, "192.0.2.7"), live("_acme-challenge", "TXT", 300, '"t"'),
             live("@", "NS", 10800, "ns1.gandi.net.")]
    report = audit_zone(zone, in_sync() + extra, [])
    assert report.drift is True
    assert [(e.name, e.type) for e in report.prune] == [("legacy", "A")]
    assert report.unmanaged == []
    assert [(e.name, e.type) for e in report.ignored] == [("@", "NS"), ("_acme-challenge", "TXT")]


def test_declared_and_live_but_not_in_state_is_reported_with_its_fix(records_dir: Path) -> None:
    """Issue 8.3: a lost create response leaves a live, declared set that state lacks."""
    zone = load_zone(records_dir / f"{ZONE}.yaml")
    sets = in_sync()
    state = [in_state(f"gandi_livedns_record.{i}", s.name, s.type, s.ttl, s.values)
             for i, s in enumerate(sets) if s.name != "mail"]
    sets[3] = live("mail", "A", 3600, "203.0.113.99")
    report = audit_zone(zone, sets, state)
    assert [(e.name, e.type, e.reason) for e in report.not_in_state] == [
        ("mail", "A", "the next `zonestack deploy` adopts it (an import in the plan), then updates it")]
    assert [(e.name, e.type) for e in report.changed] == [("mail", "A")]


# -- Gandi's defaults that contradict the file (issue 19.3) ----------------------------------------

GANDI_MAIL = [
    live("_imaps._tcp", "SRV", 10800, "0 1 993 mail.gandi.net."),
    live("_submission._tcp", "SRV", 10800, "0 1 465 mail.gandi.net."),
    live("_pop3s._tcp", "SRV", 10800, "10 1 995 mail.gandi.net."),
    live("_imap._tcp", "SRV", 10800, "0 0 0 ."),
    live("webmail", "CNAME", 10800, "webmail.gandi.net."),
]


def mail_zone(tmp_path: Path, mx: str) -> Path:
    path = tmp_path / "migrated.org.yaml"
    path.write_text(f"zone: migrated.org\nrecords:\n  - {{name: '@', type: MX, values: ['{mx}']}}\n",
                    encoding="utf-8")
    return path


def test_gandi_mail_defaults_contradict_a_zone_whose_mail_is_elsewhere(tmp_path: Path) -> None:
    zone = load_zone(mail_zone(tmp_path, "1 aspmx.l.google.com."))
    report = audit_zone(zone, [live("@", "MX", 10800, "1 aspmx.l.google.com."), *GANDI_MAIL,
                               live("www", "CNAME", 10800, "webredir.vip.gandi.net.")])
    assert [(e.name, e.type) for e in report.contradicts] == [
        ("_imap._tcp", "SRV"), ("_imaps._tcp", "SRV"), ("_pop3s._tcp", "SRV"), ("_submission._tcp", "SRV"),
        ("webmail", "CNAME")]
    assert all("set `mode: authoritative`" in e.reason for e in report.contradicts)
    assert [(e.name, e.type) for e in report.unmanaged] == [("www", "CNAME")]  # not about mail
    assert report.drift


def test_gandi_mail_defaults_do_not_contradict_gandi_mail_or_edited_sets(tmp_path: Path) -> None:
    gandi = audit_zone(load_zone(mail_zone(tmp_path, "10 spool.mail.gandi.net.")),
                       [live("@", "MX", 10800, "10 spool.mail.gandi.net."), *GANDI_MAIL])
    assert gandi.contradicts == [] and not gandi.drift
    edited = audit_zone(load_zone(mail_zone(tmp_path, "1 aspmx.l.google.com.")),
                        [live("@", "MX", 10800, "1 aspmx.l.google.com."),
                         live("_imaps._tcp", "SRV", 10800, "0 1 993 imap.gmail.com.")])
    assert edited.contradicts == [] and [e.name for e in edited.unmanaged] == ["_imaps._tcp"]
