#!/usr/bin/env python
"""The cdktf app: every valid ``records/*.yaml`` becomes one stack.

``cdktf synth|diff|deploy`` runs this (see ``cdktf.json``); ``pipenv run synth``
runs it directly. A record file that does not validate stops the run with
``path:line: message`` lines and exit 1, and no stack is written for it.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading


def main() -> int:
    from constructs_lib.cdk_choice import CdkChoiceError, chosen_framework

    try:
        framework = chosen_framework()
    except CdkChoiceError as exc:
        print(f"synth: {exc}", file=sys.stderr)
        return 2
    if importlib.util.find_spec(framework) is None:
        print(f"synth: ZONESTACK_CDK={framework} but it is not installed: pip install {framework}", file=sys.stderr)
        return 2
    # Starting the CDK runtime (a Node process that loads cdktf) takes ~0.5 s of
    # waiting; load and validate the record files meanwhile, on the other core.
    # The core is imported *before* the thread starts: two threads importing the
    # same modules at once can hand one of them a partially initialised module
    # (seen once as "partially initialized module 'typing'").
    from zonestack.catalog import load_catalog
    from zonestack.registry_keys import RegistryKeysError

    warm_up = threading.Thread(target=importlib.import_module, args=("constructs_lib.cdk",), daemon=True)
    warm_up.start()
    catalog = load_catalog()
    warm_up.join()
    from stacks.app import build_app, synthesise

    outdir = os.environ.get("CDKTF_OUTDIR") or "cdktf.out"  # cdktf's --output, else its default
    if catalog.zones:
        try:
            synthesise(build_app(catalog, outdir))  # pure: record files, imports/ and code; no state
        except RegistryKeysError as exc:
            print(f"synth: {exc}", file=sys.stderr)
            return 1
        except Exception as exc:  # noqa: BLE001 - jsii wraps OS errors (EACCES, EROFS) in its own types
            reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
            print(f"synth: could not write {outdir}/ ({reason})", file=sys.stderr)
            return 1
    for finding in catalog.findings:
        print(finding, file=sys.stderr)
    if catalog.findings:
        print(f"synth: {len(catalog.findings)} problem(s); invalid zones were not synthesised", file=sys.stderr)
        return 1
    # stdout: cdktf shows an app's stderr as [ERROR], and this line reports success
    print(f"synth: {len(catalog.zones)} zone(s) written to {outdir}/stacks/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
