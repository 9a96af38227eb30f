"""Generated zones for benchmarks: a realistic mix of types, deterministic."""

from __future__ import annotations

from pathlib import Path

ZONE = "bench.example"


def zone_yaml(record_sets: int) -> str:
    """A record file with ``record_sets`` record sets (A, AAAA, TXT, MX, CNAME, SRV)."""
    lines = [f"zone: {ZONE}", "ttl: 3600", "records:"]
    for i in range(record_sets):
        kind = i % 6
        if kind == 0:
            lines += [f"  - name: host{i}", "    type: A", f"    values: [192.0.2.{i % 250 + 1}, 198.51.100.{i % 250 + 1}]"]
        elif kind == 1:
            lines += [f"  - name: host{i}", "    type: AAAA", f"    values: ['2001:db8::{i:x}']"]
        elif kind == 2:
            lines += [f"  - name: txt{i}", "    type: TXT", f"    values: ['v=spf1 include:_spf{i}.example.net -all']"]
        elif kind == 3:
            lines += [f"  - name: mx{i}", "    type: MX", "    ttl: 300",
                      f"    values: ['10 mail{i}.example.net.', '20 backup.example.net.']"]
        elif kind == 4:
            lines += [f"  - name: www{i}", "    type: CNAME", f"    values: [host{i - 4}]"]
        else:
            lines += [f"  - name: _sip{i}._tcp", "    type: SRV", f"    values: ['10 5 5060 sip{i}.example.net.']"]
    return "\n".join(lines) + "\n"


def write_zone(directory: Path, record_sets: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{ZONE}.yaml"
    path.write_text(zone_yaml(record_sets), encoding="utf-8")
    return path
