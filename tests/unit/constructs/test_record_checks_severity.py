"""Record sets declared in code: a rule's warning does not block them, an error does."""

from __future__ import annotations

import ast
from pathlib import Path

from constructs_lib import record_checks
from constructs_lib.record_checks import Origin, check_entry_with_neighbours, check_zone_header
from zonestack.model import RecordSet

ORIGIN = Origin("stack.py", 7)


def test_warning_does_not_block_a_code_declared_record_set() -> None:
    zone = check_zone_header({"zone": "example.test"}, ORIGIN)
    entry = {"name": "@", "type": "TXT", "values": ["v=spf1 mx -all", "v=spf1 a -all"]}  # spf-syntax: warning
    record, findings = check_entry_with_neighbours(zone, entry, (), ORIGIN)
    assert findings == [] and record is not None and len(record.values) == 2


def test_error_blocks_it_at_the_callers_line() -> None:
    zone = check_zone_header({"zone": "example.test"}, ORIGIN)
    entry = {"name": "www", "type": "CNAME", "values": ["https://shop.example.net/cart"]}
    record, findings = check_entry_with_neighbours(zone, entry, (), ORIGIN)
    assert record is None
    assert [(f.path, f.line, f.rule) for f in findings] == [("stack.py", 7, "target-hostname")]


def test_a_conflict_with_a_neighbour_names_the_neighbours_place() -> None:
    zone = check_zone_header({"zone": "example.test"}, ORIGIN)
    mail = RecordSet("www", "A", 300, ("192.0.2.10",), line=3, value_lines=(3,))
    entry = {"name": "www", "type": "CNAME", "values": ["shop.example.net."]}
    record, findings = check_entry_with_neighbours(zone, entry, [(mail, Origin("records/example.test.yaml", 3))],
                                                   ORIGIN)
    assert record is None and findings
    assert {(f.path, f.line) for f in findings} == {("stack.py", 7)}
    assert any("records/example.test.yaml:3" in f.message for f in findings), findings
    alone, none = check_entry_with_neighbours(zone, entry, (), ORIGIN)
    assert none == [] and alone is not None and (alone.line, alone.value_lines) == (7, (7,))


def test_the_constructs_use_only_the_cores_public_names() -> None:
    """No private name of zonestack (``loader._Builder`` ...) is imported by the constructs."""
    private = []
    for path in sorted(Path(record_checks.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("zonestack"):
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []
