"""``import gandi`` adopts live zones other tools wrote oddly (docs/gandi-livedns.md §6-7),
keeps zone settings, and gives the same file as ``import bind`` on Gandi's own export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from livedns_emulator import Emulator
from tests.conftest import start_emulator_in
from tests.unit.importers.conftest import zone_at_gandi
from zonestack.cli.import_cmd import command
from zonestack.importers.assemble import assemble
from zonestack.importers.live import DEFAULT_IGNORE, canonical_sources
from zonestack.importers.source import SourceRecord
from zonestack.imports_plan import load_import_plan
from zonestack.loader import check_zone

ROOT = Path(__file__).resolve().parents[3]
PAT = "pat_" + "h" * 32
ZONE = "odd.example"
KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "q" * 300 + "IDAQAB"
LONG = "v=spf1 " + " ".join(f"ip4:192.0.2.{i}" for i in range(1, 30)) + " -all"  # > 255 octets


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[Emulator]:
    with zone_at_gandi(tmp_path / "emu", PAT, ZONE, dedupe_values=False) as emulator:
        yield emulator


def _odd(emu: Emulator) -> None:
    """Sets as other tools leave them: each means the same as its canonical form."""
    emu.put_rrset(ZONE, "@", "A", ["192.0.2.10"], ttl=3600)
    emu.put_rrset(ZONE, "@", "MX", ["10 mail", "20 MX2.Example.NET."], ttl=3600)  # relative, mixed case
    emu.put_rrset(ZONE, "docs", "CNAME", ["www"], ttl=3600)  # relative target
    emu.put_rrset(ZONE, "mail", "A", ["192.0.2.25", "192.0.2.25"], ttl=3600)  # a value stored twice
    emu.put_rrset(ZONE, "sel._domainkey", "TXT", [f'"v=DKIM1; k=rsa; " "p={KEY}"'], ttl=3600)  # pasted DKIM split
    emu.put_rrset(ZONE, "spf", "TXT", [f'"{LONG}"'], ttl=3600)  # one string over 255 octets
    emu.put_rrset(ZONE, "www", "CNAME", ["odd.example."], ttl=3600)  # already canonical
    emu.put_rrset(ZONE, "_acme-challenge", "TXT", ['"t1" "t2"', '"t1" "t2"'], ttl=300)  # ignored: no note


def _env(emu: Emulator) -> dict[str, str]:
    return {"GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT}


def _gandi(emu: Emulator, out: Path) -> Result:
    result = CliRunner().invoke(command, ["gandi", "--zone", ZONE, "--out", str(out / "records"),
                                          "--imports-dir", str(out / "imports")], env=_env(emu))
    assert PAT not in result.output
    return result


def test_odd_live_sets_are_adopted_with_a_note_each(emu: Emulator, tmp_path: Path) -> None:
    _odd(emu)
    result = _gandi(emu, tmp_path)
    assert result.exit_code == 0, result.output
    notes = {line.split(":", 2)[1].strip(): line for line in result.output.splitlines() if line.startswith("note: ")}
    assert set(notes) == {"@ MX", "docs CNAME", "mail A", "sel._domainkey TXT", "spf TXT"}
    assert "target 'mail' stored without a final dot (Gandi reads it relative to the zone: mail.odd.example.)" \
        in notes["@ MX"]
    assert "; host names in upper case." in notes["@ MX"]  # one reason per value
    assert "a value stored more than once" in notes["mail A"]
    assert "TXT stored as 2 strings split elsewhere than at 255 octets" in notes["sel._domainkey TXT"]
    assert "a TXT string longer than 255 octets stored unsplit" in notes["spf TXT"]
    assert all("so the first deploy updates it in place" in notes[key] for key in notes if key != "mail A")
    assert "the provider compares values as a set, so no update is planned" in notes["mail A"]
    zone, findings = check_zone(tmp_path / "records" / f"{ZONE}.yaml")
    assert findings == [] and zone is not None
    sets = {r.key: r.values for r in zone.records}
    assert sets[("@", "MX")] == ("10 mail.odd.example.", "20 mx2.example.net.")
    assert sets[("docs", "CNAME")] == ("www.odd.example.",)
    assert sets[("mail", "A")] == ("192.0.2.25",)
    assert sets[("sel._domainkey", "TXT")][0].startswith('"v=DKIM1; k=rsa; p=MIIB')
    assert len(sets[("spf", "TXT")][0].split('" "')) == 2
    plan = load_import_plan(ZONE, tmp_path / "imports")
    assert plan.domain is True and len(plan.records) == 7 and "TXT__acme-challenge" not in plan.records


def test_a_value_that_does_not_parse_is_refused() -> None:
    records, notes, problems = canonical_sources([SourceRecord("bad", "MX", 300, ("10 mail.example.net. x",),
                                                               "bad MX")], ZONE)
    assert (records, notes) == ([], [])
    assert problems[0].startswith("bad MX: MX value '10 mail.example.net. x' is not 'preference host'")


def test_empty_live_set_is_left_alone_with_a_note() -> None:
    sources = [SourceRecord("@", "A", 3600, ("192.0.2.10",), "@ A"), SourceRecord("stale", "TXT", 300, (), "stale TXT")]
    result = assemble(ZONE, sources, ignore=DEFAULT_IGNORE, clamp_ttl=False)
    assert result.problems == [] and [r.key for r in result.records] == [("@", "A")]
    assert result.notes == ["stale TXT: stale TXT holds no values: not declared"]


def _text_export(emu: Emulator) -> str:
    response = httpx.get(f"{emu.url}/v5/livedns/domains/{ZONE}/records",
                         headers={"Authorization": f"Bearer {PAT}", "Accept": "text/plain"})
    response.raise_for_status()
    return response.text


def _body(path: Path) -> str:
    """The file without its comment header (which names the source)."""
    return "".join(line for line in path.read_text().splitlines(keepends=True) if not line.startswith("#"))


def test_bind_and_gandi_give_the_same_file_for_the_same_data(emu: Emulator, tmp_path: Path) -> None:
    _odd(emu)
    export = tmp_path / "gandi.zone"
    export.write_text(_text_export(emu))
    bind = CliRunner().invoke(command, ["bind", str(export), "--zone", ZONE, "--out", str(tmp_path / "from-bind")])
    assert bind.exit_code == 0, bind.output
    assert _gandi(emu, tmp_path).exit_code == 0
    assert _body(tmp_path / "from-bind" / f"{ZONE}.yaml") == _body(tmp_path / "records" / f"{ZONE}.yaml")


def test_zone_settings_are_captured_and_synthesised(tmp_path: Path) -> None:
    with start_emulator_in(tmp_path / "emu", token=PAT, zone=ZONE, automatic_snapshots=False) as emu:
        emu.put_rrset(ZONE, "@", "A", ["192.0.2.10"], ttl=3600)
        project = tmp_path / "project"
        result = _gandi(emu, project)
    assert result.exit_code == 0, result.output
    assert "note: automatic snapshots are off for this zone: kept as settings.automatic_snapshots: false" \
        in result.output
    records = project / "records" / f"{ZONE}.yaml"
    assert "\nsettings:\n  automatic_snapshots: false\n" in records.read_text()
    zone, findings = check_zone(records)
    assert findings == [] and zone is not None and zone.settings.automatic_snapshots is False
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GANDI_", "CDKTF_"))}
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    synth = json.loads((project / "cdktf.out" / "stacks" / ZONE / "cdk.tf.json").read_text())
    domains = synth["resource"]["gandi_livedns_domain"]
    assert [d["automatic_snapshots"] for d in domains.values()] == [False]


def test_default_settings_are_not_written(emu: Emulator, tmp_path: Path) -> None:
    emu.put_rrset(ZONE, "@", "A", ["192.0.2.10"], ttl=3600)
    assert _gandi(emu, tmp_path).exit_code == 0
    assert "settings:" not in (tmp_path / "records" / f"{ZONE}.yaml").read_text()
