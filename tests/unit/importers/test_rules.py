"""Import rules: first match wins, globs capture, bad files are located."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonestack.importers.rules import classify, glob_regex, load_rules
from zonestack.importers.source import ImportProblem, SourceRecord


def _rec(name: str, rtype: str = "A") -> SourceRecord:
    return SourceRecord(name, rtype, 300, ("192.0.2.1",), f"f:{name}")


def _rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    return path


def test_first_match_wins_and_captures(tmp_path: Path) -> None:
    rules = load_rules(_rules(tmp_path, """\
rules:
  - match: {name: "old-*.?x"}
    action: rename
    to: "{2}-{1}"
  - match: {name: "old-*"}
    action: drop
  - match: {type: txt}
    action: drop
"""))
    result = classify([_rec("old-a.bx"), _rec("old-c"), _rec("www"), _rec("www", "TXT")], rules)
    assert [(r.name, r.type) for r in result.records] == [("b-a", "A"), ("www", "A")]
    assert [r.where for r in result.dropped] == ["f:old-c", "f:www"]
    assert result.counts == {"keep": 1, "rename": 1, "drop": 2}


def test_glob_is_case_insensitive_and_escaped() -> None:
    assert glob_regex("A.b*").fullmatch("a.bcd") is not None
    assert glob_regex("a.b").fullmatch("axb") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("rules:\n  - match: {name: x}\n    action: rename\n", "rules.yaml:2: rules.0: action 'rename' needs 'to'"),
    ("rules:\n  - match: {}\n    action: drop\n", "rules.yaml:2: rules.0.match: match needs 'name', 'type' or both"),
    ("rules:\n  - match: {name: x}\n    action: nuke\n", "rules.yaml:3: rules.0.action: Input should be 'keep'"),
    ("rules: [\n", "rules.yaml:2: invalid YAML"),
])
def test_bad_rules_are_located(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ImportProblem) as info:
        load_rules(_rules(tmp_path, text))
    assert str(info.value).startswith(f"{tmp_path}/{expected}")


def test_bad_rename_template(tmp_path: Path) -> None:
    rules = load_rules(_rules(tmp_path, "rules:\n  - match: {name: 'a*'}\n    action: rename\n    to: '{3}'\n"))
    with pytest.raises(ImportProblem) as info:
        classify([_rec("ab")], rules)
    assert str(info.value).startswith(f"{tmp_path}/rules.yaml:2: cannot build the new name from '{{3}}' for 'ab'")


def test_to_type_changes_the_type_and_keeps_values(tmp_path: Path) -> None:
    rules = load_rules(_rules(tmp_path, """\
rules:
  - match: {name: "@", type: CNAME}
    action: keep
    to_type: alias
  - match: {name: "old-*"}
    action: rename
    to: "new-{1}"
    to_type: TXT
"""))
    apex = SourceRecord("@", "CNAME", 300, ("target.example.net.",), "f:1")
    result = classify([apex, _rec("old-x"), _rec("www")], rules)
    assert [(r.name, r.type, r.values) for r in result.records] == [
        ("@", "ALIAS", ("target.example.net.",)), ("new-x", "TXT", ("192.0.2.1",)), ("www", "A", ("192.0.2.1",))]
    assert [(before.type, after.type) for before, after in result.retyped] == [("CNAME", "ALIAS"), ("A", "TXT")]
    assert result.counts == {"keep": 2, "rename": 1, "drop": 0}


@pytest.mark.parametrize(("text", "expected"), [
    ("rules:\n  - match: {name: x}\n    action: drop\n    to_type: A\n",
     "rules.yaml:2: rules.0: 'to_type' only makes sense with action 'keep' or 'rename'"),
    ("rules:\n  - match: {name: x}\n    action: keep\n    to_type: HINFO\n",
     "rules.yaml:2: rules.0: to_type 'HINFO' is not a type Gandi LiveDNS accepts"),
])
def test_bad_to_type_is_located(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ImportProblem) as info:
        load_rules(_rules(tmp_path, text))
    assert str(info.value) == f"{tmp_path}/{expected} [import-rules]"


@pytest.mark.parametrize("template", ["{0.__class__}", "{0[0]}", "x-{}", "{name}", "{1!r}"])
def test_a_rename_template_fills_numbered_fields_only(tmp_path: Path, template: str) -> None:
    """``to:`` is not ``str.format``: ``{0.__class__}`` must not reach into Python objects."""
    rules = load_rules(_rules(tmp_path, f'rules:\n  - match: {{name: "a*"}}\n    action: rename\n    to: "{template}"\n'))
    with pytest.raises(ImportProblem) as info:
        classify([_rec("ab")], rules)
    assert "only {0} (the name) and {1}, {2}, … (each wildcard) may stand in braces" in str(info.value)
    assert "class" not in str(info.value).split("(", 1)[-1]


def test_a_rename_template_fills_the_name_and_each_wildcard(tmp_path: Path) -> None:
    rules = load_rules(_rules(tmp_path, 'rules:\n  - match: {name: "old-*.*"}\n    action: rename\n'
                                        '    to: "{1}-new.{2}"\n'))
    result = classify([_rec("old-www.eu")], rules)
    assert [r.name for r in result.records] == ["www-new.eu"]


def test_a_rule_that_would_rename_the_apex_is_refused_at_its_line(tmp_path: Path) -> None:
    rules = load_rules(_rules(tmp_path, 'rules:\n  - match: {name: "*"}\n    action: rename\n    to: "v2-{1}"\n'))
    with pytest.raises(ImportProblem) as info:
        classify([_rec("@")], rules)
    assert str(info.value).startswith(f"{tmp_path}/rules.yaml:2: the rule renames the apex '@'")
    assert str(info.value).endswith("[import-rules]")
