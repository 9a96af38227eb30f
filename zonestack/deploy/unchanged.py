""""Nothing can have changed": a zone the deploy may call "no changes" without starting Terraform.

A no-change plan of a 1,000-set zone costs Terraform ~10 s of CPU (it plans every
resource locally, and each command loads the provider), though the answer is
already known when all of these hold — and when in doubt, the deploy plans for real:

* the synthesised configuration is the one last applied: its fingerprint output
  (:mod:`zonestack.fingerprint`) equals the one state recorded at that apply, so
  record sets, settings, imports, the backend and the provider version (pinned
  exactly) are all unchanged — whatever machine applied it, whatever backend;
* state was written by the same Terraform version as the one that would plan now;
* the run's snapshot says declaration = live = state: nothing to add, change,
  adopt, prune or destroy, no drift (a hand-edited state shows as drift or an
  adoption), no tainted instance, the zone's settings as in state;
* state holds nothing but the zone and its record sets.
"""

from __future__ import annotations

from pathlib import Path

from zonestack import fingerprint
from zonestack.deploy.snapshot import ZoneSnapshot


def unchanged(snapshot: ZoneSnapshot, stack_file: Path, terraform_version: str) -> str | None:
    """None when nothing can have changed (the deploy skips Terraform), else why a real plan is needed."""
    state, found = snapshot.state, snapshot.diff
    if state.empty:
        return "no state yet"
    if snapshot.live is None:
        return "the zone is not at Gandi"
    applied = state.outputs.get(fingerprint.OUTPUT)
    now = fingerprint.read(stack_file)
    if applied is None or now is None or applied != now:
        return "the configuration differs from the one last applied"
    if not terraform_version or state.terraform_version != terraform_version:
        return f"state was written by Terraform {state.terraform_version or '?'}, this is {terraform_version or '?'}"
    if found.add or found.change or found.destroy or found.adopt or found.prune or found.import_domain:
        return "the declaration differs from Gandi or state"
    if found.drift or found.snapshots_drift:
        return "Gandi differs from state"
    if state.tainted:
        return "a record set is tainted"
    if state.resources != len(state.records) + (1 if state.domain else 0):
        return "state holds other resources"
    return None
