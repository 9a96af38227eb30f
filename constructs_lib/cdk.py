"""The only module that imports the CDK framework.

cdktf 0.21 is unmaintained since Dec 2025; its fork CDK Terrain (``cdktn`` 0.24)
keeps the same API. ``ZONESTACK_CDK`` chooses at import time: ``cdktf``
(default) or ``cdktn``. Everything else imports the names below from here, so
the choice is made in this file alone, and the synthesised JSON is the same
under both (``tests/unit/synth/test_cdk_choice.py``).

Tokens: a cdktf/cdktn token is a placeholder string such as
``${TfToken[TOKEN.12]}`` (a list token: ``#{TfToken[...]}``) that the framework
replaces by a Terraform expression at synth time. Both frameworks encode them
identically (``lib/tokens/private/encoding.js``); :func:`token_fragments` splits
a string into its literal and token parts so callers can validate and escape the
literal parts only.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from typing import Any

# jsii prints a Node end-of-life banner on Node 20; the value names the major version.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from constructs_lib.cdk_choice import FRAMEWORKS, CdkChoiceError, chosen_framework  # noqa: E402,F401

FRAMEWORK = chosen_framework()

try:
    _framework = importlib.import_module(FRAMEWORK)
except ImportError as exc:  # pragma: no cover - depends on the machine
    raise CdkChoiceError(f"ZONESTACK_CDK={FRAMEWORK} but it is not installed ({exc}): pip install {FRAMEWORK}") from exc

# The same names from either framework (the fork keeps cdktf's API).
App = _framework.App
Aspects = _framework.Aspects
IAspect = _framework.IAspect
LocalBackend = _framework.LocalBackend
TerraformBackend = _framework.TerraformBackend
TerraformElement = _framework.TerraformElement
TerraformOutput = _framework.TerraformOutput
TerraformProvider = _framework.TerraformProvider
TerraformProviderGeneratorMetadata = _framework.TerraformProviderGeneratorMetadata
TerraformResource = _framework.TerraformResource
TerraformStack = _framework.TerraformStack
TerraformVariable = _framework.TerraformVariable
Testing = _framework.Testing
Token = _framework.Token

import jsii  # noqa: E402
from constructs import Construct, IConstruct  # noqa: E402,F401  (re-exported)


@jsii.implements(IAspect)
class _SynthHook:
    def __init__(self, callback: Callable[[], None]) -> None:
        self._callback = callback

    def visit(self, node: IConstruct) -> None:
        self._callback()


def before_synth(scope: Construct, callback: Callable[[], None]) -> None:
    """Call ``callback`` each time the framework synthesises ``scope``'s stack
    (``app.synth()``, ``Testing.synth``), before the stack is turned into JSON.

    An Aspect on ``scope``, visited once per synth for ``scope`` and once for
    each of its descendants: give it a construct without children. The callback
    must be idempotent (a second synth calls it again).
    """
    Aspects.of(scope).add(_SynthHook(callback))

_STRING_TOKEN = re.compile(r"\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}")
_LIST_TOKEN = re.compile(r"#\{TfToken\[[a-zA-Z0-9:._-]+\]\}")
_ANY_MARK = "{TfToken["


def is_token(value: Any) -> bool:
    """True if ``value`` (a string, a number, or a list from ``.list_value``) holds a token.

    Strings and lists are recognised by the token markers alone (no call into
    Node: literal strings stay cheap); a number token is a special float.
    """
    if isinstance(value, str):
        return _ANY_MARK in value and bool(_STRING_TOKEN.search(value) or _LIST_TOKEN.search(value))
    if isinstance(value, float):
        return bool(Token.is_unresolved(value))
    if isinstance(value, list):
        return any(isinstance(v, str) and is_token(v) for v in value)
    return False


def is_list_token(value: Any) -> bool:
    """True if ``value`` is a whole list encoded as a token (e.g. a ``list(string)`` variable)."""
    return (isinstance(value, list) and len(value) == 1 and isinstance(value[0], str)
            and _LIST_TOKEN.fullmatch(value[0]) is not None)


def token_fragments(text: str) -> list[tuple[bool, str]]:
    """``text`` as ``(is_token, part)`` pieces in order; literal parts may be empty-free.

    ``"10 ${TfToken[TOKEN.3]}."`` → ``[(False, "10 "), (True, "${TfToken[TOKEN.3]}"), (False, ".")]``.
    """
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in _STRING_TOKEN.finditer(text):
        if match.start() > position:
            pieces.append((False, text[position : match.start()]))
        pieces.append((True, match.group(0)))
        position = match.end()
    if position < len(text):
        pieces.append((False, text[position:]))
    return pieces
