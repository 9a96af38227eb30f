"""Secrets never survive redaction; colours are stripped."""

from __future__ import annotations

from zonestack.redact import MASK, Redactor, secrets_from_env, strip_ansi


def test_token_and_key_are_masked() -> None:
    env = {"GANDI_PERSONAL_ACCESS_TOKEN": "pat_abcdefghijklmnop", "GANDI_KEY": "key123456", "PATH": "/usr/bin"}
    redact = Redactor(secrets_from_env(env))
    assert redact("Bearer pat_abcdefghijklmnop and key123456 in /usr/bin") == f"Bearer {MASK} and {MASK} in /usr/bin"


def test_pg_password_is_masked_on_its_own() -> None:
    env = {"PG_CONN_STR": "postgres://user:s3cretpw@db:5432/x"}
    redact = Redactor(secrets_from_env(env))
    assert redact("password s3cretpw; conn postgres://user:s3cretpw@db:5432/x") == f"password {MASK}; conn {MASK}"


def test_longest_secret_first_so_nothing_leaks_partly() -> None:
    redact = Redactor(["abcdef", "abcdefghijkl"])
    assert redact("abcdefghijkl") == MASK


def test_short_values_are_not_treated_as_secrets() -> None:
    assert Redactor(["ab"])("ab cd") == "ab cd"


def test_strip_ansi() -> None:
    assert strip_ansi("\x1b[31m\x1b[1mError: \x1b[0mboom\x1b[2K\x1b[1A") == "Error: boom"


# -- every form of the PAT (issue 9 item 5) ---------------------------------------------------

import base64 as _b64  # noqa: E402
from urllib.parse import quote as _quote  # noqa: E402

import pytest  # noqa: E402

PAT = "pat_Zx9-kq_" + "A1b2C3d4E5f6G7h8I9j0/+=="[:20]


def test_a_pat_with_a_trailing_newline_is_masked_in_its_stripped_form() -> None:
    redact = Redactor(secrets_from_env({"GANDI_PERSONAL_ACCESS_TOKEN": PAT + "\n"}))
    assert redact(f"Authorization: Bearer {PAT}") == "Authorization: Bearer ***"
    assert redact(f"token={PAT}\nnext") == "token=***\nnext"


def test_a_pat_split_across_lines_or_spaced_is_masked() -> None:
    redact = Redactor([PAT])
    assert PAT[:9] not in redact(f"Bearer {PAT[:9]}\n{PAT[9:]} rest")
    assert redact(f"x {PAT[:5]} {PAT[5:]} y") == "x *** y"


def test_streamed_lines_mask_a_pat_wrapped_over_the_line_break() -> None:
    stream = Redactor([PAT]).lines()
    out = stream.feed("start") + stream.feed(f"Authorization: Bearer {PAT[:12]}") + stream.feed(f"{PAT[12:]} end")
    out += stream.feed("last") + stream.flush()
    assert out == ["start", "Authorization: Bearer *** end", "last"]
    assert all(PAT[:8] not in line and PAT[-8:] not in line for line in out)


def test_url_encoded_pat_is_masked() -> None:
    token = "pat_a/b+c=d?e&f" + "x" * 20
    encoded = _quote(token, safe="")
    assert encoded != token
    assert Redactor([token])(f"GET /x?token={encoded} HTTP/1.1") == "GET /x?token=*** HTTP/1.1"


@pytest.mark.parametrize("prefix", ["", "u", "us", "use", "user:", ":"])
def test_base64_of_the_pat_in_a_basic_header_is_masked(prefix: str) -> None:
    header = "Authorization: Basic " + _b64.b64encode((prefix + PAT + ":x").encode()).decode()
    masked = Redactor([PAT])(header)
    assert "***" in masked
    plain = _b64.b64encode(PAT.encode()).decode()
    assert plain[4:16] not in masked
