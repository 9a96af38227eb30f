"""A minimal project (main.py + one record file) adopting an existing zone, behind a fault proxy.

Shared by the apply-safety e2e tests and ``bench/soak.py``: real Terraform and
the real go-gandi provider against the emulator, ``GANDI_URL`` pointing at a
:class:`FaultProxy` so a test can fail, drop or stretch any request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from livedns_emulator import Emulator, Settings
from livedns_emulator.faultproxy import FaultProxy

REPO = Path(__file__).resolve().parents[2]


def record_file(zone: str, records: Iterable[tuple[str, str, int, Iterable[str]]]) -> str:
    """A record file for ``zone`` from (name, type, ttl, values)."""
    body = "".join(
        f"  - {{name: '{n}', type: {t}, ttl: {ttl}, values: {json.dumps(list(v))}}}\n" for n, t, ttl, v in records
    )
    return f"zone: {zone}\nrecords:\n{body}" if body else f"zone: {zone}\nrecords: []\n"


@dataclass
class Site:
    """The project directory, its emulator and proxy, and the environment deploys run with."""

    root: Path
    zone: str
    emu: Emulator
    proxy: FaultProxy
    env: dict[str, str]

    @property
    def records_file(self) -> Path:
        return self.root / "records" / f"{self.zone}.yaml"

    @property
    def stack(self) -> Path:
        return self.root / "cdktf.out" / "stacks" / self.zone

    def declare(self, records: Iterable[tuple[str, str, int, Iterable[str]]]) -> None:
        self.records_file.write_text(record_file(self.zone, records), encoding="utf-8")

    def deploy(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "zonestack", "deploy", "--quiet", *args], cwd=self.root,
                              env=self.env, capture_output=True, text=True, timeout=timeout)

    def live(self) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
        return {(r["rrset_name"], r["rrset_type"]): (int(r["rrset_ttl"]), tuple(sorted(r["rrset_values"])))
                for r in self.emu.rrsets(self.zone)}

    def state(self) -> dict[str, dict[str, object]]:
        """Record instances in state by address: attributes plus ``status`` (``tainted`` or absent)."""
        path = self.root / ".state" / self.zone / "terraform.tfstate"
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        found = {}
        for resource in data.get("resources", []):
            if resource.get("type") == "gandi_livedns_record":
                for instance in resource["instances"]:
                    found[f"gandi_livedns_record.{resource['name']}"] = {
                        **instance["attributes"], "status": instance.get("status")}
        return found

    def state_sets(self) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
        return {(str(a["name"]), str(a["type"])): (int(a["ttl"]), tuple(sorted(a["values"])))  # type: ignore[arg-type]
                for a in self.state().values()}

    def stop(self) -> None:
        self.proxy.stop()
        self.emu.stop()


def make_site(tmp: Path, provider_env: Mapping[str, str], zone: str, pat: str,
              records: Iterable[tuple[str, str, int, Iterable[str]]], **knobs: object) -> Site:
    """Start an emulator (``knobs`` are its settings) with ``zone`` existing, a proxy, and the project."""
    root = tmp / "project"
    (root / "records").mkdir(parents=True)
    (root / "imports").mkdir()
    (root / "main.py").write_text((REPO / "main.py").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "imports" / f"{zone}.json").write_text('{"domain": true, "records": {}}\n', encoding="utf-8")
    emu = Emulator.start(tmp / "emu", Settings(fsync=False).replace(**knobs))
    emu.add_token(pat, label="applysafe")
    emu.create_zone(zone)
    proxy = FaultProxy(emu.url)
    env = {**os.environ, **provider_env, "GANDI_URL": proxy.url, "GANDI_PERSONAL_ACCESS_TOKEN": pat,
           "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local"}
    site = Site(root, zone, emu, proxy, env)
    site.declare(records)
    return site
