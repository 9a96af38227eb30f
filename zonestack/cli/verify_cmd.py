"""``zonestack verify``: ask the zone's authoritative nameservers whether they answer what the file declares."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from zonestack.catalog import DEFAULT_RECORDS_DIR
from zonestack.cli.each_zone import select_or_report
from zonestack.click_types import Finite
from zonestack.gandi import GandiError
from zonestack.verify import EXIT_FAILED, Options, ServerError, ZoneReport, verify_declared
from zonestack.verify.query import TIMEOUT
from zonestack.verify.render import to_json, to_markdown, to_text
from zonestack.verify.run import PARALLEL
from zonestack.verify.servers import RESOLVE_ENV, RESOLVER_ENV, parse_resolve


@click.command("verify")
@click.option("--zone", "zone", metavar="ZONE", help="Verify only this zone (default: every records/*.yaml).")
@click.option("--nameserver", "nameservers", metavar="HOST[:PORT]", multiple=True,
              help="Ask this nameserver (repeatable). Default: the zone's LiveDNS nameservers, from the API.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--wait", type=Finite(min=0), default=0, metavar="SECONDS",
              help="Ask again about once a second until everything is as declared or SECONDS pass.")
@click.option("--delegation", is_flag=True,
              help="Check instead that the parent zone delegates the zone to its LiveDNS nameservers.")
@click.option("--parent-nameserver", "parent_nameservers", metavar="HOST[:PORT]", multiple=True,
              help="With --delegation: ask this server of the parent zone (default: found through the resolver).")
@click.option("--resolve", "resolve", metavar="NAME=HOST[:PORT]", multiple=True,
              help=f"Reach nameserver NAME (a glob such as '*.gandi.net') at this address, like curl --resolve "
                   f"(default: ${RESOLVE_ENV}).")
@click.option("--resolver", metavar="HOST[:PORT]",
              help=f"DNS server for names outside the zone: nameserver addresses, ALIAS targets, the parent zone "
                   f"(default: ${RESOLVER_ENV}, else the system's resolver).")
@click.option("--timeout", type=Finite(min=0.05), default=TIMEOUT, show_default=True, metavar="SECONDS",
              help="Per DNS exchange.")
@click.option("--parallel", type=click.IntRange(1, 64), default=PARALLEL, show_default=True,
              help="Questions in flight at once.")
@click.option("--all", "everything", is_flag=True, help="Text format: list the record sets that are ok too.")
@click.option("--records-dir", type=click.Path(path_type=Path), default=DEFAULT_RECORDS_DIR, show_default=True)
def command(zone: str | None, nameservers: tuple[str, ...], fmt: str, wait: float, delegation: bool,
            parent_nameservers: tuple[str, ...], resolve: tuple[str, ...], resolver: str | None, timeout: float,
            parallel: int, everything: bool, records_dir: Path) -> None:
    """Ask each authoritative nameserver of the zone for every declared record set and compare.

    Values are compared canonically (names without case, TXT strings joined,
    IPv6 compressed); a different TTL is reported. Results per record set and
    nameserver: ok, missing, different (declared … / answered …), server error
    (SERVFAIL/REFUSED/timeout), not checkable (an ALIAS whose target does not
    resolve from here). Ignored names are skipped. Queries go over UDP, again
    over TCP when truncated, in parallel.

    Without --zone, an invalid record file is reported (file:line) and skipped,
    the valid zones are still verified, and the exit status is non-zero.

    Exit status: 0 all as declared · 2 a mismatch (or a delegation that is not
    LiveDNS's) · 4 a nameserver unreachable · 1 other (bad record file, API
    error, bad option). Reads GANDI_PERSONAL_ACCESS_TOKEN and GANDI_URL when
    the LiveDNS nameservers are needed; never writes.
    """
    try:
        resolve_map = parse_resolve([os.environ.get(RESOLVE_ENV, ""), *resolve])
        options = Options(nameservers=nameservers, resolve=resolve_map,
                          resolver=resolver or os.environ.get(RESOLVER_ENV) or None, timeout=timeout,
                          parallel=parallel, wait=wait, delegation=delegation, parent_nameservers=parent_nameservers)
    except ServerError as exc:
        click.echo(f"verify: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    zones, reported = select_or_report("verify", zone, records_dir)
    if not zones:
        sys.exit(EXIT_FAILED)

    def progress(line: str) -> None:
        click.echo(line, err=True)

    reports: list[ZoneReport] = []
    for declared in zones:
        try:
            reports.append(verify_declared(declared, options, progress=progress if wait else None))
        except (GandiError, ServerError) as exc:
            reports.append(ZoneReport(declared.name, error=str(exc)))
    for report in reports:
        if report.error:
            click.echo(f"verify: {report.zone}: {report.error}", err=True)
        for label, why in report.unreachable.items():
            click.echo(f"verify: {report.zone}: nameserver {label} unreachable ({why})", err=True)
        if report.delegation:
            for answer in report.delegation.unreachable:
                click.echo(f"verify: {report.zone}: parent nameserver {answer.server} {answer.error}", err=True)
    answered = [r for r in reports if not r.error and (r.checks or r.delegation and not r.delegation.unreachable)]
    if fmt == "json":
        click.echo(to_json(reports), nl=False)
    elif fmt == "markdown":
        click.echo(to_markdown(reports), nl=False)
    else:
        click.echo(to_text(answered, everything=everything), nl=False)
    sys.exit(max([EXIT_FAILED if reported else 0, *(r.exit_code for r in reports)]))
