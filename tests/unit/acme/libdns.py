"""libdns/gandi v1.0.4's TXT logic (docs/gandi-livedns.md §9), to create real orphans."""

from __future__ import annotations

import httpx


class Libdns:
    """Append: GET, PUT existing (quoted) + new (unquoted). Delete: PUT back unchanged if > 1 value."""

    def __init__(self, url: str, token: str, zone: str) -> None:
        self.http = httpx.Client(headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                                 timeout=5)
        self.href = self.http.get(f"{url}/v5/livedns/domains/{zone}").json()["domain_records_href"]

    def append(self, name: str, token: str) -> None:
        r = self.http.get(f"{self.href}/{name}/TXT")
        values = r.json()["rrset_values"] if r.status_code == 200 else []
        if token not in values:  # quoted API values never equal the plain token
            values.append(token)
        put = self.http.put(f"{self.href}/{name}/TXT",
                            json={"rrset_type": "TXT", "rrset_name": name, "rrset_values": values})
        assert put.status_code == 201

    def delete(self, name: str, token: str) -> None:
        rrset = self.http.get(f"{self.href}/{name}/TXT").json()
        if len(rrset["rrset_values"]) > 1:
            rrset["rrset_values"] = [v for v in rrset["rrset_values"] if v != token]
            assert self.http.put(f"{self.href}/{name}/TXT", json=rrset).status_code == 201
        elif rrset["rrset_values"][0].strip('"') == token:
            assert self.http.delete(f"{self.href}/{name}/TXT").status_code == 204

    def issue(self, name: str, *tokens: str) -> None:
        """One certificate order: publish every token, then clean each up."""
        for token in tokens:
            self.append(name, token)
        for token in tokens:
            self.delete(name, token)

    def close(self) -> None:
        self.http.close()
