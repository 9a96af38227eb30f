"""Pre-flight checks of ``zonestack cutover``: one ``Check`` each, with evidence and a way forward.

Pure functions over what was observed (a verify report, an audit, the parent's DS answer), so
each refusal rule is unit-tested without a network:

* **records**: every declared record set is answered as declared by every LiveDNS nameserver of
  the zone (``zonestack verify``'s report). After the flip, resolvers ask only those servers.
* **audit**: the live zone, the record file and the state agree (``zonestack audit``): no set
  missing, changed, destroyed or to be pruned by the next deploy.
* **ds**: the parent publishes no DS for the zone, and none was seen within its TTL. A DS for the
  old provider's key at the parent, with LiveDNS serving unsigned answers, makes validating
  resolvers (RFC 4035 §5) treat the zone as bogus: the domain goes dark for them. The safe order
  is insecure first: remove the DS at the registry, then wait out the DS TTL *as the parent
  served it* (``ds_memory``), then flip.
* **delegation** (information): where the parent delegates the zone now and the NS TTL it
  serves, i.e. how long resolvers may keep asking the old nameservers after the flip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zonestack.audit.compare import ZoneAudit
from zonestack.verify.run import ZoneReport

#: At most this many problems are named in one check's evidence.
SHOWN = 3


@dataclass(frozen=True)
class Check:
    """One pre-flight line: ``name`` (records, audit, ds, delegation), ``ok``, ``evidence`` (what
    was observed), ``fix`` (the way forward when not ok, else "")."""

    name: str
    ok: bool
    evidence: str
    fix: str = ""

    def line(self) -> str:
        """``ok   records: …`` / ``FAIL ds: … -> fix``."""
        head = f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.evidence}"
        return head if self.ok or not self.fix else f"{head}\n     -> {self.fix}"


@dataclass(frozen=True)
class DsAnswer:
    """The parent's DS rrset for the zone as one of its servers served it: ``server`` (label),
    ``records`` (presentation text), ``ttl`` (seconds, None when there is no DS)."""

    server: str
    records: tuple[str, ...] = ()
    ttl: int | None = None
    error: str = ""


def records_check(report: ZoneReport, zone: str) -> Check:
    """Refuses unless every declared set is answered as declared at every LiveDNS nameserver."""
    if report.error:
        return Check("records", False, report.error, "fix the error above, then run the cutover again")
    servers = ", ".join(s.label for s in report.servers) or "no nameserver"
    if report.unreachable:
        names = ", ".join(f"{label} ({why})" for label, why in sorted(report.unreachable.items()))
        return Check("records", False, f"LiveDNS nameserver unreachable: {names}",
                     f"check the network to the nameservers, then `zonestack verify --zone {zone}`")
    problems = report.problems
    if problems or not report.servers:
        named = "; ".join(f"{c.name} {c.type} {c.status.value} at {c.server}" for c in problems[:SHOWN])
        more = f" (and {len(problems) - SHOWN} more)" if len(problems) > SHOWN else ""
        return Check("records", False, f"{report.summary()}: {named or 'no nameserver to ask'}{more}",
                     f"deploy the zone (`zonestack deploy --zone {zone}`) and wait until "
                     f"`zonestack verify --zone {zone}` is clean")
    return Check("records", True, f"{report.summary()} ({servers})")


def audit_check(audit: ZoneAudit, zone: str) -> Check:
    """Refuses on an audit error or drift (the live zone is not what the file and state say)."""
    if audit.error:
        return Check("audit", False, audit.error, f"fix the error, then `zonestack audit --zone {zone}`")
    if audit.drift:
        counts = ", ".join(f"{len(getattr(audit, c))} {c.replace('_', ' ')}" for c in
                           ("missing", "changed", "state_only", "prune", "contradicts") if getattr(audit, c))
        return Check("audit", False, f"drift: {counts}",
                     f"review `zonestack audit --zone {zone}`, deploy or fix the record file until it is clean")
    return Check("audit", True, f"clean ({len(audit.unmanaged)} unmanaged, {len(audit.ignored)} ignored)")


def ds_check(answers: Sequence[DsAnswer], last_seen: float | None, last_ttl: int | None, now: float,
             zone: str) -> Check:
    """Refuses while a parent server serves a DS, or until the last served DS's TTL has passed.

    ``last_seen``/``last_ttl``: when a DS was last observed at the parent (epoch seconds) and the TTL
    it was served with (``ds_memory``); ``now`` in epoch seconds. A parent server that did not
    answer refuses too: a DS cannot be ruled out.
    """
    failed = [a for a in answers if a.error]
    if failed or not answers:
        why = "; ".join(f"{a.server}: {a.error}" for a in failed) or "no parent nameserver answered"
        return Check("ds", False, f"cannot tell whether the parent publishes a DS ({why})",
                     "make the parent's nameservers reachable (or name one with --parent-nameserver) and run again")
    served = [a for a in answers if a.records]
    if served:
        first = served[0]
        tags = ", ".join(_key_tag(r) for r in first.records)
        return Check("ds", False, f"the parent publishes DS for {zone} (key tag {tags}, TTL {first.ttl} s as "
                     f"served by {first.server})",
                     f"go insecure first: remove the DS at the registry, then wait {first.ttl} s after the parent "
                     "stops serving it (the cutover tracks this), and run the cutover again")
    if last_seen is not None and last_ttl is not None:
        left = last_seen + last_ttl - now
        if left > 0:
            return Check("ds", False, f"no DS at the parent now, but one was served {now - last_seen:.0f} s ago "
                         f"with TTL {last_ttl} s: resolvers may still hold it for {left:.0f} s",
                         f"wait {left:.0f} s, then run the cutover again")
        return Check("ds", True, f"no DS at the parent; the last one (TTL {last_ttl} s) expired "
                     f"{-left:.0f} s ago")
    return Check("ds", True, f"no DS at the parent ({', '.join(a.server for a in answers)})")


def _key_tag(presentation: str) -> str:
    return presentation.split()[0] if presentation.split() else "?"


def delegation_note(current: Sequence[str], ns_ttl: int | None, livedns: Sequence[str],
                    child_ns_ttl: int | None = None, child_error: str = "") -> Check:
    """Where the parent delegates the zone now, with the NS TTL it serves and the one the current
    nameservers serve themselves (``child_ns_ttl``, or why unknown: ``child_error``); never refuses."""
    have = sorted(n.rstrip(".").lower() for n in current)
    want = sorted(n.rstrip(".").lower() for n in livedns)
    if have == want:
        return Check("delegation", True, f"already delegated to LiveDNS ({', '.join(want)})")
    ttl = f"NS TTL {ns_ttl} s as the parent serves it" if ns_ttl is not None else "NS TTL not served by the parent"
    own = (f"{child_ns_ttl} s as the old nameservers serve it" if child_ns_ttl is not None
           else f"the old nameservers' own NS TTL unknown ({child_error or 'not asked'})")
    known = [t for t in (ns_ttl, child_ns_ttl) if t is not None]
    wait = (f": resolvers may ask the old nameservers for up to {max(known)} s after the flip" if known else "")
    return Check("delegation", True, f"now delegated to {', '.join(have) or 'nothing'} ({ttl}, {own}{wait}); "
                 f"the flip sets {', '.join(want)}")
