#!/usr/bin/env python
"""The cdktf app: every valid ``records/*.yaml`` becomes one stack.

``cdktf synth|diff|deploy`` runs this (see ``cdktf.json``); ``pipenv run synth``
runs it directly. A record file that does not validate stops the run with
``path:line: message`` lines and exit 1, and no stack is written for it.
"""

from __future__ import annotations

import sys

from stacks.app import synth


def main() -> int:
    catalog = synth()
    for finding in catalog.findings:
        print(finding, file=sys.stderr)
    if catalog.findings:
        print(f"synth: {len(catalog.findings)} problem(s); invalid zones were not synthesised", file=sys.stderr)
        return 1
    print(f"synth: {len(catalog.zones)} zone(s) written to cdktf.out/stacks/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
