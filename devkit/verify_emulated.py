"""Verify a zone held by a local emulator, at the emulator's own DNS server (the demo's last step).

Starts the emulator's Knot DNS bridge if it is not running yet and asks it for
every declared record set, exactly as ``zonestack verify --nameserver`` would.
Without Knot DNS installed this says so in one line and skips.
"""

from __future__ import annotations

from collections.abc import Callable

from livedns_emulator import Emulator
from livedns_emulator.knot import KnotUnavailable
from zonestack.model import Zone
from zonestack.verify import EXIT_OK, Options, verify_declared
from zonestack.verify.render import describe


def verify_on_emulator(emu: Emulator, zone: Zone, echo: Callable[[str], None]) -> int:
    """Echo what is not as declared and the summary (``example.com: 15/15 record sets ok at 1
    nameserver``); return verify's exit code (0 when skipped because Knot DNS is missing)."""
    try:
        bridge = emu.start_dns()
    except KnotUnavailable as exc:
        echo(f"verify: skipped, no DNS server to ask ({exc})")
        return EXIT_OK
    report = verify_declared(zone, Options(nameservers=[bridge.address], resolver=bridge.parent_address))
    for check in report.problems:
        echo(describe(check))
    for label, why in report.unreachable.items():
        echo(f"verify: nameserver {label} unreachable ({why})")
    echo(report.summary())
    return report.exit_code
