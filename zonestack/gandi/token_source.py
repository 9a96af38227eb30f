"""Where the Gandi PAT comes from: a variable, a file, or a secret manager's command.

One documented precedence, the first that is set wins:

1. ``GANDI_PERSONAL_ACCESS_TOKEN`` — the PAT itself (what the provider reads);
2. ``GANDI_PERSONAL_ACCESS_TOKEN_FILE`` — a file holding it (systemd credentials,
   ``$CREDENTIALS_DIRECTORY/gandi-pat``; Docker/Kubernetes secrets, ``/run/secrets/gandi-pat``);
3. ``GANDI_PERSONAL_ACCESS_TOKEN_COMMAND`` — a command printing it (``op read op://vault/gandi/pat``,
   ``rbw get gandi-pat``), split like a shell would (``shlex``) but run without a shell.

The value is read once per process and stripped once (``op read`` and files end with a newline;
a PAT never contains whitespace). Children (Terraform, the provider, provisioners) get it only as
``GANDI_PERSONAL_ACCESS_TOKEN`` in their environment (:func:`child_token_env`), never as an argument.
A failing command is one line with its exit status and its stderr masked; nothing else runs.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import threading
import unicodedata
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

from zonestack.gandi.errors import MissingTokenError
from zonestack.inputfile import InputRefused, read_input
from zonestack.redact import MASK, Redactor, forget_secrets, remember_secret, secrets_from_env

_TOKEN_LIKE = re.compile(r"\bpat_[A-Za-z0-9_.~+/=-]+|[A-Za-z0-9_+/=-]{32,}")
"""What a failing secret manager's message might quote of a PAT: a ``pat_…`` word (Gandi's PAT
shape in its docs) or any long token-like run; masked although the PAT itself is unknown then."""

TOKEN_ENV = "GANDI_PERSONAL_ACCESS_TOKEN"
FILE_ENV = TOKEN_ENV + "_FILE"
COMMAND_ENV = TOKEN_ENV + "_COMMAND"
SOURCES = (TOKEN_ENV, FILE_ENV, COMMAND_ENV)
COMMAND_TIMEOUT = 120.0
"""Seconds a secret manager may take (``op`` may wait for a biometric unlock)."""


class TokenSourceError(MissingTokenError):
    """The configured source could not give a PAT (one line, nothing secret)."""


@dataclass(frozen=True)
class ResolvedToken:
    """The PAT and the variable it came from; ``repr`` never shows the value."""

    value: str
    source: str
    ignored: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"ResolvedToken(source={self.source!r}, ignored={self.ignored!r})"

    def describe(self) -> str:
        """E.g. ``from GANDI_PERSONAL_ACCESS_TOKEN_COMMAND`` (+ which others were set and ignored)."""
        extra = f"; {', '.join(self.ignored)} also set, ignored" if self.ignored else ""
        return f"from {self.source}{extra}"


_cache: dict[tuple[str, str], ResolvedToken] = {}
_lock = threading.RLock()


def configured(env: Mapping[str, str]) -> list[str]:
    """The PAT variables that are set (non-blank), in precedence order."""
    return [name for name in SOURCES if env.get(name, "").strip()]


def resolve_token(env: Mapping[str, str] | None = None) -> ResolvedToken:
    """The PAT per the precedence above; cached, so a command runs once per process.

    Raises ``TokenSourceError`` (a ``MissingTokenError``: exit 2) when none is set, the file
    cannot be read, the command fails or prints nothing.
    """
    env = os.environ if env is None else env
    names = configured(env)
    if not names:
        raise TokenSourceError(f"{TOKEN_ENV} is not set: export a Gandi personal access token (or set {FILE_ENV} "
                               f"to a file holding it, or {COMMAND_ENV} to a command printing it)")
    source = names[0]
    key = (source, env[source])
    with _lock:
        if key in _cache:
            return _cache[key]
        if source == TOKEN_ENV:
            value = env[TOKEN_ENV].strip()
        elif source == FILE_ENV:
            value = _read_file(env[FILE_ENV].strip())
        else:
            value = _run_command(env[COMMAND_ENV], env)
        check_shape(value, f"the PAT from {source}")
        resolved = ResolvedToken(value, source, tuple(names[1:]))
        _cache[key] = resolved
        remember_secret(value)  # masked in whatever a subprocess prints from now on
        return resolved


def check_shape(value: str, what: str) -> None:
    """Raise ``TokenSourceError`` unless ``value`` can be sent as a bearer token.

    It goes in the ``Authorization`` header, whose value is visible ASCII (RFC 9110 §5.5; a
    bearer token is a ``b64token``, RFC 6750 §2.1): a PAT never holds whitespace, and a character
    beyond ASCII (a typographic dash or quote pasted in) would fail in the HTTP client. The
    message names the position and the character's Unicode name, never the token.
    """
    if any(ch.isspace() for ch in value):
        raise TokenSourceError(f"{what} contains whitespace inside it: it must be the token alone, on one line")
    for index, ch in enumerate(value, 1):
        if not (ch.isascii() and ch.isprintable()):
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            raise TokenSourceError(f"{what} holds a character a PAT cannot hold at position {index} ({name}; "
                                   "a PAT is plain ASCII): copy it again from Gandi, or from your secret manager")


TOKEN_FILE_LIMIT = 64 * 1024
"""Bytes a PAT file may hold (a PAT is under 100): a FIFO, a device or a huge file is refused unread."""


def _read_file(path: str) -> str:
    try:
        value = read_input(path, TOKEN_FILE_LIMIT, pipes=True).decode("utf-8").strip()
    except InputRefused as refused:  # a device never ends; a huge file is not a PAT
        raise TokenSourceError(f"{FILE_ENV}: cannot read {path}: {refused}") from None
    except UnicodeDecodeError:
        raise TokenSourceError(f"{FILE_ENV}: {path} is not UTF-8 text") from None
    if not value:
        raise TokenSourceError(f"{FILE_ENV}: {path} is empty")
    return value


def _run_command(command: str, env: Mapping[str, str]) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise TokenSourceError(f"{COMMAND_ENV}: cannot parse the command ({exc})") from None
    if not argv:
        raise TokenSourceError(f"{COMMAND_ENV} is empty")
    child = {k: v for k, v in {**os.environ, **env}.items() if k not in SOURCES}
    try:
        done = subprocess.run(argv, env=child, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, errors="replace", timeout=COMMAND_TIMEOUT)
    except FileNotFoundError:  # a bare name is looked up on PATH; a path (``/opt/bin/rbw``, ``./x``) is not
        where = "not found" if os.sep in argv[0] else "not found on PATH"
        raise TokenSourceError(f"{COMMAND_ENV}: {argv[0]} {where}") from None
    except subprocess.TimeoutExpired:
        raise TokenSourceError(f"{COMMAND_ENV}: {argv[0]} did not finish within {COMMAND_TIMEOUT:.0f}s") from None
    except OSError as exc:
        raise TokenSourceError(f"{COMMAND_ENV}: cannot run {argv[0]}: {exc.strerror or exc}") from None
    value = done.stdout.strip()
    if done.returncode != 0:
        masked = _TOKEN_LIKE.sub(MASK, Redactor([value, *secrets_from_env(env)])(done.stderr))
        detail = " ".join(masked.split())[:300] or "no message"
        raise TokenSourceError(f"{COMMAND_ENV}: {argv[0]} failed with exit status {done.returncode}: {detail}")
    if not value:
        raise TokenSourceError(f"{COMMAND_ENV}: {argv[0]} printed nothing")
    return value


def child_token_env(env: MutableMapping[str, str]) -> None:
    """Hand the PAT to a child only as ``GANDI_PERSONAL_ACCESS_TOKEN`` (stripped).

    A plain variable wins (stripped in place). Otherwise, if this process already read the PAT
    from the file or command ``env`` names, the child gets that value and not the file/command
    variables, so it never runs the command again.
    """
    if env.get(TOKEN_ENV, "").strip():
        env[TOKEN_ENV] = env[TOKEN_ENV].strip()
        return
    names = configured(env)
    if not names:
        return
    with _lock:
        resolved = _cache.get((names[0], env[names[0]]))
    if resolved is not None:
        env[TOKEN_ENV] = resolved.value
        env.pop(FILE_ENV, None)
        env.pop(COMMAND_ENV, None)


def clear_cache() -> None:
    """Forget resolved PATs (tests)."""
    with _lock:
        _cache.clear()
    forget_secrets()
