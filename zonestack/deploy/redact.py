"""Keep credentials out of anything a subprocess prints.

Terraform and the provider normally never echo the PAT, but a debug log, a
provider bug or a crash dump could; every line that leaves :mod:`.runner` goes
through :class:`Redactor` first, so the token cannot reach a terminal, a CI log
or a test report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MASK = "***"
SECRET_ENV_NAMES = ("GANDI_PERSONAL_ACCESS_TOKEN", "GANDI_KEY", "GANDI_API_KEY", "PG_CONN_STR")
"""Variables whose values are secrets (a pg connection string may hold a password)."""

_MIN_SECRET_LEN = 6
"""Shorter values would mask ordinary words; no real credential is this short."""

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def strip_ansi(text: str) -> str:
    """Terminal colour and cursor codes removed (cdktf colours even when piped)."""
    return _ANSI.sub("", text)


def secrets_from_env(env: Mapping[str, str]) -> list[str]:
    """The secret values present in ``env`` (and a pg password on its own)."""
    found = [env[name] for name in SECRET_ENV_NAMES if env.get(name)]
    conn = env.get("PG_CONN_STR", "")
    password = re.match(r"^[a-z]+://[^:/@]+:([^@]+)@", conn)
    if password:
        found.append(password.group(1))
    return found


class Redactor:
    """Replaces each known secret by ``***`` (longest first, so none leaks partly)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= _MIN_SECRET_LEN}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text
