"""Files the loader cannot use: one located Finding each, never an exception.

Then the ``validate`` command end to end, in a subprocess, as a user runs it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.unit.core.helpers import PATH, check, doc, one
from tests.waiting import GENEROUS
from zonestack.findings import Finding
from zonestack.loader import check_text, check_zone

REPO = Path(__file__).resolve().parents[3]


# --------------------------------------------------------------------------- unusable files


def test_malformed_yaml_reports_the_line_of_the_problem() -> None:
    text = doc("zone: example.com", "records:", "  - name: www", "    type: A", "    values: [192.0.2.1", "  - name: mail")
    finding = one(text, 6, "yaml")
    assert finding.message == "invalid YAML: did not find expected ',' or ']'"


def test_bad_indentation_reports_its_line() -> None:
    text = doc("zone: example.com", "records:", "  - name: www", "   type: A")
    finding = one(text, 4, "yaml")
    assert finding.message.startswith("invalid YAML: ")


def test_tab_indentation_reports_its_line() -> None:
    finding = one(doc("zone: example.com", "\trecords: []"), 2, "yaml")
    assert "tab" in finding.message


def test_unterminated_quote() -> None:
    finding = one(doc("zone: example.com", "records:", "  - name: 'www"), 3, "yaml")
    assert finding.message == ("invalid YAML: found unexpected end of stream: the file ends inside the quoted scalar "
                               "opened on this line")


def test_undefined_alias() -> None:
    finding = one(doc("zone: example.com", "records: *missing"), 2, "yaml")
    assert finding.message == "invalid YAML: found undefined alias"


def test_unknown_tag_on_a_scalar_is_a_yaml_problem_not_a_crash() -> None:
    finding = one(doc("records: []", "zone: !!python/name:os.system"), 2, "yaml")
    assert finding.message.startswith("invalid YAML: could not determine a constructor for the tag")


def test_python_tag_on_a_collection_is_never_constructed() -> None:
    text = doc("zone: example.com", "records: !!python/object/apply:os.system [echo pwned]")
    finding = one(text, 2, "schema")
    assert finding.message == "records[0] must be a mapping with name, type, values, ttl, found 'echo pwned'"


def test_complex_mapping_key() -> None:
    finding = one(doc("zone: example.com", "? [a, b]", ": c"), 2, "yaml")
    assert finding.message == "keys must be text, found a mapping or list (quote it)"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   "])
def test_empty_file(text: str) -> None:
    finding = one(text, 1, "yaml")
    assert finding.message == "file is empty: expected a mapping with 'zone' and 'records'"


@pytest.mark.parametrize(
    "text",
    [doc("- zone: example.com", "- records: []"), doc("example.com"), doc("42"), doc("# list", "- a")],
)
def test_top_level_is_not_a_mapping(text: str) -> None:
    _, findings = check(text)
    assert len(findings) == 1
    assert findings[0].rule == "schema"
    assert findings[0].line == (2 if text.startswith("#") else 1)
    assert findings[0].message == "a record file must be a mapping with 'zone' and 'records'"


def test_non_utf8_byte_on_line_3() -> None:
    raw = b"zone: example.com\nrecords:\n  - name: caf\xe9\n    type: A\n    values: [192.0.2.1]\n"
    zone, findings = check(raw)
    assert zone is None
    assert findings == [Finding(PATH, 3, "file is not UTF-8 (byte 0xe9 cannot be decoded)", "yaml")]


def test_non_utf8_byte_on_line_1() -> None:
    finding = one(b"\xffzone: example.com\n", 1, "yaml")
    assert finding.message == "file is not UTF-8 (byte 0xff cannot be decoded)"


def test_utf8_bom_is_accepted() -> None:
    zone, findings = check(b"\xef\xbb\xbfzone: example.com\nrecords: []\n")
    assert findings == [] and zone is not None and zone.name == "example.com"


def test_crlf_line_endings_keep_line_numbers() -> None:
    finding = one(b"zone: example.com\r\nrecords: []\r\nttl: 5\r\n", 3, "ttl")
    assert finding.message == "zone ttl 5 is outside Gandi's bounds 300..2592000"


def test_multi_document_yaml() -> None:
    text = doc("zone: example.com", "records: []", "---", "zone: example.net")
    zone, findings = check(text)
    assert zone is None
    assert len(findings) == 1
    assert (findings[0].line, findings[0].rule) == (3, "yaml")
    assert "another document" in findings[0].message


def test_explicit_single_document_markers_are_fine() -> None:
    zone, findings = check(doc("---", "zone: example.com", "records: []", "..."))
    assert findings == [] and zone is not None


def test_file_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    zone, findings = check_zone(path)
    assert zone is None
    assert findings == [Finding(str(path), 1, "cannot read file: No such file or directory", "file")]


def test_file_that_is_a_directory(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    path.mkdir()
    zone, findings = check_zone(path)
    assert zone is None
    assert findings == [Finding(str(path), 1, "cannot read file: it is a directory, not a regular file", "file")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    path.write_text("zone: example.com\n")
    path.chmod(0)
    _, findings = check_zone(path)
    assert findings == [Finding(str(path), 1, "cannot read file: Permission denied", "file")]


def test_check_zone_takes_the_expected_zone_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "example.net.yaml"
    path.write_text("zone: example.com\n")
    zone, findings = check_zone(path)
    assert findings == [Finding(str(path), 1, "zone 'example.com' does not match the file name 'example.net.yaml'", "zone")]


# --------------------------------------------------------------------------- known crashes (bugs)


def test_file_name_that_is_not_a_domain_name(tmp_path: Path) -> None:
    path = tmp_path / "a..b.yaml"
    path.write_text("zone: example.com\n")
    _, findings = check_zone(path)
    assert [(f.line, f.rule) for f in findings] == [(1, "zone")]


def test_file_name_with_a_label_too_long(tmp_path: Path) -> None:
    path = tmp_path / ("x" * 64 + ".com.yaml")
    path.write_text("zone: example.com\n")
    _, findings = check_zone(path)
    assert [(f.line, f.rule) for f in findings] == [(1, "zone")]


def test_recursive_alias_is_a_finding() -> None:
    _, findings = check(doc("zone: example.com", "records: &r [*r]"))
    assert [(f.line, f.rule) for f in findings] == [(2, "yaml")]


def test_deeply_nested_value_is_a_finding() -> None:
    _, findings = check(doc("zone: example.com", "ignore: " + "[" * 600 + "]" * 600))
    assert len(findings) == 1 and findings[0].line == 2


@contextmanager
def _cpu_limit(seconds: float) -> Iterator[None]:
    """Fail after ``seconds`` of this process's own CPU time (not wall time: a busy machine does not count)."""
    def _expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, _expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def test_alias_bomb_is_rejected_quickly() -> None:
    lines = ["zone: example.com", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 8)]
    with _cpu_limit(5.0):  # expanded, the 10**8 aliases would take minutes
        _, findings = check(doc(*lines))
    assert findings and all(f.line >= 1 for f in findings)


def test_unicode_line_separator_in_a_comment_does_not_shift_lines() -> None:
    text = doc("# pasted from a web page:\u2028 see wiki", "zone: example.com", "ttl: 5")
    _, findings = check(text)
    assert [(f.line, f.rule) for f in findings] == [(1, "yaml"), (3, "ttl")]
    assert "U+2028 LINE SEPARATOR" in findings[0].message


@pytest.mark.parametrize(
    "line",
    ["ttl: !!int 1h", "ttl: !!int", "ttl: !!float x", "ttl: !!bool", "ttl: !!timestamp soon"],
)
def test_explicit_tag_on_a_bad_scalar_is_a_finding(line: str) -> None:
    _, findings = check(doc("zone: example.com", line))
    assert [(f.line, f.rule) for f in findings] == [(2, "yaml")]


def test_explicit_tag_on_a_good_scalar_is_fine() -> None:
    finding = one(doc("zone: example.com", "ttl: !!int '60'"), 2, "ttl")
    assert finding.message == "zone ttl 60 is outside Gandi's bounds 300..2592000"


def test_null_key_is_reported_on_its_line() -> None:
    _, findings = check(doc("zone: example.com", "records: []", "~: 1"))
    assert [(f.line, f.rule) for f in findings] == [(3, "yaml")]
    assert findings[0].message == "keys must be text, found null (quote it)"


# --------------------------------------------------------------------------- the validate command

VALID = doc(
    "zone: example.com",
    "records:",
    "  - {name: www, type: A, values: [192.0.2.1]}",
    "  - {name: '@', type: MX, values: ['10 mail']}",
)
INVALID = doc(
    "zone: example.com",
    "ttl: 10",
    "records:",
    "  - {name: '@', type: CNAME, values: [cdn.example.net.]}",
    "  - {name: 'a..b', type: A, values: [192.0.2.1]}",
)


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "zonestack", "validate", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=GENEROUS)


def test_cli_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    path.write_text(VALID)
    result = _validate(str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 1 zone(s), 2 record set(s) valid\n"
    assert result.stderr == ""


def test_cli_invalid_file_prints_every_finding(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    path.write_text(INVALID)
    result = _validate(str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:2: zone ttl 10 is outside Gandi's bounds 300..2592000 [ttl]",
        f"{path}:4: CNAME is not allowed at the apex (use ALIAS) [cname]",
        f"{path}:5: name 'a..b' has an empty label ('..') [names]",
    ]
    assert result.stderr == "3 problem(s) in 1 of 1 file(s)\n"
    assert "Traceback" not in result.stderr


def test_cli_mixed_files_exit_1_and_report_only_the_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "good" / "example.com.yaml"
    bad = tmp_path / "bad" / "example.net.yaml"
    good.parent.mkdir()
    bad.parent.mkdir()
    good.write_text(VALID)
    bad.write_bytes(b"zone: example.net\nrecords:\n  - name: caf\xe9\n")
    result = _validate(str(good), str(bad))
    assert result.returncode == 1
    assert result.stdout == f"{bad}:3: file is not UTF-8 (byte 0xe9 cannot be decoded) [yaml]\n"
    assert result.stderr == "1 problem(s) in 1 of 2 file(s)\n"


def test_cli_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    result = _validate(str(path))
    assert result.returncode == 1
    assert result.stdout == f"{path}:1: cannot read file: No such file or directory [file]\n"
    assert "Traceback" not in result.stderr


def test_cli_directory_without_record_files(tmp_path: Path) -> None:
    result = _validate(str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"no record files found in {tmp_path}\n"


def test_cli_defaults_to_the_records_directory() -> None:
    result = _validate()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ")
    assert len(result.stdout.splitlines()) == 1


WARNED = doc(
    "zone: example.com",
    "records:",
    "  - {name: '@', type: TXT, values: ['v=spf1 mx -all', 'v=spf1 a -all']}",
    "  - {name: _sip._tcp, type: SRV, values: ['0 0 5060 .']}",
    "  - {name: mail, type: A, values: [192.0.2.1]}",
)


def test_cli_warnings_are_printed_distinctly_and_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    path.write_text(WARNED)
    result = _validate(str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{path}:3: warning: 2 SPF policies at '@': receivers fail with a permerror (RFC 7208 §3.2); merge them "
        "into one [spf-syntax]",
        f"{path}:4: warning: SRV '0 0 5060 .': target '.' means the service is not available here; use port 0 (or a "
        "real target for port 5060) [srv-null-target]",
        "ok: 1 zone(s), 3 record set(s) valid, 2 warning(s)",
    ]
    assert result.stderr == ""


def test_cli_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    path.write_text(WARNED)
    result = _validate("--strict", str(path))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 2 and all(": warning: " in line for line in result.stdout.splitlines())
    assert result.stderr == "2 problem(s) (warnings count: --strict) in 1 of 1 file(s)\n"


def test_cli_errors_and_warnings_in_line_order(tmp_path: Path) -> None:
    path = tmp_path / "example.com.yaml"
    path.write_text(WARNED + "  - {name: www, type: CNAME, values: ['https://shop.example.net/cart']}\n")
    result = _validate(str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[1] for line in lines] == ["3", "4", "6"]
    assert lines[2] == (f"{path}:6: CNAME target 'https://shop.example.net/cart' is a URL, not a host name: use "
                        "'shop.example.net.' [target-hostname]")
    assert result.stderr == "1 problem(s) in 1 of 1 file(s)\n"


# -- what a path can name besides a file: never blocks, never reads without end ------------

def test_a_fifo_is_refused_from_its_stat_without_blocking(tmp_path: Path) -> None:
    """A FIFO with no writer would block ``open`` forever: ``validate`` refuses it from its stat alone."""
    path = tmp_path / "x.example.yaml"
    os.mkfifo(path)
    try:
        result = _validate(str(path))
    except subprocess.TimeoutExpired:
        pytest.fail("validate blocked on the FIFO")
    assert (result.returncode, result.stdout) == (
        1, f"{path}:1: cannot read file: it is a FIFO (named pipe), not a regular file [file]\n")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_that_never_ends_is_refused(device: str) -> None:
    result = _validate(device)
    assert (result.returncode, result.stdout) == (
        1, f"{device}:1: cannot read file: it is a kernel file (/proc, /sys, /dev), not input [file]\n")
    assert "Traceback" not in result.stderr


def test_a_kernel_file_is_never_read(tmp_path: Path) -> None:
    """``/proc/self/environ`` stats as a regular file and holds the environment (a PAT): never read, never quoted."""
    zone, findings = check_zone("/proc/self/environ")
    assert zone is None
    assert findings == [Finding("/proc/self/environ", 1, "cannot read file: it is a kernel file "
                                "(/proc, /sys, /dev), not input", "file")]


def test_a_file_beyond_the_input_limit_is_refused_unread(tmp_path: Path) -> None:
    from zonestack.inputfile import MAX_INPUT_BYTES

    path = tmp_path / "example.com.yaml"
    with path.open("wb") as handle:  # sparse: no disk used
        handle.truncate(MAX_INPUT_BYTES + 1)
    assert check_zone(path)[1] == [Finding(str(path), 1, "cannot read file: it holds more than 16,777,216 bytes, "
                                           "the most an input file may hold", "file")]
    path.write_bytes(b"zone: example.com\nrecords: []\n" + b"#" * (MAX_INPUT_BYTES - 40) + b"\n")
    assert check_zone(path)[1] == []


@pytest.mark.parametrize("end", ["", "\n", "\n\n# trailing comment\n"])
@pytest.mark.parametrize(("opened", "what"), [("    values: [192.0.2.1", "flow sequence"),
                                              ("    values: {a: 192.0.2.1", "flow mapping"),
                                              ('    values: ["192.0.2.1', "quoted scalar")])
def test_a_construct_left_open_at_the_end_is_reported_where_it_opened(opened: str, what: str, end: str) -> None:
    """PyYAML marks the end of the text (a line past the last): the line to fix is the one that opened it."""
    raw = ("zone: example.com\nrecords:\n  - name: www\n    type: A\n" + opened + end).encode()
    zone, findings = check_text(raw, "example.com.yaml")
    assert zone is None and len(findings) == 1
    assert findings[0].line == 5 and findings[0].rule == "yaml"
    assert findings[0].message.endswith(f"the file ends inside the {what} opened on this line")
