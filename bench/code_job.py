"""The job for ``bench/code.py`` in a fresh process: a cdktf app declaring a zone's
record sets in Python (``GandiZone.add_record_set``), ``tokens`` of them holding a
token (a ``TerraformVariable``), then ``app.synth()``.

    python bench/code_job.py OUTDIR RECORD_SETS TOKENS
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def values(i: int) -> tuple[str, list[str]]:
    """The same mix of types as ``bench/zones.py``."""
    kind = i % 6
    if kind == 0:
        return "A", [f"192.0.2.{i % 250 + 1}", f"198.51.100.{i % 250 + 1}"]
    if kind == 1:
        return "AAAA", [f"2001:db8::{i:x}"]
    if kind == 2:
        return "TXT", [f"v=spf1 include:_spf{i}.example.net -all"]
    if kind == 3:
        return "MX", [f"10 mail{i}.example.net.", "20 backup.example.net."]
    if kind == 4:
        return "CNAME", [f"host{i - 4}"]
    return "SRV", [f"10 5 5060 sip{i}.example.net."]


def main(outdir: str, record_sets: int, tokens: int) -> None:
    from constructs_lib.cdk import App, TerraformStack, TerraformVariable
    from constructs_lib.gandi import GandiProvider
    from constructs_lib.zone import GandiZone

    app = App(outdir=outdir)
    stack = TerraformStack(app, "bench")
    GandiProvider(stack, "gandi")
    zone = GandiZone.from_name(stack, "zone", "bench.example", ttl=3600)
    every = record_sets // tokens if tokens else 0
    for i in range(record_sets):
        if every and i % every == 0 and i // every < tokens:
            ip = TerraformVariable(stack, f"ip{i}", type="string")
            zone.add_record_set(f"tok{i}", "A", [ip.string_value])
            continue
        rtype, vals = values(i)
        prefix = {"A": "host", "AAAA": "host", "TXT": "txt", "MX": "mx", "CNAME": "www", "SRV": "_sip"}[rtype]
        name = f"{prefix}{i}._tcp" if rtype == "SRV" else f"{prefix}{i}"
        zone.add_record_set(name, rtype, vals, ttl=300 if rtype == "MX" else None)
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
