"""Each known failure becomes exactly one line naming its cause."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

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


# -- issue 9 item 3: every error shape ends in one line naming its cause ----------------------

CDKTF_PREFIXED = """example.com  Initializing the backend...
example.com  ╷
             │ Error: StatusCode: 403 ; Err: 403: Access was denied to this resource.
example.com  │
example.com  │   with gandi_livedns_record.A_www,
example.com  │   on cdk.tf.json line 40, in resource.gandi_livedns_record.A_www:
example.com  ╵
"""


def test_cdktf_prefixed_lines_name_zone_and_record_set() -> None:
    failure = classify(CDKTF_PREFIXED.replace("             │ Error", "example.com  │ Error"))
    assert failure.kind is FailureKind.FORBIDDEN
    assert str(failure).startswith("deploy: example.com: Gandi answered 403 Forbidden (gandi_livedns_record.A_www)")
    assert "\n" not in str(failure)


def test_go_gandi_not_json_403_is_a_waf_not_an_expired_pat() -> None:
    failure = classify(BOX.format(msg="Response body is not json for status 403"))
    assert failure.kind is FailureKind.FORBIDDEN
    assert "proxy or WAF" in str(failure) and "expired" not in str(failure)


def test_proxied_html_403_is_a_waf() -> None:
    msg = ("StatusCode: 403 ; Err: 403: Forbidden: the answer was text/html, 81 bytes, not Gandi's JSON "
           "(a proxy or WAF in front of the API?)")
    assert "from something in front of Gandi" in str(classify(BOX.format(msg=msg)))


def test_refused_redirect_is_named() -> None:
    msg = ("StatusCode: 421 ; Err: 421: GET /v5/livedns/domains/example.com: Gandi answered 301 redirecting to "
           "https://elsewhere.test/x (another origin: the PAT is never sent there); check GANDI_URL")
    failure = classify(BOX.format(msg=msg))
    assert failure.kind is FailureKind.REDIRECT and "Gandi answered 301 redirecting" in str(failure)


def test_5xx_names_the_status() -> None:
    failure = classify(BOX.format(msg="StatusCode: 500 ; Err: 500: The server has either erred"))
    assert str(failure).startswith("deploy: Gandi answered 500 (gandi_livedns_domain.zone): The server has either erred")


def test_proxy_could_not_reach_gandi_is_unreachable() -> None:
    msg = ("StatusCode: 502 ; Err: 502: cannot reach the Gandi API at http://127.0.0.1:9 "
           "(Connection refused); check GANDI_URL")
    assert classify(BOX.format(msg=msg)).kind is FailureKind.UNREACHABLE


def test_timeout_of_the_http_client_is_unreachable() -> None:
    msg = ("Fail to do the request (error 'Get \"http://127.0.0.1:5/v5/livedns/domains/example.com\": "
           "context deadline exceeded (Client.Timeout exceeded while awaiting headers)')")
    assert classify(BOX.format(msg=msg)).kind is FailureKind.UNREACHABLE


def test_zone_409_is_not_a_record_set_conflict() -> None:
    failure = classify(BOX.format(msg="StatusCode: 409 ; Err: 409: domain already exists"))
    assert "the zone already exists" in str(failure) and "record set" not in str(failure)
    record = classify(BOX.format(msg="StatusCode: 409 ; Err: 409: This record already exists").replace(
        "gandi_livedns_domain.zone", "gandi_livedns_record.A_www"))
    assert "a record set already exists" in str(record) and "gandi_livedns_record.A_www" in str(record)


def test_tf_log_lines_do_not_change_the_verdict() -> None:
    log = ("2026-11-30T12:00:00.000Z [DEBUG] provider.terraform-provider-gandi: StatusCode: 404 ; Err: 404: "
           "Can't find the DNS record www/A in the zone\n"
           "2026-11-30T12:00:00.100Z [ERROR] vertex \"gandi_livedns_record.A_www\" error: boom\n")
    failure = classify(log + BOX.format(msg="StatusCode: 403 ; Err: 403: Access was denied to this resource.") + log)
    assert failure.kind is FailureKind.FORBIDDEN


def test_api_client_errors_read_like_terraform_ones() -> None:
    from zonestack.deploy.errors import failure_for
    from zonestack.gandi import ForbiddenError, UnauthorizedError

    unknown = UnauthorizedError("GET /v5/livedns/domains/x/records: 401 Unauthorized: the token is malformed", status=401)
    assert str(failure_for(unknown)) == str(classify(BOX.format(msg="StatusCode: 401 ; Err: 401: x")))
    expired = ForbiddenError("GET /v5/livedns/domains/x/records: 403 Forbidden: expired PAT", status=403)
    assert failure_for(expired).kind is FailureKind.FORBIDDEN and "rotate-pat" in str(failure_for(expired))


def test_provider_help_names_every_way_set_up_gets_the_provider(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Set-up finds the provider in Terraform's implied mirror directories too (toolchain/mirrors.py):
    both the deploy failure and the run that cannot prepare say so, on one line."""
    from click.testing import CliRunner

    from zonestack.deploy.__main__ import command

    failure = str(classify(BOX.format(msg="Failed to query available provider packages"), 1))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("zonestack.deploy.__main__.prepare", lambda: SimpleNamespace(exit_code=3))
    result = CliRunner().invoke(command, ["synth"])
    assert result.exit_code == 3
    for line in (failure, result.stderr):
        assert line.count("\n") <= 1 and "Traceback" not in line
        assert "~/.terraform.d/plugins" in line and "implied mirror directories" in line
        assert "ZONESTACK_PROVIDER_MIRROR" in line and "Terraform registry" in line
