"""``zonestack import``: adopt an existing zone as a record file.

``import bind FILE --zone Z`` reads a zone file (exports from Cloudflare, Route 53
via cli53, GoDaddy, Gandi, ``dig AXFR`` output); ``import gandi --zone Z`` reads
the live zone and its settings and also writes ``imports/Z.json`` so the first
deploy adopts the existing objects instead of creating them. Both put
``_acme-challenge*`` under ``ignore:``, say every change they make as a note,
refuse to overwrite ``records/Z.yaml`` without ``--force``, validate the result
with the real loader and write nothing unless everything is right (exit 1 with
one line per problem). The same data gives the same file from either source.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from zonestack import atomic
from zonestack.catalog import record_file
from zonestack.gandi import GandiError, LiveDNSClient, NotFoundError, RateLimitedError
from zonestack.gandi.exitcodes import exit_code_for
from zonestack.importers.assemble import Assembled, assemble
from zonestack.importers.bindfile import ZoneFileRead, read_zone
from zonestack.importers.live import (
    DEFAULT_IGNORE,
    canonical_sources,
    import_plan,
    live_records,
    round_trip_problems,
    zone_settings,
)
from zonestack.importers.route53 import read_route53
from zonestack.importers.rules import Classified, classify, load_rules
from zonestack.importers.source import ImportProblem
from zonestack.imports_plan import DEFAULT_IMPORTS_DIR, plan_path
from zonestack.names import zone_origin
from zonestack.progress import progress
from zonestack.rule_registry import ZONE_FILE

#: Where record files go unless --out says otherwise (relative to the project root).
DEFAULT_RECORDS_DIR = Path("records")


def _fail(*lines: str, code: int = 1) -> NoReturn:
    for line in lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(code)


def _zone_name(raw: str) -> str:
    try:
        zone = zone_origin(raw).to_text(omit_final_dot=True)
    except Exception:  # dnspython raises many types for bad names
        _fail(f"--zone {raw!r} is not a valid domain name")
    if "." not in zone:
        _fail(f"--zone {raw!r} must have at least two labels")
    return zone


def _refuse_overwrite(paths: list[Path], force: bool) -> None:
    existing = [str(p) for p in paths if p.exists()]
    if existing and not force:
        _fail(f"{existing[0]} already exists; use --force to overwrite it")


def _report(result: Assembled) -> None:
    for note in result.notes:
        click.echo(f"note: {note}")
    if result.problems:
        _fail(*result.problems, f"{len(result.problems)} problem(s); nothing written")


def _report_ignored(result: Assembled) -> None:
    for record in result.ignored:
        click.echo(f"ignored: {record.name} {record.type} (matches ignore: {', '.join(DEFAULT_IGNORE)})")


def _inventory(zone_file: Path, count: int, classified: Classified, result: Assembled) -> None:
    """The runbook's inventory: counts per rule action, then every record set with its file line, and
    whether it reached the record file (a kept set may still be left out: see the note at its line)."""
    counts = classified.counts
    click.echo(f"inventory: {count} record set(s) in {zone_file}: keep {counts['keep']}, "
               f"rename {counts['rename']}, drop {counts['drop']}")
    written = {r.where for r in result.records}
    ignored = {r.where for r in result.ignored}
    for decision in classified.decisions:
        where = decision.before.where
        if decision.action == "drop" or where in written or result.problems:
            suffix = ""
        elif where in ignored:
            suffix = f"; not written: matches ignore ({', '.join(DEFAULT_IGNORE)})"
        else:
            suffix = "; not written: see the notes"
        click.echo(f"  {decision.line}{suffix}")


@click.group("import")
def command() -> None:
    """Adopt an existing zone (BIND file or live Gandi zone) as records/<zone>.yaml."""


def _file_options(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The options every file importer takes (``--zone``, ``--rules``, ``--out``, ``--force``, ``--mode``)."""
    def wrap(function: Callable[..., None]) -> Callable[..., None]:
        options = [
            click.option("--zone", "zone_raw", required=True, help="Zone name, e.g. example.com."),
            click.option("--rules", "rules_path", type=click.Path(dir_okay=False, path_type=Path),
                         help="YAML rules to keep/rename/drop/retype records (see zonestack.importers.rules)."),
            click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                         default=DEFAULT_RECORDS_DIR, show_default=True, help="Directory for the record file."),
            click.option("--force", is_flag=True, help="Overwrite an existing record file."),
            click.option("--mode", type=click.Choice(["additive", "authoritative"]), default="additive",
                         show_default=True,
                         help=f"The record file's mode. A migration imports the whole zone from {what}: "
                              "authoritative makes the deploy delete what Gandi holds beyond it (its default mail "
                              "records, parking page)."),
        ]
        for option in reversed(options):
            function = option(function)
        return function
    return wrap


@command.command("bind")
@click.argument("zone_file", type=click.Path(dir_okay=False, path_type=Path))
@_file_options("the zone file")
@click.option("--include-dir", "include_dirs", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder $INCLUDE may also read from (repeatable); by default only the zone file's folder.")
def bind(zone_file: Path, zone_raw: str, rules_path: Path | None, out_dir: Path, force: bool, mode: str,
         include_dirs: tuple[Path, ...]) -> None:
    """Import a zone file (Cloudflare, Route 53, GoDaddy, Gandi export, dig AXFR) into OUT/ZONE.yaml.

    At most 16 MiB are read (with $INCLUDEd files) and 50,000 records made (with $GENERATE).
    $INCLUDE reads regular files inside the zone file's folder (and --include-dir folders) only.
    """
    zone = _zone_name(zone_raw)
    _write_imported(lambda: read_zone(zone_file, zone, include_dirs=include_dirs), zone_file, zone, rules_path,
                    out_dir, force, mode, "import bind")


@command.command("route53")
@click.argument("listing", type=click.Path(dir_okay=False, path_type=Path))
@_file_options("the listing")
def route53(listing: Path, zone_raw: str, rules_path: Path | None, out_dir: Path, force: bool, mode: str) -> None:
    """Import Route 53's JSON listing (aws route53 list-resource-record-sets) into OUT/ZONE.yaml.

    Octal escapes (\\052 = *) are read as Route 53 means them; an alias becomes an ALIAS at the
    apex and a CNAME below it; the values of routed sets (weighted, latency, ...) are merged.
    """
    zone = _zone_name(zone_raw)
    _write_imported(lambda: read_route53(listing, zone), listing, zone, rules_path, out_dir, force, mode,
                    "import route53")


def _write_imported(read_source: Callable[[], ZoneFileRead], source: Path, zone: str, rules_path: Path | None,
                    out_dir: Path, force: bool, mode: str, how: str) -> None:
    """Read, classify by the rules, assemble, report, and write ``OUT/ZONE.yaml`` only if nothing failed."""
    target = record_file(out_dir, zone)
    _refuse_overwrite([target], force)
    try:
        read = read_source()
        rules = load_rules(rules_path) if rules_path else []
        classified = classify(read.records, rules)
    except ImportProblem as problem:
        count = [f"{len(problem.lines)} problem(s); nothing written"] if len(problem.lines) > 1 else []
        _fail(*problem.lines, *count)
    result = assemble(zone, classified.records, ignore=DEFAULT_IGNORE, shown=str(target), mode=mode,
                      source=f"Imported from {source.name} by `zonestack {how}`.")
    _inventory(source, len(read.records), classified, result)
    result.notes[:0] = read.notes
    if not result.records and not result.problems:
        result.problems.append(
            f"{source}:1: no record set to import ({len(read.records)} read, none kept: an empty or failed "
            "export, or only what Gandi manages); an empty record file "
            + ("in authoritative mode would delete every record at the zone" if mode == "authoritative"
               else "manages nothing") + f" [{ZONE_FILE.id}]")
    _report(result)
    _report_ignored(result)
    assert result.rendered is not None
    atomic.write_text(target, result.rendered.text)
    click.echo(f"wrote {target} ({len(result.records)} record set(s))")


@command.command("gandi")
@click.option("--zone", "zone_raw", required=True, help="Zone name, e.g. example.com.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory for the record file and, unless --imports-dir, the import plan "
                   "[default: records/ and imports/].")
@click.option("--imports-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory for the import plan [default: --out if given, else imports/].")
@click.option("--force", is_flag=True, help="Overwrite an existing record file and import plan.")
def gandi(zone_raw: str, out_dir: Path | None, imports_dir: Path | None, force: bool) -> None:
    """Import the live Gandi zone into OUT/ZONE.yaml plus an import plan.

    With --out and no --imports-dir both files go to OUT, so a trial import
    leaves the project's records/ and imports/ untouched.
    Uses GANDI_URL (default https://api.gandi.net) and GANDI_PERSONAL_ACCESS_TOKEN.
    """
    zone = _zone_name(zone_raw)
    plans = imports_dir if imports_dir is not None else out_dir if out_dir is not None else DEFAULT_IMPORTS_DIR
    target, plan_file = record_file(out_dir or DEFAULT_RECORDS_DIR, zone), plan_path(zone, plans)
    _refuse_overwrite([target, plan_file], force)
    try:
        with LiveDNSClient() as client, progress(f"import gandi: listing {zone}") as bar:
            domain = client.get_domain(zone)
            rrsets = client.list_rrsets(zone)
            bar.advance(f"{len(rrsets)} record set(s)", steps=len(rrsets))
    except NotFoundError:
        _fail(f"zone {zone} does not exist at Gandi")
    except RateLimitedError as exc:
        wait = f" (retry after {exc.retry_after:g}s)" if exc.retry_after is not None else ""
        _fail(f"Gandi's rate limit was hit while listing {zone}{wait}; nothing written")
    except GandiError as exc:
        _fail(str(exc), code=exit_code_for(exc))
    sources, canonical_notes, value_problems = canonical_sources(live_records(rrsets), zone, DEFAULT_IGNORE)
    if value_problems:
        _fail(*value_problems, f"{len(value_problems)} problem(s); nothing written")
    result = assemble(zone, sources, ignore=DEFAULT_IGNORE, shown=str(target), clamp_ttl=False,
                      settings=zone_settings(domain),
                      source="Imported from the live Gandi zone by `zonestack import gandi`.")
    result.notes.extend(canonical_notes)
    if result.loaded is not None and result.loaded.settings.automatic_snapshots is False:
        result.notes.append("automatic snapshots are off for this zone: kept as settings.automatic_snapshots: false")
    _report(result)
    assert result.rendered is not None and result.loaded is not None
    mismatches = round_trip_problems(result.records, result.loaded)
    if mismatches:
        _fail(*mismatches, f"{len(mismatches)} record set(s) would not round-trip exactly; nothing written")
    _report_ignored(result)
    plan = import_plan(zone, result.records)
    atomic.write_all({target: result.rendered.text, plan_file: plan.to_json()})
    click.echo(f"wrote {target} ({len(result.records)} record set(s)) and {plan_file} "
               f"({len(plan.records)} record import(s) + the zone)")
