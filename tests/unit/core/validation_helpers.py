"""Helpers for the validation-class tests: zone ``example.test``, record entries
one per line (line 3 is the first entry), every finding (errors and warnings)."""

from __future__ import annotations

import json

from zonestack.findings import Finding
from zonestack.loader import inspect_text

PATH = "records/example.test.yaml"
FIRST = 3  # line of the first entry


def entry(name: str, rtype: str, *values: str) -> str:
    """One record entry in YAML flow style on one line (JSON is YAML)."""
    return "  - " + json.dumps({"name": name, "type": rtype, "values": list(values)}, ensure_ascii=False)


def findings(*entries: str) -> list[Finding]:
    text = "zone: example.test\nrecords:\n" + "".join(e + "\n" for e in entries)
    return inspect_text(text.encode("utf-8"), PATH, expected_zone="example.test")[1]


def refused(entries: list[str] | str, line: int, rule: str, *fragments: str, severity: str = "error") -> Finding:
    """The entries give exactly one finding: at ``line``, of ``rule``, with the fragments."""
    found = findings(*([entries] if isinstance(entries, str) else entries))
    assert len(found) == 1, "\n".join(map(str, found))
    finding = found[0]
    assert (finding.path, finding.line, finding.rule, finding.severity) == (PATH, line, rule, severity), str(finding)
    for fragment in fragments:
        assert fragment in finding.message, f"{fragment!r} not in {finding.message!r}"
    return finding


def accepted(*entries: str) -> None:
    """The entries validate with no error and no warning."""
    found = findings(*entries)
    assert found == [], "\n".join(map(str, found))
