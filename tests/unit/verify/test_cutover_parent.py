"""What the cutover reads from the parent and the old nameservers over DNS, against real Knot servers:
the DS with the TTL the parent serves, the delegation with its NS TTL, and the apex NS TTL the old
nameservers serve themselves (the longer one bounds the propagation wait after the flip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from livedns_emulator.knot import KnotServer
from tests.unit.verify.conftest import knot_or_skip
from zonestack.cutover.parent import observe_parent
from zonestack.verify.servers import Lookup

ZONE = "example.org"
DS = "12345 13 2 " + "ab" * 32


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[KnotServer, KnotServer]]:
    knot_or_skip()
    parent = KnotServer.start(tmp_path / "parent")
    old = KnotServer.start(tmp_path / "old")
    yield parent, old
    parent.stop()
    old.stop()


def test_the_parent_and_the_old_nameservers_are_both_read(servers: tuple[KnotServer, KnotServer]) -> None:
    parent, old = servers
    parent.set_zone("org", "$ORIGIN org.\n@ 86400 IN SOA p. h. 1 1800 900 604800 86400\n@ 86400 IN NS p.\n"
                           f"{ZONE}. 3600 IN NS ns1.old-dns.test.\n{ZONE}. 7200 IN DS {DS}\n")
    old.set_zone(ZONE, f"$ORIGIN {ZONE}.\n@ 300 IN SOA ns1.old-dns.test. h. 1 1800 900 604800 300\n"
                       "@ 86400 IN NS ns1.old-dns.test.\n@ 300 IN A 192.0.2.1\n")
    lookup = Lookup({"ns1.old-dns.test": old.address, "parent": parent.address}, None)
    view = observe_parent(ZONE, lookup, ["parent"], timeout=3.0)
    assert view.delegated_to == ("ns1.old-dns.test",) and view.ns_ttl == 3600
    assert [(a.records, a.ttl) for a in view.ds] == [((DS,), 7200)]
    assert view.child_ns_ttl == 86400 and view.propagation_ttl == 86400


def test_old_nameservers_that_do_not_answer_leave_the_parents_ttl(servers: tuple[KnotServer, KnotServer]) -> None:
    parent, old = servers
    parent.set_zone("org", "$ORIGIN org.\n@ 86400 IN SOA p. h. 1 1800 900 604800 86400\n@ 86400 IN NS p.\n"
                           f"{ZONE}. 3600 IN NS ns1.old-dns.test.\n")
    lookup = Lookup({"ns1.old-dns.test": old.address, "parent": parent.address}, None)  # old serves no such zone
    view = observe_parent(ZONE, lookup, ["parent"], timeout=3.0)
    assert view.child_ns_ttl is None and "ns1.old-dns.test" in view.child_ns_error
    assert view.propagation_ttl == 3600
