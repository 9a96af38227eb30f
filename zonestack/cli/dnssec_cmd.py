"""``zonestack dnssec``: after the flip, LiveDNS signs the zone, the DS goes to the registry as a gated
plan, and the chain of trust is proven over DNS."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from zonestack.cli.each_zone import select_or_report
from zonestack.cli.gated import (
    EXIT_FAILED,
    EXIT_NOT_YET,
    EXIT_OK,
    EXIT_REFUSED,
    GatedRun,
    apply,
    ask_go,
    gated_options,
    plan_delegation,
)
from zonestack.click_types import Finite
from zonestack.cutover import ds_memory
from zonestack.cutover.parent import observe_parent
from zonestack.cutover.plan import key_changes, read_plan
from zonestack.cutover.preflight import Check
from zonestack.gandi import GandiError, LiveDNSClient
from zonestack.gandi.signing_key import SigningKey
from zonestack.model import Zone
from zonestack.registry_keys import RegistryKey, RegistryKeysError, keys_path, load_keys, save_keys
from zonestack.settings import IMPORTS_DIR
from zonestack.verify.delegation import parent_servers
from zonestack.verify.dnssec_chain import ChainReport, Step, prove_chain, zone_steps
from zonestack.verify.livedns import livedns_nameservers
from zonestack.verify.servers import (
    RESOLVE_ENV,
    RESOLVER_ENV,
    Lookup,
    Nameserver,
    ServerError,
    nameservers,
    parse_resolve,
)

#: Seconds between two rounds of asking while waiting (signing served, DS published).
POLL = 2.0


@click.command("dnssec")
@click.option("--zone", "zone_name", required=True, metavar="ZONE", help="The zone to sign.")
@click.option("--wait", type=Finite(min=0), default=0, metavar="SECONDS",
              help="Ask again until LiveDNS serves the signed zone, and after the apply until the chain is "
                   "proven, or SECONDS pass.")
@gated_options
def command(zone_name: str, yes: bool, wait: float, report: Path | None, parent_nameservers: tuple[str, ...],
            resolve: tuple[str, ...], resolver: str | None, timeout: float, records_dir: Path,
            state_dir: Path) -> None:
    """Sign the zone at LiveDNS, publish its DS at the registry, prove the chain of trust.

    Needs `delegation: {registrar: gandi, dnssec: true}` in the zone's record
    file, and the cutover done. Pre-flight, one line each with its evidence:
    delegation (the parent delegates to LiveDNS), ns-ttl (the old delegation's
    NS TTL has passed since the cutover's flip: resolvers no longer ask the old
    nameservers). Then LiveDNS signs the zone with a key-signing key (created if
    there is none: safe, nothing validates it before a DS exists), every LiveDNS
    nameserver must serve the signed zone, the key is written to
    imports/<zone>.dnssec.json (commit it), and the plan of the delegation
    stack (`gandi_dnssec_key`: the DS at the registry) is applied only with
    --yes or when the zone name is typed at a terminal. Last, the chain is
    proven over DNS: the parent's DS matches the DNSKEY that signs the DNSKEY
    rrset, and the SOA, every declared set and a denial validate at every
    LiveDNS nameserver.

    Exit status: 0 the chain is proven · 1 an error (record file, API,
    Terraform) · 2 not yet (LiveDNS does not serve the signed zone yet, or the
    parent does not serve the DS yet: try a longer --wait) · 3 refused by a
    pre-flight check or the plan (nothing changed) · 4 no go (plan shown,
    nothing changed). Reads GANDI_PERSONAL_ACCESS_TOKEN and GANDI_URL; the
    report never holds them.
    """
    run = GatedRun("dnssec", zone_name, report, "DNSSEC", "Chain of trust")
    zones, reported = select_or_report("dnssec", zone_name, records_dir, state_dir)
    if reported or not zones:
        run.end(EXIT_FAILED, "the record file is not valid (see above); nothing changed")
    zone = zones[0]
    if zone.delegation is None or not zone.delegation.dnssec:
        run.end(EXIT_FAILED, f"{zone.path or zone.name} has no `delegation: {{registrar: gandi, dnssec: true}}`: "
                "add it (after the cutover) to sign the zone and publish its DS; nothing changed")
    deadline = time.monotonic() + wait
    try:
        lookup = Lookup(parse_resolve([os.environ.get(RESOLVE_ENV, ""), *resolve]),
                        resolver or os.environ.get(RESOLVER_ENV) or None)
        with LiveDNSClient() as client:
            livedns = livedns_nameservers(client, zone.name)
            _preflight(run, zone, lookup, parent_nameservers, livedns, state_dir, timeout, deadline)
            key = _signing_key(run, client, zone.name, _committed(zone.name))
        servers, failed = nameservers(livedns, lookup)
        parents = _parent_servers(zone.name, lookup, parent_nameservers)
    except (GandiError, ServerError) as exc:
        run.end(EXIT_FAILED, f"{zone.name}: {exc}; nothing changed at the registry")
    if failed:
        run.end(EXIT_FAILED, f"{zone.name}: LiveDNS nameserver not found: {', '.join(failed)}")
    registry_key = RegistryKey(key.algorithm, "ksk", key.public_key, key.id)
    _served(run, zone.name, registry_key, servers, deadline, timeout)
    _write_key(run, zone.name, registry_key)
    _publish(run, zone, yes)
    chain = _prove(zone, parents, servers, deadline, timeout)
    run.record.delegation = [s.line() for s in chain.steps]
    for step in chain.steps:
        click.echo(f"chain: {step.line()}")
    if chain.ok:
        run.end(EXIT_OK, f"{zone.name}: {chain.summary()}")
    run.end(EXIT_NOT_YET, f"{zone.name}: {chain.summary()}; the registry may not have published the DS yet: "
            f"`zonestack dnssec --zone {zone.name} --wait 600` asks again")


def _preflight(run: GatedRun, zone: Zone, lookup: Lookup, given: tuple[str, ...], livedns: list[str],
               state_dir: Path, timeout: float, deadline: float) -> None:
    """delegation and ns-ttl, printed; refuses (exit 3) when one fails. A wait for the NS TTL that ends
    before ``deadline`` (``--wait``) is waited out instead."""
    flipped, ns_ttl = ds_memory.recall(state_dir, zone.name, ds_memory.FLIP)
    left = (flipped + ns_ttl - time.time()) if flipped is not None and ns_ttl is not None else 0.0
    if 0 < left <= deadline - time.monotonic():
        click.echo(f"dnssec {zone.name}: waiting {left:.0f} s for the old delegation's NS TTL to pass", err=True)
        time.sleep(left)
    view = observe_parent(zone.name, lookup, given, timeout)
    want = sorted(livedns)
    if sorted(view.delegated_to) == want:
        delegation = Check("delegation", True, f"the parent delegates to LiveDNS ({', '.join(want)})")
    else:
        delegation = Check("delegation", False, f"the parent delegates to {', '.join(view.delegated_to) or 'nothing'}, "
                           f"not LiveDNS ({', '.join(want)})",
                           f"flip first: `zonestack cutover --zone {zone.name}`")
    if flipped is None or ns_ttl is None:
        ns_check = Check("ns-ttl", True, "no flip recorded on this machine (flipped earlier or elsewhere)")
    else:
        left = flipped + ns_ttl - time.time()
        ns_check = Check("ns-ttl", left <= 0,
                         f"flipped {time.time() - flipped:.0f} s ago; the old delegation's NS TTL is {ns_ttl} s"
                         + (f": resolvers may ask the old nameservers for {left:.0f} s more" if left > 0 else ""),
                         f"wait {left:.0f} s, then run again" if left > 0 else "")
    run.refuse_if_failed([run.check(delegation), run.check(ns_check)], zone.name)


def _committed(zone: str) -> tuple[RegistryKey, ...]:
    """The keys of ``imports/<zone>.dnssec.json``; () when there is none or it is unreadable (this run
    writes it again)."""
    try:
        return load_keys(IMPORTS_DIR, zone)
    except RegistryKeysError:
        return ()


def pick_signing_key(keys: list[SigningKey], committed: tuple[RegistryKey, ...]) -> SigningKey | None:
    """The active key-signing key to publish: the one the key file already names when it is still active
    (so a second key at LiveDNS never swaps the published DS for whichever the API lists first: a
    rollover is a step of its own, RFC 6781 §4.1.2), else the first active one; None when there is none."""
    active = [k for k in keys if k.active and k.is_ksk]
    named = {k.livedns_key for k in committed if k.livedns_key}
    return next((k for k in active if k.id in named), active[0] if active else None)


def _signing_key(run: GatedRun, client: LiveDNSClient, zone: str, committed: tuple[RegistryKey, ...]) -> SigningKey:
    """LiveDNS's active key-signing key for ``zone`` (``pick_signing_key``; created when there is none),
    with its public key."""
    chosen = pick_signing_key(client.signing_keys(zone), committed)
    created = chosen is None
    key_id = chosen.id if chosen is not None else client.sign_zone(zone)
    key = client.signing_key(zone, key_id)
    if not key.public_key:
        raise GandiError(f"GET /v5/livedns/domains/{zone}/keys/{key_id}: no public_key in the answer")
    tag = RegistryKey(key.algorithm, "ksk", key.public_key).key_tag()
    run.check(Check("signing", True, f"LiveDNS {'now signs' if created else 'signs'} the zone with key-signing key "
                    f"{tag} (algorithm {key.algorithm}{', created now' if created else ''})"))
    return key


def _parent_servers(zone: str, lookup: Lookup, given: tuple[str, ...]) -> list[Nameserver]:
    if given:
        servers, failed = nameservers(list(given), lookup)
        if failed:
            raise ServerError(f"parent nameserver not found: {', '.join(failed)}")
        return servers
    return parent_servers(zone, lookup)[1]


def _ds_text(zone: str, key: RegistryKey) -> str:
    import dns.dnssec  # noqa: PLC0415
    import dns.name  # noqa: PLC0415

    return dns.dnssec.make_ds(dns.name.from_text(zone), key.dnskey(), "SHA256").to_text()


def _served(run: GatedRun, zone: str, key: RegistryKey, servers: list[Nameserver], deadline: float,
            timeout: float) -> None:
    """Every LiveDNS nameserver serves the zone signed by ``key`` (asked again until ``deadline``)."""
    expected = [_ds_text(zone, key)]
    for _ in range(10_000):  # bounded by the deadline; the count only guards against a clock that stops
        steps = [s for server in servers for s in zone_steps(zone, server, expected, (), timeout)]
        bad = [s for s in steps if not s.ok]
        if not bad or time.monotonic() >= deadline:
            break
        time.sleep(min(POLL, max(deadline - time.monotonic(), 0.0)))
    if bad:
        run.check(Check("served", False, bad[0].line(), "wait for LiveDNS to publish the signed zone, then run again"))
        run.end(EXIT_NOT_YET, f"{zone}: LiveDNS does not serve the signed zone yet; no DS published")
    run.check(Check("served", True, f"every LiveDNS nameserver ({len(servers)}) serves the zone signed by key "
                    f"{key.key_tag()}"))


def _write_key(run: GatedRun, zone: str, key: RegistryKey) -> None:
    if _committed(zone) == (key,):
        return
    try:
        path = save_keys(IMPORTS_DIR, zone, [key])
    except OSError as exc:
        run.end(EXIT_FAILED, f"could not write {keys_path(IMPORTS_DIR, zone)}: {exc.strerror}; no DS published")
    click.echo(f"wrote {path}: the DS key for the registry (commit it with the record file)")


def _publish(run: GatedRun, zone: Zone, yes: bool) -> None:
    """Plan the delegation stack; refuse anything but DS changes; gate; apply."""
    tf, plan = plan_delegation(run, zone)
    flip = read_plan(plan)
    keys = key_changes(plan)
    run.record.plan = [flip.line(), *(k.line() for k in keys)]
    for line in run.record.plan:
        click.echo(f"plan: {line}")
    if not flip.no_changes:
        run.end(EXIT_REFUSED, f"{zone.name}: the plan would change the domain's nameservers: that is the cutover's "
                f"(`zonestack cutover --zone {zone.name}`); nothing changed")
    if not keys:
        run.record.go = "not needed (no changes)"
        return
    ask_go(run, zone.name, yes, "publish its DS at the registry")
    apply(run, tf, zone.name, f"zonestack dnssec --zone {zone.name}")


def _prove(zone: Zone, parents: list[Nameserver], servers: list[Nameserver], deadline: float,
           timeout: float) -> ChainReport:
    """The chain, asked again until it is proven or ``deadline``."""
    chain = ChainReport(zone.name, steps=[Step("-", "chain", False, "not asked")])
    shown = ""
    for _ in range(10_000):
        chain = prove_chain(zone.name, parents, servers, zone.records, timeout)
        if chain.ok or time.monotonic() >= deadline:
            break
        if chain.summary() != shown:  # one line per new state, not one per round
            shown = chain.summary()
            click.echo(f"dnssec {zone.name}: {shown}; asking again until --wait runs out", err=True)
        time.sleep(min(POLL, max(deadline - time.monotonic(), 0.0)))
    return chain
