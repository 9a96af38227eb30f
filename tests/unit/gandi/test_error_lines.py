"""Every command that talks to Gandi ends a failure with a line naming the cause, whatever the answer (issue 9 item 3).

A 3xx used to crash ``audit``, ``import gandi`` and ``acme-cleanup`` with a traceback while
``token check`` said ok; an HTML 403 from a WAF was blamed on the PAT.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonestack.cli import main

from .conftest import PAT
from .scripted import HTML_403, Reply, scripted

RECORDS = "zone: example.com\nrecords:\n  - {name: www, type: A, values: [192.0.2.1]}\n"
COMMANDS = {
    "audit": ["audit"],
    "import gandi": ["import", "gandi", "--zone", "example.com", "--out", "{out}"],
    "acme-cleanup": ["acme-cleanup"],
    "token check": ["token", "check"],
    "snapshot list": ["snapshot", "list", "--zone", "example.com"],
}
ANSWERS = {
    "redirect elsewhere": (Reply(301, b"", {"Location": "https://elsewhere.test/v5/livedns/domains"}), "another origin"),
    "html 403": (HTML_403, "in front of Gandi"),
    "html 500": (Reply(500, b"<html>oops</html>", {"Content-Type": "text/html"}), "500"),
}


@pytest.mark.parametrize("answer", sorted(ANSWERS))
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_one_line_no_traceback(name: str, answer: str, tmp_path: Path) -> None:
    reply, needle = ANSWERS[answer]
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "example.com.yaml").write_text(RECORDS)
    args = [a.replace("{out}", str(tmp_path / "out")) for a in COMMANDS[name]]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with scripted(Reply(reply.status, reply.body, reply.headers)) as api:
            result = CliRunner().invoke(main, args, env={"GANDI_URL": api.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
                                                          "ZONESTACK_RATE_LIMIT": "60000"})
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code != 0
    last = [line for line in result.output.splitlines() if line.strip()][-1]
    assert needle in last, result.output  # the run ends with the cause (audit prints its report first)
    assert "Traceback" not in result.output and PAT not in result.output
