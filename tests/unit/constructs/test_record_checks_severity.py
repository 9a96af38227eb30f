"""Record sets declared in code: a rule's warning does not block them, an error does."""

from __future__ import annotations

from constructs_lib.record_checks import Origin, check_record_set, check_zone_header

ORIGIN = Origin("stack.py", 7)


def test_warning_does_not_block_a_code_declared_record_set() -> None:
    zone = check_zone_header({"zone": "example.test"}, ORIGIN)
    entry = {"name": "@", "type": "TXT", "values": ["v=spf1 mx -all", "v=spf1 a -all"]}  # spf-syntax: warning
    record, findings = check_record_set(zone, entry, (), ORIGIN)
    assert findings == [] and record is not None and len(record.values) == 2


def test_error_blocks_it_at_the_callers_line() -> None:
    zone = check_zone_header({"zone": "example.test"}, ORIGIN)
    entry = {"name": "www", "type": "CNAME", "values": ["https://shop.example.net/cart"]}
    record, findings = check_record_set(zone, entry, (), ORIGIN)
    assert record is None
    assert [(f.path, f.line, f.rule) for f in findings] == [("stack.py", 7, "target-hostname")]
