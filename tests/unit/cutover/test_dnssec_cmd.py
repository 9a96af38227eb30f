"""``zonestack dnssec`` stops before any network use when the record file does not opt in, and the
delegation plan's DS changes are read and refused together with a flip."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.unit.cutover.conftest import HEAD
from zonestack.cli import main
from zonestack.cutover.plan import key_changes, keys_with_flip


def dnssec(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["dnssec", "--zone", "example.com", "--yes", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("delegation", ["", "delegation: {registrar: gandi}\n",
                                        "delegation: {registrar: gandi, dnssec: false}\n"])
def test_a_zone_without_the_opt_in_is_not_signed(project: Path, delegation: str) -> None:
    (project / "records" / "example.com.yaml").write_text(HEAD + delegation)
    code, output = dnssec("--report", "r.md")
    assert code == 1
    assert "records/example.com.yaml has no `delegation: {registrar: gandi, dnssec: true}`" in output
    assert "# DNSSEC of example.com" in (project / "r.md").read_text()
    assert not (project / "imports").exists()


def test_dnssec_must_be_a_boolean(project: Path) -> None:
    (project / "records" / "example.com.yaml").write_text(HEAD + "delegation: {registrar: gandi, dnssec: yes-please}\n")
    code, output = dnssec()
    assert code == 1 and "records/example.com.yaml:4" in output and "dnssec" in output


def test_an_unreachable_api_is_one_line_and_nothing_is_written(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", "pat_" + "u" * 32)
    (project / "records" / "example.com.yaml").write_text(HEAD + "delegation: {registrar: gandi, dnssec: true}\n")
    code, output = dnssec()
    assert code == 1 and "cannot reach the Gandi API" in output and "Traceback" not in output
    assert not (project / "imports").exists()


def _change(address: str, *actions: str) -> dict[str, object]:
    return {"address": address, "type": address.split(".")[0], "change": {"actions": list(actions)}}


def test_key_changes_are_read_and_a_ds_with_the_flip_is_refused() -> None:
    plan = {"resource_changes": [_change("gandi_nameservers.delegation", "update"),
                                 _change("gandi_dnssec_key.ksk_1", "create"),
                                 _change("gandi_dnssec_key.ksk_2", "no-op"),
                                 _change("gandi_dnssec_key.ksk_3", "delete")]}
    keys = key_changes(plan)
    assert [(k.address, k.publishes) for k in keys] == [("gandi_dnssec_key.ksk_1", True),
                                                        ("gandi_dnssec_key.ksk_3", False)]
    assert [k.line() for k in keys] == ["gandi_dnssec_key.ksk_1: publish the DS at the registry",
                                        "gandi_dnssec_key.ksk_3: withdraw the DS at the registry"]
    assert "publish a DS (gandi_dnssec_key.ksk_1) in the same apply as the flip" in keys_with_flip(keys)
    assert keys_with_flip(keys[1:]) == ""  # withdrawing a DS with the flip is the safe direction


def test_with_two_signing_keys_the_one_whose_ds_is_committed_is_kept() -> None:
    """A second key-signing key at LiveDNS (made by hand, or the start of a rollover) must not swap the
    DS for whichever key the API lists first: the DS already published keeps pointing to a served key,
    and a rollover stays the user's step (RFC 6781 §4.1.2), not a side effect of the next run."""
    from zonestack.cli.dnssec_cmd import pick_signing_key
    from zonestack.gandi.signing_key import SigningKey
    from zonestack.registry_keys import RegistryKey

    new, old = SigningKey("new-uuid", 257, 13), SigningKey("old-uuid", 257, 13)
    zsk, gone = SigningKey("zsk-uuid", 256, 13), SigningKey("gone-uuid", 257, 13, deleted=True)
    committed = (RegistryKey(13, "ksk", "AAAA", "old-uuid"),)
    assert pick_signing_key([zsk, new, old], committed) == old
    assert pick_signing_key([zsk, new, old], ()) == new  # nothing committed: the first active one
    assert pick_signing_key([zsk, gone, new], (RegistryKey(13, "ksk", "AAAA", "gone-uuid"),)) == new
    assert pick_signing_key([zsk, gone], committed) is None  # none active: the caller creates one


@pytest.mark.parametrize("command", ["dnssec", "cutover"])
@pytest.mark.parametrize("where", ["missing-dir/r.md", "a-file/r.md"])
def test_a_report_that_cannot_be_written_stops_the_run_before_any_change(project: Path, command: str,
                                                                         where: str) -> None:
    """The report is written last; found unwritable only then, the registry had already been changed (DS
    published, nameservers flipped) and the run's record for the change ticket was lost. So it is
    checked first, before the API is asked anything (GANDI_URL points at a closed port here)."""
    (project / "a-file").write_text("not a directory\n")
    (project / "records" / "example.com.yaml").write_text(HEAD + "delegation: {registrar: gandi, dnssec: true}\n")
    result = CliRunner().invoke(main, [command, "--zone", "example.com", "--yes", "--report", where],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{command}: cannot write the report {where}" in result.output and "nothing changed" in result.output
    assert "cannot reach the Gandi API" not in result.output and "Traceback" not in result.output
