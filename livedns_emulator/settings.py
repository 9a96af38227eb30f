"""Behaviour knobs of the emulator.

Every default follows docs/gandi-livedns.md: confirmed behaviour is the
default, and each point the spec marks unknown ([U]) is a knob here whose default
is the spec's recommendation, so a test can flip it to model the alternative.
The dataclass is frozen: a running emulator swaps in a whole new ``Settings``
(``Emulator.update_settings``) instead of mutating one that a request may be
reading concurrently.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Settings:
    """Knobs; defaults are the spec's (§13 checklist)."""

    # §9: the documented limit is 1000 requests/minute per source IP; 0 disables.
    rate_limit_per_minute: int = 1000
    # §9 [U]: whether a 429 carries Retry-After (no public capture shows Gandi's 429).
    rate_limit_retry_after: bool = True
    # Another client (Caddy, certbot, a teammate's deploy) steadily using this many
    # requests/minute of the same budget: the emulator's clients get the rest.
    rate_limit_used_by_others: int = 0
    # §4.1: go-gandi needs *exactly* this on errors (no charset) or Terraform breaks.
    error_content_type: str = "application/json"
    # §4.1: 2xx JSON bodies as production sent them in 2020.
    success_content_type: str = "application/json; charset=utf-8"
    # §3.3: auth-layer errors are compact JSON, application errors spaced.
    compact_auth_errors: bool = True
    # §3.3 [I]: the docs say an expired PAT gives 403 (the 401 text mentions expiry).
    expired_token_status: int = 403
    # §5.7 [U]: split unquoted TXT values longer than 255 octets into quoted chunks.
    txt_split_long: bool = False
    # §5.6 [U]: drop duplicate values (after TXT normalisation) within an rrset.
    dedupe_values: bool = True
    # §6.7 [I]: PUT with ``rrset_values: []`` keeps an empty rrset (False: delete it).
    keep_empty_rrset_on_put: bool = True
    # §11 [U]: whether POST /domains fills a new zone with Gandi's default records.
    seed_default_records: bool = False
    # §10: LiveDNS ignores ``Dry-Run: 1``; True validates and skips the write.
    honour_dry_run: bool = False
    # §8 [I]: page size when ``per_page`` is absent, and the [U] cap on it.
    page_size: int = 500
    max_page_size: int = 1000
    # §6.2 [I]: POST /domains only for domains registered at Gandi (else 404).
    allow_unregistered_domains: bool = False
    # §11 [C]: a new zone has automatic snapshots on.
    automatic_snapshots_default: bool = True
    # §11 [I]: automatic snapshots are rollback points, so they capture the
    # state *before* the change (False: after).
    snapshot_before_change: bool = True
    # [U] cap on kept automatic snapshots per zone (oldest dropped); 0 = unlimited.
    max_automatic_snapshots: int = 100
    # §6.6 [U]: GET /records/{name} for an unused name: 200 [] (True: 404).
    missing_name_get_404: bool = False
    # §6.6 [U]: DELETE /records/{name} with nothing to delete: 404 (or 204).
    delete_missing_name_status: int = 404
    # §7/§15 [I]: Gandi refuses a CNAME next to other types or at the apex (Shape B 400;
    # kiwix/operations#783), so the emulator does too.
    reject_cname_conflicts: bool = True
    # §2 [U]: reject writes whose Content-Type is not JSON (default: accept).
    strict_content_type: bool = False
    # Registrar (domain API, docs §10) [U]: the status of a nameserver PUT (go-gandi accepts any 2xx;
    # Gandi's docs show 202 for this asynchronous operation).
    registrar_put_status: int = 202
    # Registrar (§10) [U]: whether the nameservers GET returns the names lower-cased without a final dot
    # (default: as sent; the provider polls until the GET equals its configuration exactly).
    registrar_lowercase_nameservers: bool = False
    # LiveDNS DNSSEC (docs/gandi-livedns.md §11; RFC 4034 §3.1.5, RFC 4035 §5.3.1) [U]: the RRSIGs of a
    # signed zone are valid from this many seconds before signing (a validator whose clock is behind
    # still accepts them) to this many after. A zone is re-signed whenever its records or keys change;
    # an unchanged zone is not, so an emulator left running longer than the validity serves expired
    # signatures until its next change.
    dnssec_inception_offset: int = 3600
    dnssec_signature_validity: int = 14 * 86400
    # §13.1: base for hrefs/Location/Link; None = scheme+Host the client used.
    public_base_url: str | None = None
    # Durability of the JSON state file (off makes big test runs faster).
    fsync: bool = True
    # The server (not the API): largest request body in bytes (413 beyond), and seconds a
    # connection may sit idle or take to send one request's line, headers and body (then closed;
    # 408 if a request had begun). Bounds what one hostile or stuck client can hold.
    max_body_bytes: int = 8 * 1024 * 1024
    socket_timeout: float = 30.0
    # The parent zone served over DNS (not Gandi's API): TTL in seconds of its delegation NS and of the
    # DS records it publishes, as most TLD registries serve them (NS 2 days, DS 1 day). A rehearsal
    # (`make rehearse`) shortens both so the waits of a migration take seconds.
    parent_ns_ttl: int = 172800
    parent_ds_ttl: int = 86400

    def replace(self, **knobs: Any) -> Settings:
        """A copy with ``knobs`` changed; unknown names raise ``TypeError``."""
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(knobs) - names)
        if unknown:
            raise TypeError(f"unknown emulator setting(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **knobs)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict, e.g. for the admin API."""
        return dataclasses.asdict(self)
