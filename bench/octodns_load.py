"""octoDNS's side of the peer benchmark: load and validate one zone with its
YamlProvider (per-record validation included), in a fresh process."""

from __future__ import annotations

import sys

from octodns.provider.yaml import YamlProvider
from octodns.zone import Zone

if __name__ == "__main__":
    directory, zone_name = sys.argv[1], sys.argv[2]
    zone = Zone(f"{zone_name}.", [])
    YamlProvider("config", directory, enforce_order=False).populate(zone)
    print(len(zone.records))
