"""The deploy as an object: plan every zone from one snapshot, then apply exactly what was reviewed.

Read top to bottom, one zone's guarded deploy is::

    deployment = Deployment(project, env)       # one API client, one run id
    deployment.synthesise(zones)                # in process, zones validated once
    reviewed = deployment.plan(zone)            # init, snapshot, adopt, untaint,
                                                # cheap refresh, plan to a file
    verdict = judge(reviewed.plan, policy)      # the caller's guard and document
    deployment.apply(reviewed)                  # check, prune, terraform apply

``plan`` reads the zone's :class:`~zonestack.deploy.snapshot.ZoneSnapshot` once
(state, one listing, the zone object); when nothing can have changed
(:mod:`.unchanged`: the configuration is the one last applied, declaration = live =
state) it is "no changes" without starting Terraform. Otherwise everything it
decides comes from the one diff of the snapshot: the imports it writes beside the stack (:mod:`.adoption`), the
tainted sets it untaints (:mod:`.untaint`), the resources it refreshes
(:mod:`.refresh`) and the sets it will prune (:mod:`.prune`, shown in the plan
document and counted by the guard). ``apply`` runs nothing for a plan without
changes; otherwise it lists the zone once more (the deliberate second listing),
refuses if a set the plan touches changed (:mod:`.livecheck`), deletes the
prunes with compare-and-swap, and applies the saved plan whose SHA-256 was taken
at summary time (in two checked phases where the plan needs them, :mod:`.phases`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from zonestack.deploy.adoption import add_imports, remove_adoption, write_adoption
from zonestack.deploy.livecheck import by_key, live_changes
from zonestack.deploy.phases import apply_reviewed
from zonestack.deploy.plan import RecordChange, ZonePlan
from zonestack.deploy.planfile import RunId, SavedPlan, discard, plan_saved, verify
from zonestack.deploy.prune import delete_if_unchanged
from zonestack.deploy.refresh import RefreshPlan, refresh_plan
from zonestack.deploy.runner import Echo
from zonestack.deploy.snapshot import LiveRead, SnapshotError, ZoneSnapshot, read_live, take
from zonestack.deploy.synth import synthesise
from zonestack.deploy.terraform import StepError, Terraform
from zonestack.deploy.unchanged import unchanged
from zonestack.deploy.untaint import to_untaint
from zonestack.diff import in_the_way, same
from zonestack.gandi.errors import AnswerLostError, GandiError, NotFoundError, UnauthorizedError, UnreachableError
from zonestack.gandi.retry_safety import ANSWER_LOST
from zonestack.model import RecordSet, Zone
from zonestack.resource_ids import provider_import_id, record_address
from zonestack.settings import backend, stack_dir
from zonestack.zoneset import zone_to_create

Notify = Callable[[str], None]


@dataclass
class ReviewedPlan:
    """One zone's saved plan with the snapshot it was made from and the arguments it was made with.

    ``saved`` None: nothing could have changed (:mod:`.unchanged`), so Terraform was not started and
    the plan is "no changes" over the record sets in state.
    """

    snapshot: ZoneSnapshot
    saved: SavedPlan | None
    terraform: Terraform
    refresh: RefreshPlan = field(default_factory=RefreshPlan)

    @property
    def zone(self) -> str:
        return self.snapshot.zone

    @property
    def plan(self) -> ZonePlan:
        if self.saved is None:
            return ZonePlan(self.zone, tuple(RecordChange(r.address, r.name, r.type, ("no-op",))
                                             for r in self.snapshot.state.records))
        return self.saved.plan

    @property
    def needs_apply(self) -> bool:
        """Changes to make, or what only an apply writes to state: drift found by a full refresh, or a
        new configuration fingerprint (the configuration changed in ways that change no resource)."""
        if self.saved is None:
            return False
        return not self.plan.no_changes or bool(self.saved.drift) or self.plan.outputs_changed


class Deployment:
    """One guarded deploy run over some zones (see the module docstring).

    ``env``: the session's environment (PAT, ``GANDI_URL`` of the pacing proxy, the
    toolchain); ``client``: a LiveDNS client for the snapshots and prunes (default: one
    for the whole run, straight to Gandi but paced by the session proxy's own pacer, so
    requests are paced once and share the provider's budget). ``echo`` gets Terraform's
    streamed lines, ``notify`` the deploy's own progress lines. Call :meth:`close` (or
    use ``with``) to remove the run's plan and adoption files.
    """

    def __init__(self, project: Path, env: Mapping[str, str], *, client: object = None,
                 echo: Echo | None = None, notify: Notify | None = None) -> None:
        self.project = Path(project)
        self.env = dict(env)
        self.run = RunId.new()
        self.echo = echo
        self.notify = notify or (lambda line: None)
        self._client = client
        self._owns_client = client is None
        self._reviewed: list[ReviewedPlan] = []
        self._version: str | None = None
        self._ahead: dict[str, Future[LiveRead | None]] = {}
        self._ahead_stopped = threading.Event()
        self._pool: ThreadPoolExecutor | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Deployment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove this run's plan files and adoption files; close the client it opened."""
        for item in self._reviewed:
            if item.saved is not None:
                discard(item.saved)
            remove_adoption(item.terraform.directory)
        self._reviewed.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._owns_client and self._client is not None:
            self._client.close()  # type: ignore[attr-defined]
            self._client = None

    @property
    def client(self):  # noqa: ANN201 - a LiveDNSClient or a test's stand-in
        if self._client is None:
            from zonestack.deploy.session import current_proxy
            from zonestack.gandi.client import LiveDNSClient
            from zonestack.gandi.pacing import Pacer

            proxy = current_proxy()
            url: str | None
            if proxy is not None:  # straight to Gandi, paced by the proxy's own pacer: one budget, one hop less
                url, pacer = proxy.upstream, proxy.pacer
            else:  # through whatever GANDI_URL names (a test's proxy, or Gandi with ZONESTACK_NO_PROXY)
                url, pacer = self.env.get("GANDI_URL"), Pacer(1_000_000)
            self._client = LiveDNSClient(url, self.env.get("GANDI_PERSONAL_ACCESS_TOKEN"), pacer=pacer,
                                         notify=self.notify)
        return self._client

    # -- the steps ---------------------------------------------------------------------------

    def read_ahead(self, zones: Sequence[str], workers: int = 4) -> None:
        """Start each zone's one live read (listing + zone object) now, ``workers`` at a time, for
        :meth:`plan` to take over: the reads overlap instead of waiting for each other (the pace
        stays shared: they go through the same client and proxy). Still one read per zone."""
        if len(zones) < 2:
            return
        self._pool = ThreadPoolExecutor(max_workers=min(workers, len(zones)), thread_name_prefix="zonestack-read")
        for zone in zones:
            self._ahead[zone] = self._pool.submit(self._read_ahead_one, zone)

    def _read_ahead_one(self, zone: str) -> LiveRead | None:
        """One zone's read ahead; None (the plan reads itself) once a read met a failure that is not a
        zone's own (401, API unreachable): the run stops there, so no more requests start."""
        if self._ahead_stopped.is_set():
            return None
        try:
            return read_live(zone, self.client)
        except (UnauthorizedError, UnreachableError):
            self._ahead_stopped.set()
            raise

    def synthesise(self, zones: Sequence[Zone]) -> None:
        """Write the zones' stacks (in process); raises StepError."""
        synthesise(self.project, zones, self.env)

    def terraform(self, zone: str) -> Terraform:
        return Terraform(zone, stack_dir(self.project, zone), self.env, self.echo)

    def plan(self, declared: Zone) -> ReviewedPlan:
        """Snapshot ``declared``'s zone once and plan it to this run's file; raises StepError or
        SnapshotError (``fatal`` when no zone could succeed: 401, API unreachable)."""
        tf = self.terraform(declared.name)
        local = backend(self.env) == "local"
        if not local:
            tf.init()  # the pg backend's state is read through Terraform
        ahead = self._ahead.pop(declared.name, None)
        read = ahead.result() if ahead is not None else None
        snapshot = take(declared, self.project, self.env, self.client, pull=None if local else tf.state_pull,
                        live=(lambda: read) if read is not None else None)
        if snapshot.live is None:  # no zone at Gandi and none in state: the plan creates it
            self.notify(zone_to_create(declared.name))
        why = unchanged(snapshot, tf.directory / "cdk.tf.json", self.terraform_version())
        if why is None:
            reviewed = ReviewedPlan(snapshot, None, tf)
            self._reviewed.append(reviewed)
            return reviewed
        if local:
            tf.init()
        adopted = write_adoption(tf.directory, snapshot.diff) if snapshot.live is not None else 0
        if adopted:
            self.notify(f"{declared.name}: adopting {adopted} live object(s) not in state (imports in the plan)")
        for address in to_untaint(snapshot):
            tf.untaint(address)
            self.notify(f"{declared.name}: untainted {address} (its create succeeded; live as declared)")
        refresh = refresh_plan(snapshot)
        if refresh.targets:
            reasons = "; ".join(refresh.reasons[:5]) + (" …" if len(refresh.reasons) > 5 else "")
            managed = len(snapshot.state.records) + (1 if snapshot.state.domain else 0)
            self.notify(f"{declared.name}: {len(refresh.targets)} of {managed} resource(s) differ at Gandi; "
                        f"refreshing only those ({reasons})")
            tf.refresh_only(refresh.targets)
        saved = plan_saved(tf, self.run, refresh.args, snapshot.diff.prune)
        reviewed = ReviewedPlan(snapshot, saved, tf, refresh)
        self._reviewed.append(reviewed)
        return reviewed

    def apply(self, reviewed: ReviewedPlan) -> bool:
        """Apply ``reviewed`` (nothing for a plan without changes); True when Terraform applied.

        Raises StepError (one line; nothing applied when the check before apply refuses).
        """
        if not reviewed.needs_apply:
            return False
        zone, prunes = reviewed.zone, reviewed.plan.prunes
        live = None if reviewed.plan.no_changes else self._listing(zone, "before apply")
        problems = live_changes(reviewed.plan, live, prunes)
        if problems:
            raise StepError(f"{zone}: changed at Gandi since the plan, nothing applied, plan again: "
                            + "; ".join(problems))
        verify(reviewed.saved)  # the reviewed plan file, byte for byte, before anything is deleted
        if prunes:
            report = self._delete(zone, prunes, live or {})
            for line in report.lines(zone):
                self.notify(line)
            if report.deleted:
                self.notify(f"{zone}: deleted {len(report.deleted)} live record set(s) not in state "
                            f"({', '.join(f'{r.name} {r.type}' for r in report.deleted)})")
        apply_reviewed(reviewed.saved, reviewed.terraform, reviewed.refresh.args,
                       between=lambda: self._clear_seeded(reviewed.snapshot.declared),
                       switch=lambda names: self._switch(reviewed, names))
        return True

    # -- helpers -----------------------------------------------------------------------------

    def terraform_version(self) -> str:
        """The Terraform (or OpenTofu) version that would plan, read once per run ("" if unknown)."""
        if self._version is None:
            try:
                any_zone = Terraform("version", self.project, self.env)
                self._version = str(json.loads(any_zone.json_output(["version", "-json"])).get("terraform_version", ""))
            except (StepError, ValueError):
                self._version = ""
        return self._version

    def _listing(self, zone: str, why: str) -> dict | None:
        try:
            return by_key(self.client.list_rrsets(zone))
        except NotFoundError:
            return None
        except GandiError as exc:
            raise StepError(f"{zone}: listing the zone {why} failed: {exc}") from None

    def _delete(self, zone: str, listed: Sequence, live: Mapping):  # noqa: ANN202
        try:
            return delete_if_unchanged(self.client, zone, listed, live)
        except GandiError as exc:
            raise StepError(f"{zone}: deleting record sets not in state failed: {exc}") from None

    def _switch(self, reviewed: ReviewedPlan, names: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        """Switch each name's types in one request, then make state say so (see :mod:`.phases`)."""
        zone, tf, declared = reviewed.zone, reviewed.terraform, reviewed.snapshot.declared
        for name, (deleted, created) in names.items():
            records = [r for r in declared.records if r.name == name]
            try:
                self.client.replace_name(zone, name, records)
            except GandiError as exc:
                self._read_back_switch(reviewed, name, records, exc)  # returns only when the PUT landed
            for address in deleted:
                tf.state_rm(address)
            add_imports(tf.directory, [{"to": record_address(r.name, r.type),
                                        "id": provider_import_id(zone, r.name, r.type)}
                                       for r in records if record_address(r.name, r.type) in created])
            self.notify(f"{zone}: switched {name} to {', '.join(r.type for r in records)} in one request "
                        f"(PUT …/records/{name}); the name was never empty")

    def _read_back_switch(self, reviewed: ReviewedPlan, name: str, records: Sequence[RecordSet],
                          exc: GandiError) -> None:
        """After the name PUT failed: returns when it landed all the same (its answer was lost, and the name
        now holds exactly the declared sets); otherwise raises StepError saying what the name holds.

        A refusal (4xx, or 429/503 after every retry) means nothing was applied (LiveDNS spec §9); a lost
        answer (connection broken after sending, 502/504) says nothing, so the name is read back.
        """
        zone = reviewed.zone
        if not isinstance(exc, AnswerLostError) and exc.status not in ANSWER_LOST:
            raise StepError(f"{zone}: switching {name} in one request failed, nothing changed there: {exc}") from None
        try:
            live = self._listing(zone, f"to read {name} back") or {}
        except StepError:
            raise StepError(f"{zone}: switching {name} in one request got no answer ({exc}) and reading it back "
                            "failed: it may have been applied; plan again to see") from None
        now = {key: r for key, r in live.items() if key[0] == name}

        def holds(sets: Iterable[RecordSet]) -> bool:
            expected = {r.key: r for r in sets}
            return now.keys() == expected.keys() and all(same(now[k], expected[k]) for k in expected)

        if holds(records):
            self.notify(f"{zone}: the answer to PUT …/records/{name} was lost; read back: it landed")
            return
        held = ", ".join(f"{t} {' '.join(r.values)}" for (_, t), r in sorted(now.items())) or "nothing"
        if holds(r for r in reviewed.snapshot.live or () if r.name == name):
            raise StepError(f"{zone}: switching {name} in one request got no answer ({exc}); read back: nothing "
                            f"changed there ({held})") from None
        raise StepError(f"{zone}: switching {name} in one request got no answer ({exc}); read back: {name} now "
                        f"holds {held}, neither the plan's before nor its after; plan again") from None

    def _clear_seeded(self, declared: Zone) -> None:
        """After phase 1 created the zone: delete the default sets Gandi seeded in the way of declared ones."""
        live = self._listing(declared.name, "after creating it")
        doomed = in_the_way(declared, (live or {}).values())
        if doomed:
            report = self._delete(declared.name, doomed, live or {})
            self.notify(f"{declared.name}: removed {len(report.deleted)} default record set(s) Gandi seeded in the "
                        f"way of declared ones ({', '.join(f'{r.name} {r.type}' for r in report.deleted)})")


__all__ = ["Deployment", "ReviewedPlan", "SnapshotError", "StepError"]
