"""Which challenge values are orphans, on plain data."""

from __future__ import annotations

from dataclasses import dataclass

from zonestack.acme.orphans import Cleanup, is_challenge_name, plan_cleanup, remaining_after
from zonestack.model import RecordSet, Zone


@dataclass(frozen=True)
class Live:
    name: str
    type: str
    ttl: int
    values: tuple[str, ...]


ZONE = Zone("example.org", (RecordSet("_acme-challenge.static", "TXT", 300, ('"pinned"',)),))


def test_challenge_names() -> None:
    assert [is_challenge_name(n) for n in ("_acme-challenge", "_acme-challenge.sub", "_ACME-challenge.a.b",
                                           "_acme-challengex", "x._acme-challenge", "@")] == [
        True, True, True, False, False, False]


def test_plan_sorts_out_every_case() -> None:
    live = [Live("_acme-challenge", "TXT", 10800, ('"t1"', '"t2"', '"now"')),
            Live("_acme-challenge.sub", "TXT", 10800, ('"s1"',)),
            Live("_acme-challenge.static", "TXT", 300, ('"pinned"', '"extra"')),
            Live("_acme-challenge", "CNAME", 300, ("x.example.net.",)),
            Live("www", "TXT", 300, ('"t1"',)),
            Live("_acme-challenge.kept", "TXT", 300, ('"now"',))]
    assert plan_cleanup(ZONE, live, keep=["now"]) == [
        Cleanup("_acme-challenge", 10800, ('"t1"', '"t2"'), ('"now"',)),
        Cleanup("_acme-challenge.kept", 300, (), ('"now"',)),
        Cleanup("_acme-challenge.static", 300, (), ('"pinned"', '"extra"'), declared=True),
        Cleanup("_acme-challenge.sub", 10800, ('"s1"',), ()),
    ]
    assert [c.action for c in plan_cleanup(ZONE, live, keep=["now"])] == ["put", "none", "skip", "delete"]


def test_remaining_keeps_values_added_since_the_listing() -> None:
    assert remaining_after(['"t1"', '"new"', '"t2"'], ['"t1"', '"t2"']) == ['"new"']
