"""Issue 19 item 8: files users commit and docs they read name only what is in the repository.

No absolute path of a development machine (``/work/...``, ``/root/...``), no
``../shared`` and no ``LIVEDNS_API.md`` (not in the repository: its facts live in
``docs/gandi-livedns.md``) in the product's code, docs, runbooks, examples and
benches, nor in the header of a record file an importer writes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zonestack.exporters.yaml import render_zone
from zonestack.model import RecordSet, Zone

ROOT = Path(__file__).resolve().parents[3]
#: What users get: the product's code, its docs and runbooks, examples, benches, top-level files.
PRODUCT_DIRS = ("zonestack", "constructs_lib", "stacks", "examples", "records", "docs", "runbooks", "bench")
TOP_FILES = ("README.md", "Makefile", "main.py", "cdktf.json", "pyproject.toml", "Pipfile", "package.json",
             "pytest.ini")
FORBIDDEN = re.compile(r"/work/|\.\./shared|shared/records-format|LIVEDNS_API|/root/|/home/[a-z]|/Users/[A-Za-z]")
SKIPPED_PARTS = {"__pycache__", "node_modules", ".venv", "cdktf.out", ".cache", ".state"}


def product_files() -> list[Path]:
    files = [ROOT / name for name in TOP_FILES if (ROOT / name).is_file()]
    for top in PRODUCT_DIRS:
        if (ROOT / top).is_dir():
            files += [p for p in sorted((ROOT / top).rglob("*"))
                      if p.is_file() and not SKIPPED_PARTS & set(p.relative_to(ROOT).parts)]
    return files


def test_the_scan_sees_the_files_that_used_to_hold_such_references() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in product_files()}
    assert {"README.md", "runbooks/acme-orphans.md", "zonestack/exporters/yaml.py", "zonestack/rdata.py",
            "docs/gandi-livedns.md", "docs/records-format.md"} <= names


def test_no_product_file_names_a_path_outside_the_repository() -> None:
    hits = []
    for path in product_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary (images, archives): no text to cite anything
        for number, line in enumerate(text.splitlines(), 1):
            if FORBIDDEN.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert hits == [], "cite the repository's own docs (docs/gandi-livedns.md, docs/records-format.md):\n" + \
        "\n".join(hits)


@pytest.mark.parametrize("pattern", ["/work/shared/records-format.md", "see ../shared/x", "LIVEDNS_API.md §5",
                                     "/root/.terraform.d", "/home/alice/zones"])
def test_the_pattern_catches_what_it_must(pattern: str) -> None:
    assert FORBIDDEN.search(pattern)


def test_a_written_record_file_cites_the_repository_doc() -> None:
    zone = Zone("example.com", (RecordSet("www", "A", 3600, ("192.0.2.1",)),), ttl=3600)
    text = render_zone(zone, "Imported from export.zone by `zonestack import bind`.").text
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header == ["# Imported from export.zone by `zonestack import bind`.",
                      "# Record file: see docs/records-format.md; validate with `zonestack validate`."]
    assert (ROOT / "docs" / "records-format.md").is_file()
