"""``import bind`` never gives a traceback, and bounds what a file may expand to."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zonestack.cli.import_cmd import command
from zonestack.importers.bindfile import Limits, read_zone
from zonestack.importers.source import ImportProblem

ZONE = "example.com"


def _run(tmp_path: Path, text: str | bytes, *args: str) -> tuple[Result, Path]:
    source = tmp_path / "in.zone"
    source.write_bytes(text if isinstance(text, bytes) else text.encode())
    out = tmp_path / "records"
    return CliRunner().invoke(command, ["bind", str(source), "--zone", ZONE, "--out", str(out), *args]), source


def test_generate_is_bounded_before_it_expands(tmp_path: Path) -> None:
    result, source = _run(tmp_path, "$TTL 300\n$GENERATE 1-1000000 host-$ A 192.0.2.$\n")
    assert (result.exit_code, result.output) == (
        1, f"error: {source}:2: $GENERATE 1-1000000 would make 1,000,000 records; an import reads at most "
           "50,000 records in all [zone-file]\n")
    assert not (tmp_path / "records").exists()


def test_generate_within_bounds_expands_with_dnspython(tmp_path: Path) -> None:
    read = read_zone(_run(tmp_path, "$ORIGIN example.com.\n$TTL 300\n"
                                    "$GENERATE 10-12 host-$ CNAME pool-${0,2,d}.example.net.\n")[1], ZONE)
    assert {(r.name, r.values, r.where.rsplit(":", 1)[1]) for r in read.records} == {
        ("host-10", ("pool-10.example.net.",), "3"), ("host-11", ("pool-11.example.net.",), "3"),
        ("host-12", ("pool-12.example.net.",), "3")}


def test_records_are_counted_across_generate_and_lines(tmp_path: Path) -> None:
    source = _run(tmp_path, "$TTL 300\na A 192.0.2.1\n$GENERATE 1-2 h$ A 192.0.2.$\nb A 192.0.2.2\n")[1]
    with pytest.raises(ImportProblem) as info:
        read_zone(source, ZONE, Limits(max_records=3))
    assert str(info.value) == f"{source}:4: more than 3 records: an import reads at most that many in all [zone-file]"


def test_file_size_is_bounded(tmp_path: Path) -> None:
    source = _run(tmp_path, "$TTL 300\n" + "a A 192.0.2.1\n" * 100)[1]
    with pytest.raises(ImportProblem) as info:
        read_zone(source, ZONE, Limits(max_bytes=1000))
    assert str(info.value) == (f"{source}:1: {source} is too large: an import reads at most 1,000 bytes in all "
                               "(zone files and $INCLUDEs) [zone-file]")


def test_include_is_followed_relative_to_the_file_and_bounded(tmp_path: Path) -> None:
    (tmp_path / "keys.zone").write_text('sel._domainkey 300 TXT "v=DKIM1; p=abc"\n')
    (tmp_path / "sub.zone").write_text("www 300 A 192.0.2.8\n")
    source = _run(tmp_path, "$TTL 300\n$INCLUDE keys.zone\n$INCLUDE sub.zone lab.example.com.\n")[1]
    read = read_zone(source, ZONE)
    assert [(r.name, r.where) for r in read.records] == [("sel._domainkey", f"{tmp_path / 'keys.zone'}:1"),
                                                          ("www.lab", f"{tmp_path / 'sub.zone'}:1")]
    (tmp_path / "loop.zone").write_text("$INCLUDE loop.zone\n")
    with pytest.raises(ImportProblem) as info:
        read_zone(tmp_path / "loop.zone", ZONE)
    assert str(info.value).endswith("$INCLUDE nested more than 4 deep (an include loop?) [zone-file]")
    missing = _run(tmp_path, "$INCLUDE nowhere.zone\n")[1]
    with pytest.raises(ImportProblem) as info:
        read_zone(missing, ZONE)
    assert str(info.value) == f"{missing}:1: cannot read zone file {tmp_path / 'nowhere.zone'}: No such file or directory [zone-file]"


def test_not_utf8_is_located(tmp_path: Path) -> None:
    result, source = _run(tmp_path, b"$TTL 300\n; caf\xe9\nwww A 192.0.2.1\n")
    assert (result.exit_code, result.output) == (1, f"error: {source}:2: not UTF-8 text (byte 0xe9) [zone-file]\n")


FRAGMENTS = [
    "$ORIGIN example.com.", "$ORIGIN", "$TTL 300", "$TTL", "$INCLUDE", "$GENERATE 1-3 h$ A 192.0.2.$",
    "$GENERATE x", "@ 300 IN SOA ns. host. 1 2 3 4 5", "sub SOA ns. host. 1 2 3 4 5", "www 1 IN A 192.0.2.1",
    "  IN AAAA 2001:db8::1", "@ CNAME target.example.net.", "txt TXT \"a\" \"b\"", "txt TXT (", ")", "\"",
    "x IN MX 10", "x MX", "_sip._tls.@ SRV 0 1 2 t.", "a AWS ALIAS A t. Z false", "a AWS FOO", "; comment",
    "b CH TXT x", "c 99999999999 A 192.0.2.1", "d TYPE65534 \\# 0", "e CAA 0 issue", "\\@ A 1.2.3.4",
    "f.example.net. A 192.0.2.9", "g A 192.0.2.1 ; cf_tags=cf-proxied:true", "h NS", "i LOC 1 2", "* TXT x",
    "j.. A 192.0.2.1", "k DS 1 2 3 zz", "l ALIAS m", "example.com SOA a b 1 2 3 4 5", "\t", "\\", "(", "@",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=12))
def test_any_input_exits_0_or_1_without_traceback(tmp_path: Path, lines: list[str]) -> None:
    result, _ = _run(tmp_path, "\n".join(lines) + "\n", "--force")
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 1:
        assert result.output.splitlines()[-1].startswith("error: ")
