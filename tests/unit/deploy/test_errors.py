"""Each known failure becomes exactly one line naming its cause."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from zonestack.deploy.errors import Diagnostic, FailureKind, classify, explain

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
    monkeypatch.setenv("GANDI_PERSONAL_ACCESS_TOKEN", "pat_unit_" + "u" * 24)
    # `destroy` is the verb that prepares the toolchain itself (diff/deploy run `zonestack deploy`)
    result = CliRunner().invoke(command, ["destroy", "example.com", "--yes"])
    assert result.exit_code == 3
    for line in (failure, result.stderr):
        assert line.count("\n") <= 1 and "Traceback" not in line
        assert "~/.terraform.d/plugins" in line and "implied mirror directories" in line
        assert "ZONESTACK_PROVIDER_MIRROR" in line and "Terraform registry" in line


# -- Terraform's -json diagnostics (plan/apply run with -json) ------------------------------------

WWW_ADDRESS = "gandi_livedns_record.A_www"


def diagnostic(detail: str, address: str = WWW_ADDRESS, summary: str = "Error: cannot write the record set",
               severity: str = "error") -> Diagnostic:
    return Diagnostic(severity, summary, detail, address)


@pytest.mark.parametrize(("detail", "address", "kind", "line"), [
    ("StatusCode: 401 ; Err: 401: The server could not verify that you authorized", WWW_ADDRESS,
     FailureKind.UNAUTHORIZED,
     "deploy: Gandi answered 401 Unauthorized: GANDI_PERSONAL_ACCESS_TOKEN is missing, malformed or unknown to Gandi"),
    ("StatusCode: 403 ; Err: 403: Access was denied to this resource.", WWW_ADDRESS, FailureKind.FORBIDDEN,
     f"deploy: Gandi answered 403 Forbidden ({WWW_ADDRESS}): the PAT has expired or lacks the permission/domain"),
    ("StatusCode: 409 ; Err: 409: This record already exists", WWW_ADDRESS, FailureKind.CONFLICT,
     f"deploy: Gandi answered 409 Conflict ({WWW_ADDRESS}): a record set already exists at Gandi but not in the state"),
    ("StatusCode: 409 ; Err: 409: The domain example.com already exists", "gandi_livedns_domain.zone",
     FailureKind.CONFLICT,
     "deploy: Gandi answered 409 Conflict (gandi_livedns_domain.zone): the zone already exists at Gandi"),
    ("StatusCode: 429 ; Err: 429: Too Many Requests", WWW_ADDRESS, FailureKind.RATE_LIMITED,
     f"deploy: Gandi answered 429 Too Many Requests ({WWW_ADDRESS}) after every retry: lower ZONESTACK_RATE_LIMIT"),
    ("StatusCode: 429 ; Err: 429: GET /v5/livedns/domains/example.com/records/www/A: no request slot within 3.5s at "
     "26/min (Gandi asked to wait, or the pace is too low for the provider's parallelism)", WWW_ADDRESS,
     FailureKind.RATE_LIMITED,
     f"deploy: zonestack's pacing proxy had no request slot for the provider ({WWW_ADDRESS}) within 3.5s (go-gandi "
     "gives a request 5 s in all) at 26/min, the pace left after Gandi refused requests"),
])
def test_explain_reads_the_diagnostics_and_names_the_address(detail: str, address: str, kind: FailureKind,
                                                             line: str) -> None:
    failure = explain([diagnostic("", summary="Warning: deprecated", severity="warning"),
                       diagnostic(detail, address)], output="Terraform's boxed text is not read", returncode=1)
    assert failure.kind is kind
    assert str(failure).startswith(line)
    assert "\n" not in str(failure)
    if kind is FailureKind.CONFLICT:
        assert "`zonestack adopt --zone <zone>`" in str(failure)  # the caller puts the zone in


def test_explain_names_the_first_errors_address_and_none_without_one() -> None:
    two = explain([diagnostic("StatusCode: 403 ; Err: 403: denied", "gandi_livedns_record.MX_APEX"),
                   diagnostic("StatusCode: 403 ; Err: 403: denied")])
    assert "(gandi_livedns_record.MX_APEX)" in str(two) and WWW_ADDRESS not in str(two)
    anonymous = explain([diagnostic("StatusCode: 403 ; Err: 403: denied", address="")])
    assert str(anonymous).startswith("deploy: Gandi answered 403 Forbidden: ")


def test_explain_without_error_diagnostics_reads_the_output() -> None:
    output = BOX.format(msg="Error acquiring the state lock")
    assert explain([], output, 1) == classify(output, 1)
    assert explain([diagnostic("x", severity="warning")], output, 1).kind is FailureKind.STATE_LOCKED


def test_a_failed_json_run_is_one_step_line_from_its_diagnostics(tmp_path: Path) -> None:
    """Terraform run with -json: its messages are streamed as text, its diagnostics explain the failure."""
    import json
    import stat

    from zonestack.deploy.terraform import StepError, Terraform

    lines = [{"@level": "info", "@message": "Terraform 1.11.4", "type": "version", "terraform": "1.11.4"},
             {"@level": "info", "@message": "gandi_livedns_record.A_www: Creating...", "type": "apply_start"},
             {"@level": "error", "@message": "Error: cannot create", "type": "diagnostic", "diagnostic": {
                 "severity": "error", "summary": "cannot create",
                 "detail": "StatusCode: 409 ; Err: 409: This record already exists", "address": WWW_ADDRESS}}]
    script = tmp_path / "terraform"
    script.write_text("#!/bin/sh\ncat <<'EOF'\n" + "\n".join(json.dumps(x) for x in lines) + "\nEOF\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    shown: list[str] = []
    tf = Terraform("example.org", tmp_path, {"TERRAFORM_BINARY_NAME": str(script)}, echo=shown.append)
    with pytest.raises(StepError) as failed:
        tf.apply("zonestack-x.tfplan")
    message = str(failed.value)
    assert message.startswith(f"example.org: terraform apply failed: Gandi answered 409 Conflict ({WWW_ADDRESS}): ")
    assert "`zonestack adopt --zone example.org`" in message and "<zone>" not in message
    assert "\n" not in message
    assert shown == ["gandi_livedns_record.A_www: Creating...", "Error: cannot create"]  # not the version line
