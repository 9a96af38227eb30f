"""Property: no input makes validation raise. Any name, type and values — random
text, or a valid value with characters dropped, doubled or replaced — give
findings with a registered rule, never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.core.test_roundtrip_property import VALUES
from zonestack.loader import inspect_text
from zonestack.rrtypes import GANDI_TYPES
from zonestack.rule_registry import REGISTRY
from zonestack.rules.record_set import check_name_type_values

FAST = settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
_types = st.sampled_from(sorted(GANDI_TYPES | {"spf", "Txt", "URL", ""}))
_names = st.one_of(st.text(max_size=40), st.sampled_from(["@", "_sip._tcp", "_443._tcp", "_dmarc",
                                                          "s1._domainkey", "*", "www.example.test"]))
_punctuation = st.sampled_from(list(" .:/\\\"';@*&_-=,()$#\t\u00e9\u200b\x00"))


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, str]:
    """A valid value of some type, with a few characters dropped, doubled or replaced."""
    rtype = draw(st.sampled_from(sorted(VALUES)))
    value = draw(VALUES[rtype])
    for _ in range(draw(st.integers(1, 3))):
        if not value:
            break
        at = draw(st.integers(0, len(value) - 1))
        action = draw(st.sampled_from(["drop", "double", "replace"]))
        if action == "drop":
            value = value[:at] + value[at + 1:]
        elif action == "double":
            value = value[:at] + value[at] + value[at:]
        else:
            value = value[:at] + draw(_punctuation) + value[at + 1:]
    return rtype, value


def _assert_findings_well_formed(problems: list) -> None:
    for problem in problems:
        assert problem.rule.id in REGISTRY and problem.message.strip()


@FAST
@given(_names, _types, st.lists(st.one_of(st.text(max_size=80), st.none(), st.integers()), max_size=4))
def test_any_record_set_gives_findings_not_exceptions(name: str, rtype: str, values: list) -> None:
    _assert_findings_well_formed(check_name_type_values("example.test", name, rtype, values).problems)


@FAST
@given(mangled(), _names)
def test_mangled_values_give_findings_not_exceptions(typed: tuple[str, str], name: str) -> None:
    rtype, value = typed
    _assert_findings_well_formed(check_name_type_values("example.test", name, rtype, [value, value + " x"]).problems)


@FAST
@given(st.lists(st.tuples(st.sampled_from(["@", "a", "b", "lab", "ns.lab", "x.old", "old", "mail"]),
                          st.sampled_from(sorted(VALUES)), st.sampled_from(["a", "b", "@", "ns.lab.example.test.",
                                                                            "mail", "x.example.net."])),
                max_size=8))
def test_cross_record_rules_never_raise(entries: list[tuple[str, str, str]]) -> None:
    """Names that point at each other (loops, cuts, DNAMEs, CNAME targets) in any combination."""
    lines = ["zone: example.test", "records:"]
    for name, rtype, target in entries:
        value = {"MX": f"10 {target}", "SRV": f"0 0 1 {target}", "NS": target, "CNAME": target, "DNAME": target,
                 "A": "192.0.2.1"}.get(rtype, target)
        lines.append(f"  - {{name: '{name}', type: {rtype}, values: ['{value}']}}")
    _, findings = inspect_text("\n".join(lines).encode(), "f.yaml", "example.test")
    assert all(f.rule in REGISTRY for f in findings)
