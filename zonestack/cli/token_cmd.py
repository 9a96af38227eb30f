"""``zonestack token check``: is the Gandi PAT usable for every declared zone, and if not, why.

1. The PAT is read once from its source (``GANDI_PERSONAL_ACCESS_TOKEN``, ``…_FILE`` or
   ``…_COMMAND``; see :mod:`zonestack.gandi.token_source`) and the source is named.
2. One call (``GET /v5/livedns/domains?per_page=1``) tells a valid PAT from a malformed/unknown
   one (401) and an expired one (403 on a listing every PAT with any DNS permission may read).
3. Per declared zone (``records/*.yaml``, or ``--zone``), without writing anything:
   * ``GET /v5/livedns/domains/{zone}``: 200 reachable; 403 (while the listing worked) the PAT is
     restricted to other domains; 404 no LiveDNS zone yet (then ``POST /v5/livedns/domains`` with the
     same body-less probe tells whether the PAT may create it on the first deploy; whether Gandi will
     accept the domain, registered there or elsewhere, only the creation itself can tell);
   * a write probe that cannot change anything: ``POST /v5/livedns/domains/{zone}/records`` whose
     body is a JSON string, not an rrset object. Gandi's permission layer answers 403 before the
     body is read when the PAT lacks "Manage domain name technical configurations" (spec §3.2/§3.3;
     caddy-dns/gandi#6, certbot-plugin-gandi#54: such PATs read fine and get 403 on writes); with
     the permission the body is refused as invalid (400) and nothing is created, so no automatic
     snapshot is taken either. A PUT of the current content would be a real write: Gandi records an
     automatic snapshot for every modification (spec §11), so it was rejected. ``Dry-Run: 1`` is not
     honoured on LiveDNS routes (spec §10), so it cannot make a write safe.

Gandi's API does not expose a PAT's expiry date or its permission list, so expiry is inferred:
a PAT refused everywhere (listing included) is most likely expired. Exit codes: 0 valid for every
zone, 2 malformed/unknown token or none could be read, 3 expired or missing permission/domain,
4 API unreachable, 1 any other failure (a redirect, a 5xx, an unexpected answer). The token itself
is never printed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import click

from zonestack.click_types import Finite
from zonestack.gandi import (
    ForbiddenError,
    GandiError,
    LiveDNSClient,
    NotFoundError,
    UnauthorizedError,
    UnreachableError,
)
from zonestack.gandi.client import TOKEN_ENV
from zonestack.gandi.errors import ROTATE_RUNBOOK, MissingTokenError
from zonestack.gandi.token_source import ResolvedToken, TokenSourceError, resolve_token
from zonestack.names import ascii_zone

EXIT_VALID, EXIT_OTHER, EXIT_INVALID, EXIT_FORBIDDEN, EXIT_UNREACHABLE = 0, 1, 2, 3, 4
PROBE_BODY = "zonestack-permission-probe: not an rrset object, creates nothing"
WRITE_PERMISSION = "Manage domain name technical configurations"
#: Zone statuses a deploy can work with: the zone is writable, or absent and the PAT may create it.
USABLE = ("ok", "no-zone-yet")


@dataclass(frozen=True)
class ZoneAccess:
    """What the PAT may do on one zone: ``ok``, ``no-zone-yet`` (none at Gandi, the PAT may create it),
    ``other-domain``, ``read-only`` or ``error``."""

    zone: str
    status: str
    message: str


@dataclass(frozen=True)
class TokenStatus:
    """The verdict: a short status word, one human line, the exit code, per-zone findings."""

    status: str
    message: str
    exit_code: int
    url: str = ""
    domains: int | None = None
    source: str = ""
    zones: list[ZoneAccess] = field(default_factory=list)


def check_zone(client: LiveDNSClient, zone: str) -> ZoneAccess:
    """Reachability and write permission on ``zone`` without writing (see the module doc)."""
    try:
        client.get_domain(zone)
    except ForbiddenError:
        return ZoneAccess(zone, "other-domain",
                          f"{zone}: refused (403) although the PAT works: it is restricted to other domains; "
                          f"add {zone} to the PAT's domains (see {ROTATE_RUNBOOK})")
    except NotFoundError:
        return _no_zone_yet(client, zone)
    except GandiError as exc:
        return ZoneAccess(zone, "error", f"{zone}: {exc}")
    return _write_probe(zone, lambda: client.probe_write(zone, PROBE_BODY),
                        ZoneAccess(zone, "ok", f"{zone}: reachable and writable"),
                        f"{zone}: readable but not writable")


def _no_zone_yet(client: LiveDNSClient, zone: str) -> ZoneAccess:
    """A zone Gandi has no LiveDNS zone for (404): whether this PAT could create it on the first deploy.

    Gandi's LiveDNS API has no read-only way to tell a domain registered at Gandi without a zone
    yet from one registered elsewhere (both 404 here; creating the zone answers 201 or 404), so
    only the permission to create is checked, with the same body-less probe as a zone's writes.
    """
    return _write_probe(zone, lambda: client.probe_create(PROBE_BODY),
                        ZoneAccess(zone, "no-zone-yet", f"{zone}: no LiveDNS zone yet; the PAT may create it, so the "
                                                        "first deploy does, if the domain is registered at Gandi in "
                                                        "the PAT's organisation (Gandi answers 404 to that creation "
                                                        "otherwise)"),
                        f"{zone}: no LiveDNS zone yet, and the PAT may not create one")


def _write_probe(zone: str, probe: Callable[[], None], allowed: ZoneAccess, refused: str) -> ZoneAccess:
    """Run a write ``probe`` that cannot change anything: 403 → ``read-only`` (``refused`` and the fix),
    400/422 → ``allowed``; anything else is an ``error``."""
    try:
        probe()
    except ForbiddenError:
        return ZoneAccess(zone, "read-only", f"{refused} (403 on a write that cannot change anything): give the PAT "
                                             f"\"{WRITE_PERMISSION}\" (see {ROTATE_RUNBOOK})")
    except GandiError as exc:
        if exc.status in (400, 422):
            return allowed
        return ZoneAccess(zone, "error", f"{zone}: the write check got an unexpected answer: {exc}")
    return ZoneAccess(zone, "error", f"{zone}: the write check was accepted by the API (expected 400); check GANDI_URL")


def check_token(base_url: str | None = None, timeout: float = 10.0, zones: list[str] | None = None) -> TokenStatus:
    """Classify the PAT (from its configured source), then its access to each of ``zones``."""
    try:
        token = resolve_token()
    except TokenSourceError as exc:
        return TokenStatus("missing", f"{exc} (see {ROTATE_RUNBOOK})", EXIT_INVALID)
    except MissingTokenError:
        return TokenStatus("missing", f"{TOKEN_ENV} is not set: export a Gandi personal access token "
                                      f"(see {ROTATE_RUNBOOK})", EXIT_INVALID)
    client = LiveDNSClient(base_url, token.value, timeout=timeout)
    url = client.base_url
    with client:
        base = _check_listing(client, url, token)
        if base.exit_code != EXIT_VALID or not zones:
            return base
        access = [check_zone(client, zone) for zone in zones]
    bad = [a for a in access if a.status not in USABLE]
    if not bad:
        later = [a for a in access if a.status == "no-zone-yet"]
        note = "; ".join(a.message for a in later)
        return TokenStatus(base.status, f"{base.message}; writable for {len(access)} zone(s)" + (f" ({note})" if note
                           else ""), EXIT_VALID, url, base.domains, base.source, access)
    forbidden = all(a.status in ("other-domain", "read-only") for a in bad)
    code = EXIT_FORBIDDEN if forbidden else EXIT_OTHER
    status = "scope" if forbidden else "error"
    return TokenStatus(status, f"{base.message}, but {len(bad)} of {len(access)} zone(s) are not usable: "
                               + "; ".join(a.message for a in bad), code, url, base.domains, base.source, access)


def _check_listing(client: LiveDNSClient, url: str, token: ResolvedToken) -> TokenStatus:
    source = token.source
    try:
        count = client.count_domains()
    except UnauthorizedError:
        return TokenStatus("invalid", f"token rejected by {url} (401): it is malformed or unknown to Gandi; "
                                      f"check {source}", EXIT_INVALID, url, source=source)
    except ForbiddenError as exc:
        if "in front of Gandi" in str(exc):
            return TokenStatus("error", str(exc), EXIT_OTHER, url, source=source)
        return TokenStatus("forbidden", f"token refused by {url} (403): expired PAT or missing scope — the usual "
                                        f"cause is an expired PAT; see {ROTATE_RUNBOOK}", EXIT_FORBIDDEN, url,
                           source=source)
    except UnreachableError as exc:
        return TokenStatus("unreachable", f"{exc}; the PAT was read {token.describe()}", EXIT_UNREACHABLE, url,
                           source=source)
    except GandiError as exc:
        return TokenStatus("error", str(exc), EXIT_OTHER, url, source=source)
    seen = f" ({count} LiveDNS domain(s) visible)" if count is not None else ""
    return TokenStatus("valid", f"token accepted by {url}{seen}, read {token.describe()}", EXIT_VALID, url, count,
                       source)


def declared_zones(records_dir: Path) -> list[str]:
    """Zone names of ``records_dir/*.yaml`` (file names; validation is ``zonestack validate``'s job)."""
    return sorted({ascii_zone(p.stem) for p in records_dir.glob("*.yaml")}) if records_dir.is_dir() else []


@click.group("token")
def command() -> None:
    """Inspect the Gandi personal access token (variable, file or command; never an argument)."""


@command.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@click.option("--timeout", type=Finite(min=0, min_open=True), default=10.0, show_default=True,
              help="Seconds to wait for Gandi.")
@click.option("--zone", "zones", multiple=True, metavar="ZONE", help="Check this zone (default: every records/*.yaml).")
@click.option("--records", "records_dir", type=click.Path(path_type=Path), default=Path("records"), show_default=True,
              help="Where the declared zones are.")
def check(as_json: bool, timeout: float, zones: tuple[str, ...], records_dir: Path) -> None:
    """Check the token, then its reach and write permission on each declared zone (writing nothing).

    Exit 0 valid for every zone, 2 malformed/unknown or none could be read, 3 expired, missing
    permission or restricted to other domains, 4 Gandi unreachable, 1 other API error.
    """
    verdict = check_token(timeout=timeout, zones=[ascii_zone(z) for z in zones] or declared_zones(records_dir))
    if as_json:
        click.echo(json.dumps(asdict(verdict), sort_keys=True))
    else:
        prefix = "ok" if verdict.exit_code == EXIT_VALID else "error"
        click.echo(f"{prefix}: {verdict.message}", err=verdict.exit_code != EXIT_VALID)
    sys.exit(verdict.exit_code)
