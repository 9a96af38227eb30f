"""The deploy guard's decisions on synthetic plan JSON: no Terraform needed."""

from __future__ import annotations

import pytest

from zonestack.deploy.guard import GuardPolicy, judge
from zonestack.deploy.plan import PlanJsonError, parse_plan

from .planjson import plan, record, zone_of


def verdict(text: str, policy: GuardPolicy = GuardPolicy()) -> tuple[str, ...]:
    return judge(parse_plan("example.org", text), policy).reasons


def test_counts_like_terraform() -> None:
    p = parse_plan("example.org", plan(
        record("a", "A", "create"), record("b", "A", "update"), record("c", "A", "delete"),
        record("d", "A", "delete", "create"), record("e", "A", "no-op", importing=True),
        record("f", "A", "no-op"), domain=("no-op",)))
    assert (p.size, p.imports, p.adds, p.changes, p.destroys, p.no_changes) == (6, 1, 2, 1, 2, False)
    assert [r.kind for r in p.records] == ["create", "update", "delete", "replace", "no-op", "no-op"]


def test_no_changes() -> None:
    p = parse_plan("example.org", zone_of(3))
    assert (p.size, p.no_changes) == (3, True)


@pytest.mark.parametrize(("size", "kinds", "refused"), [
    (10, {"delete": 3}, False),            # exactly 30 %: allowed
    (10, {"delete": 4}, True),             # 40 %
    (10, {"delete": 2, "update": 2}, True),  # changes count too
    (10, {"replace": 4}, True),            # a replace destroys
    (10, {"create": 9}, False),            # adds never trip the guard
    (9, {"delete": 9}, False),             # small zones are exempt
    (20, {"update": 6}, False),
    (20, {"update": 7}, True),
])
def test_ratio_threshold(size: int, kinds: dict[str, int], refused: bool) -> None:
    assert bool(verdict(zone_of(size, **kinds))) is refused


def test_ratio_message_names_numbers() -> None:
    assert verdict(zone_of(10, delete=5)) == (
        "5 of 10 record sets would be changed or destroyed (50% > 30% of a zone with 10+ record sets)",)


def test_thresholds_are_configurable() -> None:
    assert verdict(zone_of(10, delete=5), GuardPolicy(max_ratio=0.5)) == ()
    assert verdict(zone_of(4, delete=2), GuardPolicy(min_size=4)) != ()


def test_any_apex_ns_change_is_refused_even_in_a_small_zone() -> None:
    text = plan(record("@", "NS", "delete"), record("www", "A", "no-op"))
    assert verdict(text) == ("the apex NS record set would be changed (delete): that is the zone's delegation",)
    assert verdict(text, GuardPolicy(protect_apex_ns=False)) == ()
    assert verdict(plan(record("sub", "NS", "delete"))) == ()  # a delegation below the apex is ordinary
    assert verdict(plan(record("@", "NS", "no-op"))) == ()


def test_not_a_plan() -> None:
    with pytest.raises(PlanJsonError, match=r"^example.org: terraform show -json did not return a plan document$"):
        parse_plan("example.org", "Error: no plan\n")
    with pytest.raises(PlanJsonError, match=r"^example.org: terraform show -json is not JSON"):
        parse_plan("example.org", "{broken")


def test_gandis_untouched_defaults_do_not_count_towards_the_ratio() -> None:
    """Issue 19.3: a migration into a registered domain's zone (authoritative) replaces and prunes
    Gandi's seeded records by design; only the rest counts, and the message says so."""
    from zonestack.deploy.plan import ZonePlan
    from zonestack.diff import AUTHORITATIVE, Prune
    from zonestack.model import RecordSet

    def prune(name: str, rtype: str, ttl: int, *values: str) -> Prune:
        return Prune(RecordSet(name, rtype, ttl, values), AUTHORITATIVE)

    base = parse_plan("example.org", zone_of(10))
    defaults = (prune("_imaps._tcp", "SRV", 10800, "0 1 993 mail.gandi.net."),
                prune("webmail", "CNAME", 10800, "webmail.gandi.net."),
                prune("_imap._tcp", "SRV", 10800, "0 0 0 ."), prune("@", "A", 10800, "217.70.184.38"))
    seeded = ZonePlan(base.zone, base.records, prunes=defaults)
    assert judge(seeded).reasons == ()
    # the parking @ A with another TTL is somebody's edit: it counts, as do sets that are not Gandi's
    touched = defaults[:3] + (prune("@", "A", 300, "217.70.184.38"),
                              *(prune(f"old{i}", "A", 300, "192.0.2.1") for i in range(4)))
    (reason,) = judge(ZonePlan(base.zone, base.records, prunes=touched)).reasons
    assert reason == ("5 of 15 record sets would be changed or destroyed (33% > 30% of a zone with 10+ record "
                      "sets; 3 of Gandi's untouched default record sets not counted)")
