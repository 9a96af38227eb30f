"""Small helpers shared by the core tests: build record files line by line."""

from __future__ import annotations

from zonestack.findings import Finding
from zonestack.loader import check_text
from zonestack.model import Zone

PATH = "records/example.com.yaml"
ZONE = "example.com"


def doc(*lines: str) -> str:
    """Join lines so that ``lines[i]`` is line ``i + 1`` of the file."""
    return "\n".join(lines) + "\n"


def zone_doc(*record_lines: str, header: tuple[str, ...] = ()) -> str:
    """``zone: example.com`` (line 1), ``header`` lines, ``records:``, then ``record_lines``."""
    return doc("zone: example.com", *header, "records:", *record_lines)


def check(text: str | bytes, expected: str | None = ZONE) -> tuple[Zone | None, list[Finding]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return check_text(raw, PATH, expected_zone=expected)


def valid(text: str | bytes, expected: str | None = ZONE) -> Zone:
    """The zone of a file that must validate without any finding."""
    zone, findings = check(text, expected)
    assert findings == [], "\n".join(map(str, findings))
    assert zone is not None
    return zone


def one(text: str | bytes, line: int, rule: str, *fragments: str, expected: str | None = ZONE) -> Finding:
    """The single finding of ``text``; asserts its line, rule and message fragments."""
    _, findings = check(text, expected)
    assert len(findings) == 1, "\n".join(map(str, findings))
    finding = findings[0]
    assert (finding.path, finding.line, finding.rule) == (PATH, line, rule), str(finding)
    for fragment in fragments:
        assert fragment in finding.message, f"{fragment!r} not in {finding.message!r}"
    return finding
