"""Each known failure becomes exactly one line naming its cause."""

from __future__ import annotations

import pytest

from zonestack.deploy.errors import FailureKind, classify

BOX = """
Planning failed. Terraform encountered an error while generating this plan.

│ Error: {msg}
│
│   with gandi_livedns_domain.zone,
│   on cdk.tf.json line 26, in resource.gandi_livedns_domain.zone:
"""


@pytest.mark.parametrize(
    ("msg", "kind", "needle"),
    [
        (
            "StatusCode: 401 ; Err: 401: The server could not verify that you authorized",
            FailureKind.UNAUTHORIZED,
            "401 Unauthorized",
        ),
        ("StatusCode: 403 ; Err: 403: Access was denied to this resource.", FailureKind.FORBIDDEN, "runbooks/rotate-pat.md"),
        ("StatusCode: 409 ; Err: 409: This record already exists", FailureKind.CONFLICT, "a record set already exists"),
        # Issue 7.4: the zone of a registered domain exists; never "a record set already exists".
        ("StatusCode: 409 ; Err: 409: The domain example.com already exists", FailureKind.CONFLICT,
         "the zone already exists at Gandi"),
        (
            "Fail to do the request (error 'Get \"http://127.0.0.1:1/v5/livedns/domains/example.com\": "
            "dial tcp 127.0.0.1:1: connect: connection refused')",
            FailureKind.UNREACHABLE,
            "the LiveDNS API at http://127.0.0.1:1 is unreachable (dial tcp 127.0.0.1:1: connect: connection refused)",
        ),
        (
            "Failed to query available provider packages",
            FailureKind.PROVIDER_UNAVAILABLE,
            "ZONESTACK_PROVIDER_MIRROR",
        ),
        ("Error acquiring the state lock", FailureKind.STATE_LOCKED, "locked by another run"),
        ("Unsupported argument", FailureKind.OTHER, "deploy: failed with exit status 1: Unsupported argument"),
    ],
)
def test_known_failures(msg: str, kind: FailureKind, needle: str) -> None:
    failure = classify(BOX.format(msg=msg), 1)
    assert failure.kind is kind
    assert needle in str(failure)
    assert "\n" not in str(failure)


def test_403_says_the_usual_cause_is_an_expired_pat() -> None:
    text = str(classify("Error: StatusCode: 403 ; Err: 403: Access was denied to this resource."))
    assert "the usual cause is an expired PAT; see runbooks/rotate-pat.md" in text


def test_timeout() -> None:
    failure = classify("...\ntimed out after 5s: npx --no-install cdktf deploy", 124)
    assert failure.kind is FailureKind.TIMEOUT
    assert str(failure) == "deploy: timed out (timed out after 5s: npx --no-install cdktf deploy)"


def test_no_error_line_falls_back_to_the_last_line() -> None:
    assert str(classify("one\ntwo\n", 7)) == "deploy: failed with exit status 7: two"


def test_backend_failure_names_the_database_error() -> None:
    out = (
        "Error: Failed to get existing workspaces: pq: duplicate key value violates unique constraint "
        '"pg_type_typname_nsp_index"\nError: terraform init failed with exit code 1'
    )
    failure = classify(out)
    assert failure.kind is FailureKind.BACKEND
    assert str(failure) == (
        "deploy: the state backend failed (ZONESTACK_BACKEND/PG_CONN_STR): pq: duplicate key value violates "
        'unique constraint "pg_type_typname_nsp_index"'
    )


def test_domain_conflict_is_not_a_record_conflict() -> None:
    failure = classify(BOX.format(msg="StatusCode: 409 ; Err: 409: The domain example.com already exists"), 1)
    assert "record set" not in failure.message
