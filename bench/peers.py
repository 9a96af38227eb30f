"""Side by side with octoDNS: load + validate the same generated zones.

zonestack: ``zonestack validate`` (YAML with lines, schema, dnspython values,
rules). octoDNS: ``YamlProvider.populate`` (YAML, per-record validation). Both in
a fresh process, best of 3. Writes ``bench/results/peers.md`` and ``.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import measure  # noqa: E402
from bench.zones import ZONE, write_zone  # noqa: E402

SIZES = (1_000, 10_000)


def to_octodns(records_file: Path, directory: Path) -> None:
    """The same record sets in octoDNS's YAML layout (keyed by name, '' = apex)."""
    data = yaml.load(records_file.read_text(), Loader=yaml.CSafeLoader)
    by_name: dict[str, list[dict]] = {}
    for r in data["records"]:
        values = r["values"]
        if r["type"] in ("CNAME",):
            entry = {"type": r["type"], "value": values[0] if values[0].endswith(".") else f"{values[0]}.{ZONE}."}
        elif r["type"] == "MX":
            entry = {"type": "MX", "values": [{"preference": int(v.split()[0]), "exchange": v.split()[1]} for v in values]}
        elif r["type"] == "SRV":
            entry = {"type": "SRV", "values": [dict(zip(("priority", "weight", "port", "target"),
                                                        [int(x) for x in v.split()[:3]] + [v.split()[3]], strict=True)) for v in values]}
        else:
            entry = {"type": r["type"], "values": [v.replace(";", "\\;") for v in values]}
        entry["ttl"] = r.get("ttl", data.get("ttl", 3600))
        by_name.setdefault(r["name"], []).append(entry)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{ZONE}.yaml", "w") as fh:
        yaml.dump({k: v if len(v) > 1 else v[0] for k, v in by_name.items()}, fh, Dumper=yaml.CSafeDumper)


def best(argv: list[str]) -> dict[str, float]:
    runs = [measure(argv) for _ in range(3)]
    return {"wall_s": round(min(r.wall_s for r in runs), 3), "peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1)}


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            records = write_zone(Path(tmp) / f"z{size}" / "records", size)
            octo_dir = Path(tmp) / f"z{size}" / "octodns"
            to_octodns(records, octo_dir)
            ours = best([sys.executable, "-m", "zonestack", "validate", str(records)])
            theirs = best([sys.executable, str(HERE / "octodns_load.py"), str(octo_dir), ZONE])
            rows.append({"record_sets": size, "zonestack_validate": ours, "octodns_populate": theirs})
            print(f"{size:>6}: zonestack validate {ours['wall_s']:.2f}s {ours['peak_rss_mb']:.0f} MB | "
                  f"octoDNS populate {theirs['wall_s']:.2f}s {theirs['peak_rss_mb']:.0f} MB", flush=True)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "peers.json").write_text(json.dumps(rows, indent=2) + "\n")
    lines = ["# Load + validate, side by side with octoDNS", "",
             "Same generated zone, fresh process, best of 3. zonestack: `zonestack validate`; octoDNS: "
             "`YamlProvider.populate` (octodns from PyPI).", "",
             "| record sets | zonestack (s) | zonestack RSS (MB) | octoDNS (s) | octoDNS RSS (MB) |", "|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['record_sets']:,} | {r['zonestack_validate']['wall_s']:.2f} | {r['zonestack_validate']['peak_rss_mb']:.0f} | "
              f"{r['octodns_populate']['wall_s']:.2f} | {r['octodns_populate']['peak_rss_mb']:.0f} |" for r in rows]
    (out / "peers.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
