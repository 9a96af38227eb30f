"""Keep credentials out of anything a subprocess prints.

Terraform and the provider normally never echo the PAT, but a debug log (go-gandi logs
``Authorization: Bearer <PAT>`` at ``TF_LOG=DEBUG``), a provider bug or a crash dump could;
every line that leaves :mod:`.runner` goes through :class:`Redactor` first, so the token cannot
reach a terminal, a CI log or a test report.

Every form of a secret is masked: the value with or without surrounding whitespace (a PAT read
from ``op read`` or a file ends with a newline), with whitespace or line breaks inside it (a
wrapped log line), URL-encoded, and base64-encoded at any offset (inside a ``Basic`` header).
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus

MASK = "***"
SECRET_ENV_NAMES = ("GANDI_PERSONAL_ACCESS_TOKEN", "GANDI_KEY", "GANDI_API_KEY", "PG_CONN_STR")
"""Variables whose values are secrets (a pg connection string may hold a password)."""

_MIN_SECRET_LEN = 6
"""Shorter values would mask ordinary words; no real credential is this short."""
_MIN_ENCODED_LEN = 8

_remembered: set[str] = set()
_remembered_lock = threading.Lock()

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def strip_ansi(text: str) -> str:
    """Terminal colour and cursor codes removed (cdktf colours even when piped)."""
    return _ANSI.sub("", text)


def secrets_from_env(env: Mapping[str, str]) -> list[str]:
    """The secret values present in ``env`` (stripped), a pg password on its own, and every secret
    remembered with :func:`remember_secret`."""
    found = [env[name].strip() for name in SECRET_ENV_NAMES if env.get(name, "").strip()]
    conn = env.get("PG_CONN_STR", "")
    password = re.match(r"^[a-z]+://[^:/@]+:([^@]+)@", conn)
    if password:
        found.append(password.group(1))
    with _remembered_lock:
        found.extend(_remembered)
    return found


def remember_secret(value: str) -> None:
    """Mask ``value`` from now on wherever :func:`secrets_from_env` is used: a secret this process read
    from elsewhere than the environment (a PAT from ``GANDI_PERSONAL_ACCESS_TOKEN_FILE`` or ``_COMMAND``).

    Readers of secrets call this; this module imports none of them (it stays a leaf)."""
    if value.strip():
        with _remembered_lock:
            _remembered.add(value.strip())


def forget_secrets() -> None:
    """Forget every remembered secret (tests that reset the token cache)."""
    with _remembered_lock:
        _remembered.clear()


def base64_cores(secret: str) -> list[str]:
    """Substrings that any base64 encoding containing ``secret`` holds, whatever its offset.

    Base64 maps 3 bytes to 4 characters, so a secret embedded at offset 0, 1 or 2 (mod 3) of the
    encoded bytes produces one of three stable middles (both alphabets: standard and URL-safe).
    """
    raw = secret.encode()
    cores: list[str] = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw).decode().rstrip("=")
        start = -(-offset * 4 // 3) + (1 if offset else 0)  # characters touched by the padding bytes
        core = encoded[start:len(encoded) - 3]
        if len(core) >= _MIN_ENCODED_LEN:
            cores += [core, core.replace("+", "-").replace("/", "_")]
    return cores


def _pattern(secret: str) -> str:
    """The secret with any whitespace (line breaks included) allowed between its characters."""
    return r"\s*".join(re.escape(ch) for ch in secret)


class Redactor:
    """Replaces every form of each known secret by ``***``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        values = sorted({s.strip() for s in secrets if len(s.strip()) >= _MIN_SECRET_LEN}, key=len, reverse=True)
        forms: list[str] = []
        for value in values:
            forms.append(_pattern(value))
            for encoded in {quote(value, safe=""), quote_plus(value, safe="")} - {value}:
                forms.append(re.escape(encoded))
            forms.extend(re.escape(core) for core in base64_cores(value))
        self._regex = re.compile("|".join(forms)) if forms else None

    def __call__(self, text: str) -> str:
        if self._regex is None:
            return text
        return self._regex.sub(MASK, text)

    def lines(self) -> LineRedactor:
        """A line-by-line redactor for streamed output (catches a secret split over two lines)."""
        return LineRedactor(self)


class LineRedactor:
    """Feed lines in, get redacted lines out, one line late.

    Each line is held until the next arrives, and the pair is redacted together, so a secret
    wrapped across the line break is masked (the two lines then come out joined as one).
    """

    def __init__(self, redactor: Redactor) -> None:
        self._redact = redactor
        self._pending: str | None = None

    def feed(self, line: str) -> list[str]:
        if self._pending is None:
            self._pending = self._redact(line)
            return []
        joined = self._redact(self._pending + "\n" + line)
        if "\n" not in joined:
            self._pending = joined
            return []
        ready, self._pending = joined.split("\n", 1)
        return [ready]

    def flush(self) -> list[str]:
        ready, self._pending = self._pending, None
        return [] if ready is None else [ready]
