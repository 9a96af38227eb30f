"""``import bind`` reads ``$INCLUDE`` only from inside the zone file's folder (or ``--include-dir``), regular files only.

Each refusal is one ``FILE:LINE`` line naming the rule, exit 1, and the output
folder is left exactly as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zonestack.cli.import_cmd import command

ZONE = "example.com"
ROOT = Path(__file__).resolve().parents[3]


def _layout(tmp_path: Path, text: str) -> tuple[Path, Path]:
    """``tmp_path/zones/in.zone`` holding ``text``, and an output folder with one record file already in it."""
    zones = tmp_path / "zones"
    zones.mkdir()
    source = zones / "in.zone"
    source.write_text("$TTL 300\nwww A 192.0.2.1\n" + text)
    out = tmp_path / "records"
    out.mkdir()
    (out / "other.org.yaml").write_text("zone: other.org\n")
    return source, out


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _import(source: Path, out: Path, *args: str) -> Result:
    return CliRunner().invoke(command, ["bind", str(source), "--zone", ZONE, "--out", str(out), *args])


def _refused(tmp_path: Path, text: str, rule: str, *args: str) -> None:
    source, out = _layout(tmp_path, text)
    before = _tree(out)
    result = _import(source, out, *args)
    assert (result.exit_code, result.output) == (1, f"error: {source}:3: {rule}\n")
    assert _tree(out) == before


def test_absolute_path_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "$INCLUDE /etc/passwd\n",
             f"$INCLUDE /etc/passwd: refused: an absolute path outside the zone file's folder ({tmp_path / 'zones'}) [zone-file]")


def test_dotdot_escape_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.zone").write_text("evil 300 A 192.0.2.66\n")
    _refused(tmp_path, "$INCLUDE ../outside.zone\n",
             f"$INCLUDE ../outside.zone: refused: '..' leads outside the zone file's folder ({tmp_path / 'zones'}) [zone-file]")


def test_symlink_resolving_outside_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.zone").write_text("evil 300 A 192.0.2.66\n")
    source, out = _layout(tmp_path, "$INCLUDE keys.zone\n")
    (source.parent / "keys.zone").symlink_to(tmp_path / "outside.zone")
    before = _tree(out)
    result = _import(source, out)
    assert (result.exit_code, result.output) == (
        1, (f"error: {source}:3: $INCLUDE keys.zone: refused: a symbolic link resolving to "
            f"{tmp_path / 'outside.zone'}, outside the zone file's folder ({tmp_path / 'zones'}) [zone-file]\n"))
    assert _tree(out) == before


def test_proc_is_refused_even_inside_an_allowed_folder(tmp_path: Path) -> None:
    _refused(tmp_path, "$INCLUDE /proc/self/environ\n",
             "$INCLUDE /proc/self/environ: refused: an absolute path outside the zone file's folder "
             f"({tmp_path / 'zones'}) [zone-file]")
    os.rename(tmp_path / "zones", tmp_path / "first")
    os.rename(tmp_path / "records", tmp_path / "first-records")
    # /proc files stat as regular files: the kernel-file rule refuses them when a folder allows /proc.
    source, out = _layout(tmp_path, "$INCLUDE /proc/self/environ\n")
    result = _import(source, out, "--include-dir", "/proc/self")
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {source}:3: $INCLUDE /proc/self/environ: refused: /proc/")
    assert result.output.endswith("/environ is a kernel file (/proc, /sys, /dev), not a zone file [zone-file]\n")
    assert _tree(out) == {"other.org.yaml": b"zone: other.org\n"}


def test_device_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "$INCLUDE /dev/zero\n",
             f"$INCLUDE /dev/zero: refused: an absolute path outside the zone file's folder ({tmp_path / 'zones'}) [zone-file]")
    os.rename(tmp_path / "zones", tmp_path / "first")
    os.rename(tmp_path / "records", tmp_path / "first-records")
    _refused(tmp_path, "$INCLUDE /dev/zero\n",
             "$INCLUDE /dev/zero: refused: /dev/zero is a character device, not a regular file [zone-file]",
             "--include-dir", "/dev")


def test_directory_is_refused(tmp_path: Path) -> None:
    source, out = _layout(tmp_path, "$INCLUDE sub\n")
    (source.parent / "sub").mkdir()
    before = _tree(out)
    result = _import(source, out)
    assert (result.exit_code, result.output) == (
        1, f"error: {source}:3: $INCLUDE sub: refused: {source.parent / 'sub'} is a directory, not a regular file [zone-file]\n")
    assert _tree(out) == before


def _import_process(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``import bind`` in its own process, so a FIFO that blocks it fails the test instead of hanging it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, "-m", "zonestack", "import", "bind", str(source), "--zone", ZONE,
                               "--out", str(out)], capture_output=True, text=True, env=env, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("import bind blocked on the FIFO")


def test_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    """A FIFO opened for reading blocks until a writer comes: the CLI must refuse it from its stat alone."""
    source, out = _layout(tmp_path, "$INCLUDE pipe.zone\n")
    os.mkfifo(source.parent / "pipe.zone")
    before = _tree(out)
    done = _import_process(source, out)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", (f"error: {source}:3: $INCLUDE pipe.zone: refused: {source.parent / 'pipe.zone'} is a FIFO "
                "(named pipe), not a regular file [zone-file]\n"))
    assert _tree(out) == before


def test_a_fifo_named_on_the_command_line_is_refused_too(tmp_path: Path) -> None:
    """The zone file itself goes through the same check as an include: a FIFO never blocks the import."""
    pipe = tmp_path / "export.zone"
    os.mkfifo(pipe)
    out = tmp_path / "records"
    done = _import_process(pipe, out)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"error: {pipe}:1: cannot read zone file {pipe}: it is a FIFO (named pipe), "
                           "not a regular file [zone-file]\n")
    assert not out.exists()


def test_include_dir_allows_a_named_folder_and_nested_relative_includes(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "keys.zone").write_text('sel._domainkey 300 TXT "v=DKIM1; p=abc"\n$INCLUDE more.zone\n')
    (shared / "more.zone").write_text("mail 300 A 192.0.2.25\n")
    source, out = _layout(tmp_path, "$INCLUDE ../shared/keys.zone\n")
    refused = _import(source, out)
    assert refused.exit_code == 1 and "'..' leads outside" in refused.output
    result = _import(source, out, "--include-dir", str(shared))
    assert result.exit_code == 0, result.output
    text = (out / "example.com.yaml").read_text()
    assert "sel._domainkey" in text and "192.0.2.25" in text and "192.0.2.1" in text


def test_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    source, out = _layout(tmp_path, "$INCLUDE current.zone\n")
    (source.parent / "v2.zone").write_text("api 300 A 192.0.2.80\n")
    (source.parent / "current.zone").symlink_to("v2.zone")
    result = _import(source, out)
    assert result.exit_code == 0, result.output
    assert "192.0.2.80" in (out / "example.com.yaml").read_text()
