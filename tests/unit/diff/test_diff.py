"""The one diff (:mod:`zonestack.diff`): every category, on plain data (no API, no files)."""

from __future__ import annotations

import pytest

from zonestack.diff import (
    AUTHORITATIVE,
    CONFLICT,
    Change,
    Drift,
    Prune,
    as_record_set,
    conflicts,
    diff,
    in_the_way,
    same,
)
from zonestack.gandi import LiveRRset
from zonestack.loader import check_text
from zonestack.model import RecordSet, Zone
from zonestack.tfstate import StateRecord, ZoneState

ZONE = "example.com"
DECLARED = """\
zone: example.com
ttl: 1800
ignore: [_acme-challenge*]
records:
  - {name: www, type: A, values: [203.0.113.80]}
  - {name: "@", type: ALIAS, values: [example-com.cdn.example.net.]}
  - {name: "@", type: MX, values: ["10 mx.example.net."]}
  - {name: "@", type: TXT, values: ["v=spf1 -all"]}
  - {name: app, type: A, ttl: 300, values: [203.0.113.10, 203.0.113.11]}
"""


def zone_of(text: str = DECLARED) -> Zone:
    zone, findings = check_text(text.encode(), f"{ZONE}.yaml", ZONE)
    assert zone is not None and not findings, findings
    return zone


def live(name: str, rtype: str, ttl: int, *values: str) -> LiveRRset:
    return LiveRRset(name, rtype, ttl, tuple(values))


def held(name: str, rtype: str, ttl: int, *values: str, tainted: bool = False) -> StateRecord:
    slug = "APEX" if name == "@" else name
    return StateRecord(f"gandi_livedns_record.{rtype}_{slug}", RecordSet(name, rtype, ttl, tuple(values)), tainted)


def state_of(*records: StateRecord, domain: bool = True, snapshots: bool | None = None) -> ZoneState:
    return ZoneState(tuple(sorted(records, key=lambda r: r.key)), "gandi_livedns_domain.zone" if domain else None,
                     snapshots, resources=len(records) + int(domain))


def as_declared() -> list[LiveRRset]:
    """The live zone exactly as declared (values as Gandi stores them: TXT quoted)."""
    return [live("www", "A", 1800, "203.0.113.80"), live("@", "ALIAS", 1800, "example-com.cdn.example.net."),
            live("@", "MX", 1800, "10 mx.example.net."), live("@", "TXT", 1800, '"v=spf1 -all"'),
            live("app", "A", 300, "203.0.113.10", "203.0.113.11")]


def managed() -> ZoneState:
    return state_of(*(held(s.name, s.type, s.ttl, *s.values) for s in as_declared()))


def keys(items) -> list[tuple[str, str]]:  # noqa: ANN001
    return [i.key for i in items]


# -- same ---------------------------------------------------------------------------------


def test_same_compares_ttl_and_values_as_sets() -> None:
    a = RecordSet("app", "A", 300, ("203.0.113.10", "203.0.113.11"))
    assert same(a, live("app", "A", 300, "203.0.113.11", "203.0.113.10"))  # order
    assert same(a, live("app", "A", 300, "203.0.113.10", "203.0.113.11", "203.0.113.10"))  # Gandi stored one twice
    assert not same(a, live("app", "A", 301, "203.0.113.10", "203.0.113.11"))
    assert not same(a, live("app", "A", 300, "203.0.113.10"))
    assert not same(a, None) and not same(None, a) and same(None, None)
    assert not same(RecordSet("@", "TXT", 300, ('"v=spf1 -all"',)), live("@", "TXT", 300, "v=spf1 -all"))


def test_as_record_set_normalises_name_and_type_and_keeps_a_record_set() -> None:
    assert as_record_set(live("WWW", "cname", 60, "a.example.")) == RecordSet("www", "CNAME", 60, ("a.example.",))
    declared = RecordSet("www", "A", 60, ("192.0.2.1",), line=7)
    assert as_record_set(declared) is declared


# -- conflicts ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "declared", "live_type", "expected"), [
    ("www", {"A"}, "CNAME", True),           # Gandi's www CNAME beside a declared www A
    ("www", {"CNAME"}, "A", True),           # a declared CNAME is alone at its name
    ("www", {"CNAME"}, "CNAME", False),      # same (name, type): adopted, not pruned
    ("www", {"a"}, "cname", True),           # case does not matter
    ("@", {"ALIAS"}, "A", True),             # parking @ A beside a declared @ ALIAS
    ("@", {"ALIAS"}, "AAAA", True),
    ("@", {"A"}, "ALIAS", True),
    ("@", {"ALIAS"}, "MX", False),
    ("app", {"ALIAS"}, "A", False),          # ALIAS is an apex type; elsewhere no rule
    ("mail", set(), "CNAME", False),         # nothing declared at the name
    ("@", {"MX"}, "TXT", False),
])
def test_conflicts(name: str, declared: set[str], live_type: str, expected: bool) -> None:
    assert conflicts(name, declared, live_type) is expected


# -- categories -----------------------------------------------------------------------------


def test_a_managed_zone_as_declared_is_in_sync() -> None:
    found = diff(zone_of(), as_declared(), managed())
    assert found.in_sync and found.zone_live and not found.import_domain
    assert (found.add, found.change, found.adopt, found.destroy, found.prune, found.unmanaged, found.ignored,
            found.drift) == ((), (), (), (), (), (), (), ())


def test_add_and_change() -> None:
    current = [s for s in as_declared() if s.name != "app"]
    current[0] = live("www", "A", 300, "203.0.113.80")  # TTL differs
    current[3] = live("@", "TXT", 1800, "v=spf1 -all")  # not the canonical (quoted) form: differs
    state = state_of(*(held(s.name, s.type, s.ttl, *s.values) for s in current))
    found = diff(zone_of(), current, state)
    assert found.add == (zone_of().by_key[("app", "A")],)
    assert found.change == (Change(zone_of().by_key[("@", "TXT")], as_record_set(current[3])),
                            Change(zone_of().by_key[("www", "A")], as_record_set(current[0])))
    assert (found.adopt, found.drift) == ((), ())
    assert not found.in_sync


def test_duplicate_live_values_are_not_a_change() -> None:
    current = as_declared()
    current[4] = live("app", "A", 300, "203.0.113.11", "203.0.113.10", "203.0.113.11")
    assert diff(zone_of(), current, managed()).in_sync


def test_declared_and_live_but_not_in_state_is_adopted_and_changed_where_it_differs() -> None:
    """A lost create answer, or a zone that already existed: live sets state lacks are imported."""
    current = as_declared()
    current[2] = live("@", "MX", 10800, "10 spool.mail.gandi.net.")
    state = state_of(*(held(s.name, s.type, s.ttl, *s.values) for s in as_declared() if s.type not in ("MX", "ALIAS")))
    found = diff(zone_of(), current, state)
    assert keys(found.adopt) == [("@", "ALIAS"), ("@", "MX")]
    assert found.adopt[1] == as_record_set(current[2])  # exactly as live
    assert keys(found.change) == [("@", "MX")]
    assert (found.add, found.destroy, found.prune, found.drift) == ((), (), (), ())


def test_in_state_and_no_longer_declared_is_destroyed_not_pruned_nor_unmanaged() -> None:
    old = held("old", "A", 300, "192.0.2.1")
    gone = held("gone", "A", 300, "192.0.2.9")
    current = [*as_declared(), live("old", "A", 300, "192.0.2.1")]
    found = diff(zone_of(), current, ZoneState(managed().records + (old, gone), "gandi_livedns_domain.zone"))
    assert set(found.destroy) == {old, gone}
    assert (found.prune, found.unmanaged) == ((), ())
    assert [(d.state.key, d.live, d.why) for d in found.drift] == [(("gone", "A"), None, "gone at Gandi")]


def test_additive_zone_leaves_undeclared_sets_alone_but_prunes_conflicts() -> None:
    current = [*as_declared(), live("webmail", "CNAME", 10800, "webmail.gandi.net."),
               live("_imap._tcp", "SRV", 10800, "0 0 0 ."),
               live("www", "CNAME", 10800, "webredir.vip.gandi.net."),  # beside the declared www A
               live("@", "A", 10800, "217.70.184.38"),                   # parking A beside the declared @ ALIAS
               live("app", "CNAME", 10800, "elsewhere.example.")]         # a CNAME beside the declared app A
    found = diff(zone_of(), current, managed())
    assert keys(found.unmanaged) == [("_imap._tcp", "SRV"), ("webmail", "CNAME")]
    assert found.prune == (Prune(RecordSet("@", "A", 10800, ("217.70.184.38",)), CONFLICT),
                           Prune(RecordSet("app", "CNAME", 10800, ("elsewhere.example.",)), CONFLICT),
                           Prune(RecordSet("www", "CNAME", 10800, ("webredir.vip.gandi.net.",)), CONFLICT))
    assert found.conflict_names == frozenset({"@", "app", "www"})
    assert found.prune[0].to_dict() == {"name": "@", "type": "A", "ttl": 10800, "values": ["217.70.184.38"],
                                        "reason": "conflict"}
    assert not found.in_sync


def test_authoritative_zone_prunes_undeclared_but_never_ignored_gandis_own_or_in_state() -> None:
    zone = zone_of(DECLARED.replace("ttl: 1800\n", "ttl: 1800\nmode: authoritative\n"))
    assert zone.authoritative
    current = [*as_declared(), live("@", "NS", 10800, "ns1.gandi.net."), live("@", "SOA", 10800, "ns1.gandi.net. x"),
               live("_acme-challenge", "TXT", 300, '"t"'), live("_acme-challenge.sub", "TXT", 300, '"u"'),
               live("legacy", "A", 300, "192.0.2.7"), live("old", "MX", 300),
               live("www", "CNAME", 10800, "webredir.vip.gandi.net."),
               live("kept", "TXT", 300, '"in state"')]
    state = ZoneState(managed().records + (held("kept", "TXT", 300, '"in state"'),), "gandi_livedns_domain.zone")
    found = diff(zone, current, state)
    assert [(p.key, p.reason) for p in found.prune] == [
        (("legacy", "A"), AUTHORITATIVE), (("old", "MX"), AUTHORITATIVE), (("www", "CNAME"), CONFLICT)]
    assert [(r.key, why) for r, why in found.ignored] == [
        (("@", "NS"), "managed by Gandi"), (("@", "SOA"), "managed by Gandi"),
        (("_acme-challenge", "TXT"), "matches ignore"), (("_acme-challenge.sub", "TXT"), "matches ignore")]
    assert found.unmanaged == ()
    assert keys(found.destroy) == [("kept", "TXT")]  # in state: Terraform's destroy, never a prune


def test_gandis_apex_ns_is_ignored_in_an_additive_zone_too_and_never_adopted() -> None:
    current = [*as_declared(), live("@", "NS", 10800, "ns-1.gandi.net.", "ns-2.gandi.net.")]
    found = diff(zone_of(), current, managed())
    assert [(r.key, why) for r, why in found.ignored] == [(("@", "NS"), "managed by Gandi")]
    assert (found.unmanaged, found.adopt, found.prune) == ((), (), ())
    assert found.in_sync


def test_an_ignored_name_is_never_pruned_even_when_it_would_conflict() -> None:
    zone = zone_of(DECLARED.replace("ignore: [_acme-challenge*]", "ignore: [_acme-challenge*, legacy]"))
    found = diff(zone, [*as_declared(), live("legacy", "CNAME", 300, "x.example.")], managed())
    assert [(r.key, why) for r, why in found.ignored] == [(("legacy", "CNAME"), "matches ignore")]
    assert found.prune == ()


def test_drift_is_state_against_live() -> None:
    current = as_declared()
    current[0] = live("www", "A", 600, "203.0.113.80")                       # TTL moved at Gandi
    current[4] = live("app", "A", 300, "203.0.113.99")                       # values moved at Gandi
    del current[3]                                                           # @ TXT deleted at Gandi
    found = diff(zone_of(), current, managed())
    assert [(d.state.key, d.why) for d in found.drift] == [
        (("@", "TXT"), "gone at Gandi"), (("app", "A"), "values changed at Gandi"),
        (("www", "A"), "TTL 1800 → 600 at Gandi")]
    assert isinstance(found.drift[0], Drift) and found.drift[0].live is None
    assert keys(found.add) == [("@", "TXT")]
    assert not found.in_sync


def test_a_zone_not_at_gandi_adds_everything_and_state_has_drifted() -> None:
    found = diff(zone_of(), None, managed())
    assert not found.zone_live and not found.in_sync
    assert keys(found.add) == sorted(zone_of().by_key)
    assert len(found.drift) == len(managed().records) and all(d.live is None for d in found.drift)
    assert (found.adopt, found.prune, found.import_domain) == ((), (), False)
    fresh = diff(zone_of(), None)
    assert (fresh.drift, fresh.destroy) == ((), ())


def test_a_live_zone_without_its_domain_in_state_imports_it() -> None:
    found = diff(zone_of(), as_declared(), state_of(*managed().records, domain=False))
    assert found.import_domain and not found.in_sync


def test_automatic_snapshots_changed_at_gandi_is_drift_of_the_zone() -> None:
    state = state_of(*managed().records, snapshots=True)
    assert not diff(zone_of(), as_declared(), state, {"fqdn": ZONE, "automatic_snapshots": True}).snapshots_drift
    moved = diff(zone_of(), as_declared(), state, {"fqdn": ZONE, "automatic_snapshots": False})
    assert moved.snapshots_drift and not moved.in_sync
    assert not diff(zone_of(), as_declared(), state).snapshots_drift  # no zone object read: not compared
    unknown = state_of(*managed().records, snapshots=None)  # not in state: nothing to compare with
    assert not diff(zone_of(), as_declared(), unknown, {"automatic_snapshots": False}).snapshots_drift


# -- in_the_way -------------------------------------------------------------------------------


def test_in_the_way_of_a_new_zone_are_same_key_and_conflicting_defaults_only() -> None:
    from livedns_emulator.defaults import DEFAULT_RECORDS

    seeded = [live(n, t, 10800, *v) for n, t, v in DEFAULT_RECORDS] + [live("@", "NS", 10800, "ns1.gandi.net.")]
    doomed = in_the_way(zone_of(), seeded)
    assert [r.key for r in doomed] == [("@", "A"), ("@", "MX"), ("@", "TXT"), ("www", "CNAME")]
    assert doomed[0] == RecordSet("@", "A", 10800, ("217.70.184.38",))  # exactly as seeded
    elsewhere = zone_of("zone: example.com\nrecords:\n  - {name: mail, type: A, values: [192.0.2.25]}\n")
    assert in_the_way(elsewhere, seeded) == []  # nothing declared where Gandi seeded: all stay
