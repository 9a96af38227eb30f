"""TXT/SPF quoting (§5.7): what clients see after writing a value."""

from __future__ import annotations

import httpx
import pytest

from livedns_emulator import Emulator

from .conftest import records_url


@pytest.mark.parametrize("sent,stored", [
    ("challengetoken", '"challengetoken"'),
    ('"already quoted"', '"already quoted"'),
    ('"a" "b"', '"a" "b"'),
    ("Bah bah black sheep", '"Bah bah black sheep"'),
    ("v=DKIM1; k=rsa", '"v=DKIM1; k=rsa"'),
    ('"', '"\\""'),
    ('say "hi"', '"say \\"hi\\""'),
])
def test_txt_quoting(api: httpx.Client, sent: str, stored: str) -> None:
    assert api.put(records_url("t", "TXT"), json={"rrset_values": [sent]}).status_code == 201
    assert api.get(records_url("t", "TXT")).json()["rrset_values"] == [stored]


def test_spf_is_quoted_too(api: httpx.Client) -> None:
    api.post(records_url(), json={"rrset_name": "@", "rrset_type": "SPF",
                                  "rrset_values": ["v=spf1 -all"]})
    assert api.get(records_url("@", "SPF")).json()["rrset_values"] == ['"v=spf1 -all"']


def test_other_types_are_not_quoted(api: httpx.Client) -> None:
    api.put(records_url("c", "CNAME"), json={"rrset_values": ["target"]})
    assert api.get(records_url("c", "CNAME")).json()["rrset_values"] == ["target"]


def test_duplicates_after_normalisation_are_dropped_by_default(emu: Emulator,
                                                               api: httpx.Client) -> None:
    api.put(records_url("t", "TXT"), json={"rrset_values": ["x", '"x"', "y"]})
    assert api.get(records_url("t", "TXT")).json()["rrset_values"] == ['"x"', '"y"']
    emu.update_settings(dedupe_values=False)
    api.put(records_url("t", "TXT"), json={"rrset_values": ["x", '"x"']})
    assert api.get(records_url("t", "TXT")).json()["rrset_values"] == ['"x"', '"x"']


def test_long_values_kept_whole_unless_split_knob(emu: Emulator, api: httpx.Client) -> None:
    long = "k" * 300
    api.put(records_url("dkim", "TXT"), json={"rrset_values": [long]})
    assert api.get(records_url("dkim", "TXT")).json()["rrset_values"] == [f'"{long}"']
    emu.update_settings(txt_split_long=True)
    api.put(records_url("dkim", "TXT"), json={"rrset_values": [long]})
    assert api.get(records_url("dkim", "TXT")).json()["rrset_values"] == [
        f'"{"k" * 255}" "{"k" * 45}"']


def test_terraform_roundtrip_of_quoted_values_is_stable(api: httpx.Client) -> None:
    api.put(records_url("m", "TXT"), json={"rrset_values": ["manual-1"]})
    values = api.get(records_url("m", "TXT")).json()["rrset_values"]
    api.put(records_url("m", "TXT"), json={"rrset_values": values + ["config-1"]})
    assert api.get(records_url("m", "TXT")).json()["rrset_values"] == ['"manual-1"', '"config-1"']
