"""``zonestack snapshot list|restore`` against the emulator."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from livedns_emulator import Emulator
from tests.conftest import EmulatorFactory, live
from zonestack.cli.snapshot_cmd import command
from zonestack.gandi import LiveDNSClient, LiveRRset
from zonestack.snapshot.restore import Step, restore_steps

PAT = "pat_snap_" + "s" * 24
ZONE = "snap.org"


@pytest.fixture
def emu(start_emulator: EmulatorFactory, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    emulator = start_emulator(token=PAT, zone=ZONE, automatic_snapshots=False)
    monkeypatch.setenv("GANDI_URL", emulator.url)
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", PAT)
    return emulator


def test_steps_put_changed_and_missing_then_delete_extra() -> None:
    snap = [LiveRRset("@", "A", 300, ("192.0.2.1",)), LiveRRset("www", "A", 300, ("192.0.2.2",)),
            LiveRRset("@", "SOA", 10800, ("ns1.gandi.net. x 1 2 3 4 5",))]
    now = [LiveRRset("@", "A", 600, ("192.0.2.1",)), LiveRRset("new", "TXT", 300, ('"x"',))]
    assert restore_steps(snap, now) == [Step("put", "@", "A", 300, ("192.0.2.1",)),
                                        Step("put", "www", "A", 300, ("192.0.2.2",)),
                                        Step("delete", "new", "TXT")]
    assert restore_steps(snap, snap) == []


def test_list_and_restore(emu: Emulator) -> None:
    emu.put_rrset(ZONE, "@", "A", ["192.0.2.1"], ttl=300)
    emu.put_rrset(ZONE, "@", "TXT", ["v=spf1 -all"], ttl=300)
    emu.put_rrset(ZONE, "www", "CNAME", ["snap.org."], ttl=300)
    with LiveDNSClient() as client:
        snap_id = client.create_snapshot(ZONE, "before the accident")
    before = live(emu, ZONE)
    emu.put_rrset(ZONE, "@", "A", ["198.51.100.9"], ttl=300)
    emu.put_rrset(ZONE, "junk", "A", ["198.51.100.10"], ttl=300)
    with LiveDNSClient() as client:
        client.delete_rrset(ZONE, "www", "CNAME")

    listed = CliRunner().invoke(command, ["list", "--zone", ZONE])
    assert listed.exit_code == 0
    assert listed.stdout.startswith(f"{snap_id}  ") and listed.stdout.endswith("  manual     before the accident\n")

    dry = CliRunner().invoke(command, ["restore", "--zone", ZONE, "--id", snap_id])
    assert dry.exit_code == 2
    assert dry.stdout == ("would put @ A ttl=300 192.0.2.1\nwould put www CNAME ttl=300 snap.org.\n"
                          "would delete junk A\n")
    assert dry.stderr == f"snapshot: would restore {ZONE} from {snap_id}: 3 change(s) (dry run; add --doit)\n"
    assert live(emu, ZONE)[("@", "A")] == (300, ("198.51.100.9",))

    done = CliRunner().invoke(command, ["restore", "--zone", ZONE, "--id", snap_id, "--doit"])
    assert done.exit_code == 0, done.stderr
    assert live(emu, ZONE) == before
    with LiveDNSClient() as client:
        names = [s["name"] for s in client.list_snapshots(ZONE)]
    assert names == ["before the accident", f"zonestack before restoring {snap_id}"]
    again = CliRunner().invoke(command, ["restore", "--zone", ZONE, "--id", snap_id])
    assert (again.exit_code, again.stdout) == (0, "")


def test_unknown_snapshot_is_one_line(emu: Emulator) -> None:
    result = CliRunner().invoke(command, ["restore", "--zone", ZONE, "--id", "no-such-id"])
    assert result.exit_code == 1
    assert result.stderr.startswith("snapshot: ") and result.stderr.count("\n") == 1
    assert PAT not in result.stdout + result.stderr
