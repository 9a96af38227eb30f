"""The zone's LiveDNS nameservers, read from the API (``GET /livedns/domains/{fqdn}/nameservers``).

LiveDNS answers a JSON list of host names (``ns-<n>-{a,b,c}.gandi.net``, or the
zone's apex NS when it has one; docs/gandi-livedns.md §3). ``LiveDNSClient`` has no
call for it yet, so this reads it through the client's one request path
(same authentication, errors and token handling).
"""

from __future__ import annotations

from urllib.parse import quote

from zonestack.gandi import GandiError, LiveDNSClient


def livedns_nameservers(client: LiveDNSClient, zone: str) -> list[str]:
    """Host names without trailing dots; raises GandiError (NotFoundError: no such zone)."""
    response = client._request("GET", f"/domains/{quote(zone, safe='')}/nameservers")  # noqa: SLF001
    names = response.json()
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise GandiError(f"GET /v5/livedns/domains/{zone}/nameservers: expected a list of host names")
    return [n.rstrip(".").lower() for n in names]
