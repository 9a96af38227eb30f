"""The floor: PyYAML's C loader plus ``json.dump`` of equivalent Terraform JSON.

No validation, no cdktf: the least any tool must do to turn this YAML into
Terraform JSON. Run as a script in a fresh process, like the real job.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def main(records_dir: str, out: str) -> None:
    for path in sorted(Path(records_dir).glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        resources = {
            f"{r['type']}_{r['name']}": {
                "zone": data["zone"], "name": r["name"], "type": r["type"],
                "ttl": r.get("ttl", data.get("ttl", 10800)), "values": r["values"],
            }
            for r in data["records"]
        }
        with open(Path(out) / f"{data['zone']}.tf.json", "w", encoding="utf-8") as fh:
            json.dump({"resource": {"gandi_livedns_record": resources}}, fh, indent=2, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
