"""User strings made safe for Terraform JSON, token references left intact.

Every string in Terraform JSON is a template: ``${…}`` interpolates and ``%{…}``
is a directive, so a TXT value such as ``v=spf1 exists:%{i}._spf.example.org
~all`` (an SPF macro, RFC 7208 §7) or any value holding ``${`` would be
evaluated, not sent. Terraform's escapes are ``$${`` and ``%%{`` (Terraform
language docs, "Strings and Templates": escape sequences); the provider then
receives the text exactly as written.

cdktf tokens (``${TfToken[…]}``) must stay references, so only the literal
parts around them are escaped. A literal part ending in ``$`` right before a
token would turn the token's ``${`` into the ``$${`` escape: that ``$`` is
written as the interpolation ``${"$"}`` instead.
"""

from __future__ import annotations

from constructs_lib.cdk import token_fragments

_TOKEN_MARK = "{TfToken["


def escape_literal(text: str) -> str:
    """``text`` (no tokens) as a Terraform template that evaluates to ``text``."""
    if "{" not in text:
        return text
    return text.replace("${", "$${").replace("%{", "%%{")


def terraform_string(value: str) -> str:
    """``value`` escaped for Terraform JSON; the tokens it holds stay references."""
    if "{" not in value:
        return value
    if _TOKEN_MARK not in value:
        return escape_literal(value)
    pieces = token_fragments(value)
    out: list[str] = []
    for index, (is_token, part) in enumerate(pieces):
        if is_token:
            out.append(part)
            continue
        escaped = escape_literal(part)
        if escaped.endswith("$") and index + 1 < len(pieces):  # next piece is a token
            escaped = escaped[:-1] + '${"$"}'
        out.append(escaped)
    return "".join(out)
