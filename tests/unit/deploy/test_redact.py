"""Secrets never survive redaction; colours are stripped."""

from __future__ import annotations

from zonestack.deploy.redact import MASK, Redactor, secrets_from_env, strip_ansi


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
