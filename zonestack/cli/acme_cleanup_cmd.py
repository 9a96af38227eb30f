"""``zonestack acme-cleanup``: remove ``_acme-challenge`` TXT values DNS-01 bots left behind."""

from __future__ import annotations

import json
import sys

import click

from zonestack.acme.apply import apply_cleanup
from zonestack.acme.orphans import Cleanup, plan_cleanup
from zonestack.cli.each_zone import ZoneLoop, select_or_report
from zonestack.gandi import GandiError, LiveDNSClient
from zonestack.model import Zone

_VERBS = {"put": ("would remove", "removed"), "delete": ("would delete the record set;", "deleted the record set;")}


@click.command("acme-cleanup")
@click.option("--zone", metavar="ZONE", help="Only this zone (default: every records/*.yaml).")
@click.option("--doit", is_flag=True, help="Really remove the values (default: dry run, nothing is written).")
@click.option("--keep", "keep", multiple=True, metavar="TOKEN",
              help="A challenge value to keep (plain text; repeatable), e.g. one being validated now.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan (and outcome) as JSON.")
def command(zone: str | None, doit: bool, keep: tuple[str, ...], as_json: bool) -> None:
    """Find (and with --doit remove) orphaned _acme-challenge[.*] TXT values.

    libdns/gandi (Caddy) never removes a challenge value once the record set
    holds two, so tokens pile up. Every value of an undeclared
    _acme-challenge* TXT record set counts as an orphan; declared record sets
    are never touched. Gandi keeps no timestamps, so there is no
    --keep-newer-than: run this when no certificate issuance is in progress,
    or name the live token with --keep.

    Exit status: 0 nothing to remove or removed, 2 dry run found orphans, 1 error.
    """
    zones, reported = select_or_report("acme-cleanup", zone)
    loop = ZoneLoop("acme-cleanup")
    report: list[dict[str, object]] = []
    found = empties = 0
    try:
        with LiveDNSClient() as client:
            for declared in zones:
                def one(declared: Zone = declared) -> tuple[list[Cleanup], int]:
                    plan = plan_cleanup(declared, client.list_rrsets(declared.name), keep)
                    return plan, apply_cleanup(client, declared.name, plan) if doit else 0
                done = loop.run(declared.name, one)
                if done is None:
                    report.append({"zone": declared.name, "error": True})
                    continue
                plan, removed = done
                found += sum(len(c.orphans) for c in plan if c.action in _VERBS)
                empties += sum(1 for c in plan if c.empty and c.action == "delete")
                report.append({"zone": declared.name, "rrsets": [c.to_dict() for c in plan], "removed": removed})
                if not as_json:
                    _print_zone(declared.name, plan, doit)
    except GandiError as exc:  # no client at all (e.g. no PAT)
        click.echo(f"acme-cleanup: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps({"doit": doit, "orphans": found, "empty_rrsets": empties, "zones": report}, indent=2))
    elif len(loop.failed) < len(zones):  # a count over no zone at all would only hide the failure line
        verb = "removed" if doit else "would remove"
        sets = f" and {empties} empty record set(s)" if empties else ""
        click.echo(f"acme-cleanup: {verb} {found} orphan value(s){sets}" + ("" if doit else " (dry run; add --doit)"))
    summary = loop.summary(len(zones))
    if summary:
        click.echo(summary, err=True)
    sys.exit(1 if reported or loop.failed else 2 if (found or empties) and not doit else 0)


def _print_zone(zone: str, plan: list[Cleanup], doit: bool) -> None:
    for item in plan:
        label = f"{zone}: {item.name} TXT"
        if item.action == "skip":
            click.echo(f"{label}: declared in the record file, left alone")
        elif item.empty:
            click.echo(f"{label}: {'deleted' if doit else 'would delete'} the empty record set (no values left)")
        elif item.action == "none":
            click.echo(f"{label}: nothing to remove ({len(item.keep)} value(s) kept)")
        else:
            verb = _VERBS[item.action][1 if doit else 0]
            click.echo(f"{label}: {verb} {len(item.orphans)} value(s): {', '.join(item.orphans)}")
