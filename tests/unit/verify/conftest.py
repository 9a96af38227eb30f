"""Fixtures: an emulator whose zones Knot DNS serves on 127.0.0.1, a record file, a CLI runner.

Needs Knot DNS (``python -m devkit.tools`` installs Debian's ``knot`` as root); without
it these tests skip, saying so. No test ever asks a resolver outside 127.0.0.1:
``ZONESTACK_DNS_RESOLVER`` always points at the emulator's parent server.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from livedns_emulator import Emulator
from livedns_emulator.knot import find_knot
from tests.conftest import EmulatorFactory
from zonestack.cli import main
from zonestack.gandi import LiveDNSClient
from zonestack.loader import load_zone
from zonestack.model import Zone

if TYPE_CHECKING:
    from tests.unit.verify.test_dnssec_chain import World

PAT = "pat_" + "v" * 32
ZONE = "example.org"


def fake_key(bits: int) -> str:
    """The base64 ``p=`` of an RSA public key of ``bits`` (SubjectPublicKeyInfo length), deterministic."""
    size = {2048: 294, 4096: 550}[bits]
    raw = b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(size // 32 + 1))[:size]
    return base64.b64encode(raw).decode()


DKIM_2048 = f"v=DKIM1; k=rsa; p={fake_key(2048)}"
DKIM_4096 = f"v=DKIM1; k=rsa; p={fake_key(4096)}"
QUOTED = 'say "hi"; path C:\\dir\\ a\\\\b; 50% off'

RECORDS = f"""\
zone: {ZONE}
ttl: 1800
ignore: [_acme-challenge*]
records:
  - {{name: "@", type: A, values: [192.0.2.10]}}
  - {{name: "@", type: MX, values: ["10 mail.{ZONE}."]}}
  - {{name: "@", type: TXT, values: ["v=spf1 -all"]}}
  - {{name: www, type: CNAME, values: ["{ZONE}."]}}
  - {{name: mail, type: AAAA, ttl: 300, values: ["2001:db8:0:0::25"]}}
  - {{name: Mail2, type: MX, values: ["20 MAIL.{ZONE.upper()}."]}}
  - {{name: quotes, type: TXT, values: ['{QUOTED.replace("'", "''")}']}}
  - {{name: gm1._domainkey, type: TXT, values: ["{DKIM_2048}"]}}
  - {{name: big._domainkey, type: TXT, values: ["{DKIM_4096}"]}}
"""


def knot_or_skip() -> None:
    if find_knot() is None:
        pytest.skip("Knot DNS (knotd, knotc) is not installed: run `pipenv run python -m devkit.tools` as root "
                    "(it installs Debian's 'knot')")


@pytest.fixture
def emu(start_emulator: EmulatorFactory) -> Emulator:
    """An emulator with ``ZONE`` (empty), served over DNS."""
    knot_or_skip()
    emulator = start_emulator(token=PAT, label="verify", zone=ZONE)
    emulator.start_dns()
    return emulator


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / f"{ZONE}.yaml").write_text(RECORDS, encoding="utf-8")
    return folder


@pytest.fixture
def declared(records_dir: Path) -> Zone:
    return load_zone(records_dir / f"{ZONE}.yaml")


def publish(emu: Emulator, zone: Zone) -> None:
    """Write every declared record set through the LiveDNS API, as a deploy would."""
    with LiveDNSClient(emu.url, PAT, timeout=5) as client:
        for record in zone.records:
            client.put_rrset(zone.name, record.name, record.type, record.values, record.ttl)


@dataclass
class Verify:
    """Runs ``zonestack verify`` in-process with the environment a user of the emulator has."""

    emu: Emulator
    records_dir: Path

    def env(self) -> dict[str, str]:
        assert self.emu.dns is not None
        return {**self.emu.dns.env(), "GANDI_URL": self.emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT}

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(main, ["verify", "--zone", ZONE, "--records-dir", str(self.records_dir), *args],
                             env={**self.env(), **(env or {})}, catch_exceptions=False)


@pytest.fixture
def verify(emu: Emulator, records_dir: Path) -> Verify:
    return Verify(emu, records_dir)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """Knot serving a signed child zone and its parent (``test_dnssec_chain.World``), for the chain tests."""
    from tests.unit.verify.test_dnssec_chain import World  # noqa: PLC0415 - the test module imports this one

    knot_or_skip()
    started = World(tmp_path)
    yield started
    started.stop()
