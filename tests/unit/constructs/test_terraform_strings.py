"""User strings escaped for Terraform JSON templates; token references untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from constructs_lib.terraform_strings import escape_literal, terraform_string


def evaluate_template_literal(template: str) -> str:
    """A template without interpolations, evaluated as Terraform does (``$${`` → ``${``,
    ``%%{`` → ``%{``); an unescaped ``${``/``%{`` would be evaluated, so it fails here.
    The e2e test ``test_template_values`` checks the same against the real provider."""
    out, i = [], 0
    while i < len(template):
        if template.startswith(("$${", "%%{"), i):
            out.append(template[i + 1 : i + 3])
            i += 3
        elif template.startswith(("${", "%{"), i):
            raise ValueError(f"unescaped template sequence at {i}: {template!r}")
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


pieces = st.lists(st.one_of(st.sampled_from(["${", "%{", "$${", "%%{", "$", "%", "{", "}", "\\", '"']), st.text(max_size=4)))


@given(pieces.map("".join))
def test_escaped_literal_evaluates_to_itself(text: str) -> None:
    assert evaluate_template_literal(escape_literal(text)) == text
    assert terraform_string(text) == escape_literal(text)


@pytest.mark.parametrize(("value", "written"), [
    ("v=spf1 exists:%{i}._spf.example.org ~all", "v=spf1 exists:%%{i}._spf.example.org ~all"),
    ("a${b}", "a$${b}"),
    ("already $${escaped}", "already $$${escaped}"),
    ("plain", "plain"),
])
def test_examples(value: str, written: str) -> None:
    assert terraform_string(value) == written


def test_tokens_stay_references_and_a_dollar_before_one_is_kept_literal() -> None:
    token = "${TfToken[TOKEN.12]}"
    assert terraform_string("ip4:" + token + " %{x}") == "ip4:" + token + " %%{x}"
    assert terraform_string("cost $" + token) == 'cost ${"$"}' + token
    assert terraform_string("#{TfToken[TOKEN.3]}") == "#{TfToken[TOKEN.3]}"
