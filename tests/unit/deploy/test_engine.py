"""The deploy engine (:class:`zonestack.deploy.engine.Deployment`) with a fake API client and a fake
Terraform: what ``plan`` decides from the one snapshot, and what ``apply`` does and refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.deploy.planjson import plan as plan_json
from tests.unit.deploy.planjson import record
from zonestack.deploy.adoption import ADOPT_FILE
from zonestack.deploy.engine import Deployment, ReviewedPlan
from zonestack.deploy.refresh import NO_REFRESH
from zonestack.deploy.terraform import StepError
from zonestack.diff import CONFLICT
from zonestack.gandi import GandiError, LiveRRset, NotFoundError
from zonestack.gandi.errors import AnswerLostError
from zonestack.loader import check_text
from zonestack.model import Zone

ZONE = "example.org"
DECLARED = """\
zone: example.org
records:
  - {name: www, type: A, ttl: 300, values: [192.0.2.1]}
  - {name: "@", type: ALIAS, ttl: 300, values: [cdn.example.net.]}
  - {name: "@", type: MX, ttl: 300, values: ["10 mx.example.net."]}
"""
WWW = LiveRRset("www", "A", 300, ("192.0.2.1",))
ALIAS = LiveRRset("@", "ALIAS", 300, ("cdn.example.net.",))
PARKING = LiveRRset("@", "A", 10800, ("217.70.184.38",))          # in the way of the declared @ ALIAS
MX = LiveRRset("@", "MX", 10800, ("10 spool.mail.gandi.net.",))    # live, declared, not in state: adopted
SEEDED = [PARKING, MX, LiveRRset("www", "CNAME", 10800, ("webredir.vip.gandi.net.",)),
          LiveRRset("webmail", "CNAME", 10800, ("webmail.gandi.net.",))]


def declared() -> Zone:
    zone, findings = check_text(DECLARED.encode(), f"{ZONE}.yaml", ZONE)
    assert zone is not None and not findings, findings
    return zone


def instance(rid: str, rset: LiveRRset, tainted: bool = False) -> dict[str, object]:
    item: dict[str, object] = {"attributes": {"name": rset.name, "type": rset.type, "ttl": rset.ttl,
                                              "values": list(rset.values), "zone": ZONE}}
    if tainted:
        item["status"] = "tainted"
    return {"mode": "managed", "type": "gandi_livedns_record", "name": rid, "instances": [item]}


DOMAIN = {"mode": "managed", "type": "gandi_livedns_domain", "name": "zone",
          "instances": [{"attributes": {"id": ZONE, "name": ZONE, "automatic_snapshots": True}}]}


class Client:
    """The LiveDNS client: ``live`` is the zone (None: Gandi has no such zone)."""

    def __init__(self, events: list[str], live: list[LiveRRset] | None) -> None:
        self.events, self.live = events, live

    def list_rrsets(self, zone: str) -> list[LiveRRset]:
        self.events.append("list")
        if self.live is None:
            raise NotFoundError(f"GET /v5/livedns/domains/{zone}/records: 404 Not Found", status=404)
        return list(self.live)

    def get_domain(self, zone: str) -> dict[str, object]:
        self.events.append("get-domain")
        return {"fqdn": zone, "automatic_snapshots": True}

    def replace_name(self, zone: str, name: str, records: list) -> None:  # noqa: ANN001
        self.events.append(f"put {name} {' '.join(r.type for r in records)}")
        assert self.live is not None
        self.live = [s for s in self.live if s.name != name] + [LiveRRset(r.name, r.type, r.ttl, r.values)
                                                                for r in records]

    def delete_rrset(self, zone: str, name: str, rtype: str) -> None:
        self.events.append(f"delete {name} {rtype}")
        assert self.live is not None
        self.live = [s for s in self.live if (s.name, s.type) != (name, rtype)]


PHASES = ("-phase1", "-rest")


def phase(plan_file: str) -> str:
    return next((k for k in PHASES if plan_file.endswith(f"{k}.tfplan")), "")


class Terraform:
    """Terraform in the stack directory: each plan file's ``show -json`` is scripted by suffix."""

    def __init__(self, directory: Path, events: list[str], shown: dict[str, str],
                 on_apply: dict[str, object] | None = None) -> None:
        self.zone, self.directory, self.events, self.shown = ZONE, directory, events, shown
        self.on_apply = on_apply or {}
        self.plan_args: list[list[str]] = []
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "cdk.tf.json").write_text('{"resource": {}}', encoding="utf-8")

    def init(self) -> None:
        self.events.append("init")

    def state_pull(self) -> str:
        raise AssertionError("the local backend's state is read from its file")

    def untaint(self, address: str) -> None:
        self.events.append(f"untaint {address}")

    def refresh_only(self, targets: list[str]) -> None:
        self.events.append(f"refresh {' '.join(targets)}")

    def state_rm(self, address: str) -> None:
        self.events.append(f"state rm {address}")

    def plan(self, plan_file: str, extra: tuple[str, ...] = ()) -> None:
        self.events.append(" ".join(filter(None, ("plan", phase(plan_file)))))
        self.plan_args.append(list(extra))
        (self.directory / plan_file).write_bytes(plan_file.encode())

    def show(self, plan_file: str) -> str:
        return self.shown[phase(plan_file) or "reviewed"]

    def apply(self, plan_file: str) -> None:
        self.events.append(" ".join(filter(None, ("apply", phase(plan_file)))))
        hook = self.on_apply.get(phase(plan_file))
        if callable(hook):
            hook()


TF_VERSION = "1.11.4"


class Engine(Deployment):
    def __init__(self, project: Path, tf: Terraform, client: Client, notes: list[str]) -> None:
        super().__init__(project, {"ZONESTACK_BACKEND": "local"}, client=client, notify=notes.append)
        self.tf = tf

    def terraform(self, zone: str) -> Terraform:  # type: ignore[override]
        return self.tf

    def terraform_version(self) -> str:
        return TF_VERSION


def write_state(project: Path, *resources: dict[str, object]) -> None:
    path = project / ".state" / ZONE / "terraform.tfstate"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 4, "resources": list(resources)}), encoding="utf-8")


def engine(tmp_path: Path, live: list[LiveRRset] | None, shown: dict[str, str],
           on_apply: dict[str, object] | None = None) -> tuple[Engine, Terraform, Client, list[str], list[str]]:
    events: list[str] = []
    notes: list[str] = []
    client = Client(events, live)
    tf = Terraform(tmp_path / "cdktf.out" / "stacks" / ZONE, events, shown, on_apply)
    return Engine(tmp_path, tf, client, notes), tf, client, events, notes


NO_CHANGES = plan_json(record("www", "A", "no-op"), record("@", "ALIAS", "no-op"))


# -- plan -----------------------------------------------------------------------------------


def test_plan_decides_everything_from_one_snapshot(tmp_path: Path) -> None:
    """One listing, one zone read: untaint, targeted refresh, adoption file, prunes in the plan."""
    old = LiveRRset("old", "A", 300, ("192.0.2.9",))
    write_state(tmp_path, DOMAIN, instance("A_www", WWW, tainted=True), instance("ALIAS_APEX", ALIAS),
                instance("A_old", old))
    live = [WWW, ALIAS, PARKING, MX, LiveRRset("old", "A", 300, ("192.0.2.10",))]
    deployment, tf, _, events, notes = engine(tmp_path, live, {"reviewed": NO_CHANGES})
    reviewed = deployment.plan(declared())
    assert events == ["list", "get-domain", "init", "untaint gandi_livedns_record.A_www",
                      "refresh gandi_livedns_record.A_old", "plan"]
    assert tf.plan_args == [[NO_REFRESH]]
    adoption = json.loads((tf.directory / ADOPT_FILE).read_text(encoding="utf-8"))
    assert adoption == {"import": [{"id": "example.org/@/MX", "to": "gandi_livedns_record.MX_APEX"}]}
    assert [(p.key, p.reason) for p in reviewed.plan.prunes] == [(("@", "A"), CONFLICT)]
    assert reviewed.plan.destroys == 1 and not reviewed.plan.no_changes  # the guard counts the prune
    assert notes == [
        "example.org: adopting 1 live object(s) not in state (imports in the plan)",
        "example.org: untainted gandi_livedns_record.A_www (its create succeeded; live as declared)",
        "example.org: 1 of 4 resource(s) differ at Gandi; refreshing only those (old A: values changed at Gandi)"]
    assert reviewed.saved.path.is_file() and reviewed.saved.file.startswith("zonestack-")


def test_close_removes_the_runs_plan_and_adoption_files(tmp_path: Path) -> None:
    deployment, tf, _, _, _ = engine(tmp_path, [WWW, MX], {"reviewed": NO_CHANGES})
    reviewed = deployment.plan(declared())
    assert reviewed.saved.path.is_file() and (tf.directory / ADOPT_FILE).is_file()
    deployment.close()
    assert not reviewed.saved.path.exists() and not (tf.directory / ADOPT_FILE).exists()
    assert sorted(p.name for p in tf.directory.iterdir()) == ["cdk.tf.json"]


def test_a_damaged_state_stops_the_zone_before_any_request(tmp_path: Path) -> None:
    from zonestack.deploy.snapshot import SnapshotError

    path = tmp_path / ".state" / ZONE / "terraform.tfstate"
    path.parent.mkdir(parents=True)
    path.write_text("{", encoding="utf-8")
    deployment, _, _, events, _ = engine(tmp_path, [WWW], {"reviewed": NO_CHANGES})
    with pytest.raises(SnapshotError, match=r"^\.state/example\.org/terraform\.tfstate:1: the Terraform state is "
                                            r"damaged .*runbooks/state-recovery\.md"):
        deployment.plan(declared())
    assert events == []


def test_nothing_can_have_changed_starts_no_terraform(tmp_path: Path) -> None:
    """Declaration = live = state, the configuration last applied, the same Terraform: no plan at all."""
    from zonestack import fingerprint

    events: list[str] = []
    tf = Terraform(tmp_path / "cdktf.out" / "stacks" / ZONE, events, {"reviewed": NO_CHANGES})
    stamp = fingerprint.stamp(tf.directory / "cdk.tf.json")
    mx = LiveRRset("@", "MX", 300, ("10 mx.example.net.",))
    path = tmp_path / ".state" / ZONE / "terraform.tfstate"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 4, "terraform_version": TF_VERSION, "serial": 1, "lineage": "l",
                                "outputs": {fingerprint.OUTPUT: {"value": stamp, "type": "string"}},
                                "resources": [DOMAIN, instance("A_www", WWW), instance("ALIAS_APEX", ALIAS),
                                              instance("MX_APEX", mx)]}), encoding="utf-8")
    client = Client(events, [WWW, ALIAS, mx])
    deployment = Engine(tmp_path, tf, client, [])
    reviewed = deployment.plan(declared())
    assert events == ["list", "get-domain"]  # the snapshot only
    assert reviewed.saved is None and reviewed.plan.no_changes and reviewed.plan.size == 3
    assert deployment.apply(reviewed) is False
    deployment.close()
    assert events == ["list", "get-domain"]
    client.live = [LiveRRset("www", "A", 300, ("192.0.2.7",)), ALIAS, mx]  # moved at Gandi: plan for real
    assert Engine(tmp_path, tf, client, []).plan(declared()).saved is not None
    assert "plan" in events


# -- apply ----------------------------------------------------------------------------------


def planned(tmp_path: Path, live: list[LiveRRset] | None, shown: dict[str, str], on_apply=None):  # noqa: ANN001, ANN201
    write_state(tmp_path, DOMAIN, instance("A_www", WWW), instance("ALIAS_APEX", ALIAS))
    deployment, tf, client, events, notes = engine(tmp_path, live, shown, on_apply)
    reviewed = deployment.plan(declared())
    events.clear()
    return deployment, reviewed, tf, client, events, notes


def test_a_plan_without_changes_lists_nothing_and_applies_nothing(tmp_path: Path) -> None:
    deployment, reviewed, _, _, events, _ = planned(tmp_path, [WWW, ALIAS], {"reviewed": NO_CHANGES})
    assert reviewed.plan.no_changes and not reviewed.needs_apply
    assert deployment.apply(reviewed) is False
    assert events == []


def test_refresh_drift_alone_is_applied_without_a_listing(tmp_path: Path) -> None:
    drifted = json.loads(NO_CHANGES[NO_CHANGES.find("{"):])
    drifted["resource_drift"] = [{"address": "gandi_livedns_record.A_www", "change": {"actions": ["delete"]}}]
    deployment, reviewed, _, _, events, _ = planned(tmp_path, [WWW, ALIAS], {"reviewed": json.dumps(drifted)})
    assert reviewed.plan.no_changes and reviewed.needs_apply
    assert deployment.apply(reviewed) is True
    assert events == ["apply"]


def test_prunes_are_deleted_if_unchanged_then_the_saved_plan_is_applied(tmp_path: Path) -> None:
    shown = {"reviewed": plan_json(record("www", "A", "no-op"), record("@", "ALIAS", "no-op"),
                                   record("mail", "A", "create"))}
    deployment, reviewed, _, client, events, notes = planned(tmp_path, [WWW, ALIAS, PARKING], shown)
    assert [p.key for p in reviewed.plan.prunes] == [("@", "A")]
    assert deployment.apply(reviewed) is True
    assert events == ["list", "delete @ A", "apply"]  # the second listing, the prune, then Terraform
    assert client.live == [WWW, ALIAS]
    assert notes[-1] == "example.org: deleted 1 live record set(s) not in state (@ A)"


def test_refuses_when_a_set_the_plan_touches_changed_at_gandi(tmp_path: Path) -> None:
    shown = {"reviewed": plan_json(record("www", "A", "update"), record("@", "ALIAS", "no-op"))}
    deployment, reviewed, _, client, events, _ = planned(tmp_path, [WWW, ALIAS, PARKING], shown)
    client.live = [LiveRRset("www", "A", 300, ("198.51.100.7",)), ALIAS, PARKING]  # someone changed www A
    with pytest.raises(StepError) as refused:
        deployment.apply(reviewed)
    assert str(refused.value) == ("example.org: changed at Gandi since the plan, nothing applied, plan again: "
                                  "www A: TTL 300 192.0.2.1 at plan time, now TTL 300 198.51.100.7")
    assert events == ["list"]  # no deletion, no apply
    assert PARKING in client.live


def test_refuses_when_a_set_to_prune_changed_at_gandi(tmp_path: Path) -> None:
    deployment, reviewed, _, client, events, _ = planned(tmp_path, [WWW, ALIAS, PARKING], {"reviewed": NO_CHANGES})
    client.live = [WWW, ALIAS, LiveRRset("@", "A", 10800, ("198.51.100.1",))]
    with pytest.raises(StepError, match=r"@ A: to be deleted as TTL 10800 217\.70\.184\.38, now TTL 10800 "
                                        r"198\.51\.100\.1"):
        deployment.apply(reviewed)
    assert events == ["list"]


def test_a_changed_plan_file_deletes_nothing(tmp_path: Path) -> None:
    """The reviewed plan is checked (SHA-256) before zonestack deletes anything of it."""
    deployment, reviewed, _, client, events, _ = planned(tmp_path, [WWW, ALIAS, PARKING], {"reviewed": NO_CHANGES})
    reviewed.saved.path.write_bytes(b"someone else's plan")
    with pytest.raises(StepError, match="changed since it was summarised"):
        deployment.apply(reviewed)
    assert "apply" not in events
    assert PARKING in (client.live or []), "a prune was deleted although nothing of the plan was applied"


def test_creating_the_zone_clears_gandis_defaults_in_the_way_between_the_phases(tmp_path: Path) -> None:
    shown = {"reviewed": plan_json(record("www", "A", "create"), record("@", "ALIAS", "create"), domain=("create",)),
             "-phase1": plan_json(domain=("create",)),
             "-rest": plan_json(record("www", "A", "create"), record("@", "ALIAS", "create"))}
    events: list[str] = []
    notes: list[str] = []
    client = Client(events, None)
    tf = Terraform(tmp_path / "cdktf.out" / "stacks" / ZONE, events, shown,
                   {"-phase1": lambda: setattr(client, "live", list(SEEDED))})  # Gandi seeds the new zone
    deployment = Engine(tmp_path, tf, client, notes)
    reviewed: ReviewedPlan = deployment.plan(declared())
    assert not (tf.directory / ADOPT_FILE).exists() and reviewed.plan.prunes == ()
    events.clear()
    assert deployment.apply(reviewed) is True
    assert events == ["list", "plan -phase1", "apply -phase1", "list", "delete @ A", "delete @ MX",
                      "delete www CNAME", "plan -rest", "apply -rest"]
    assert [(s.name, s.type) for s in client.live or []] == [("webmail", "CNAME")]  # not in the way: stays
    assert notes[-1] == ("example.org: removed 3 default record set(s) Gandi seeded in the way of declared ones "
                         "(@ A, @ MX, www CNAME)")


def test_a_type_switch_is_one_request_then_state_follows(tmp_path: Path) -> None:
    """www A -> CNAME: one PUT of the name, the replaced type forgotten in state, the new one adopted."""
    deployment, reviewed, tf, events, notes = _switch_with(tmp_path, Client)
    client = deployment.client
    assert deployment.apply(reviewed) is True
    assert events == ["list", "put www CNAME", "state rm gandi_livedns_record.A_www", "plan -rest", "apply -rest"]
    assert ("www", "CNAME") in {(s.name, s.type) for s in client.live or []}
    assert ("www", "A") not in {(s.name, s.type) for s in client.live or []}
    adoption = json.loads((tf.directory / ADOPT_FILE).read_text(encoding="utf-8"))["import"]
    assert {"to": "gandi_livedns_record.CNAME_www", "id": "example.org/www/CNAME"} in adoption
    assert notes[-1] == ("example.org: switched www to CNAME in one request (PUT …/records/www); "
                         "the name was never empty")


class LostAnswer(Client):
    """Gandi applies (``lands``) or not the name PUT, and the answer never comes back."""

    def __init__(self, events: list[str], live: list[LiveRRset] | None, lands: bool,
                 also: LiveRRset | None = None) -> None:
        super().__init__(events, live)
        self.lands, self.also = lands, also

    def replace_name(self, zone: str, name: str, records: list) -> None:  # noqa: ANN001
        if self.lands:
            super().replace_name(zone, name, records)
        else:
            self.events.append(f"put {name} {' '.join(r.type for r in records)}")
        if self.also is not None:
            assert self.live is not None
            self.live = [s for s in self.live if s.name != self.also.name] + [self.also]
        raise AnswerLostError(f"PUT /v5/livedns/domains/{zone}/records/{name}: the connection to the Gandi API "
                              "broke before the answer (Server disconnected without sending a response.)")


def _switch_with(tmp_path: Path, client_for) -> tuple[Engine, ReviewedPlan, Terraform, list[str], list[str]]:  # noqa: ANN001
    text = DECLARED.replace("{name: www, type: A, ttl: 300, values: [192.0.2.1]}",
                            "{name: www, type: CNAME, ttl: 300, values: [cdn.example.net.]}")
    zone, findings = check_text(text.encode(), f"{ZONE}.yaml", ZONE)
    assert zone is not None and not findings
    shown = {"reviewed": plan_json(record("www", "A", "delete"), record("www", "CNAME", "create"),
                                   record("@", "ALIAS", "no-op")),
             "-rest": plan_json(record("@", "ALIAS", "no-op"))}
    write_state(tmp_path, DOMAIN, instance("A_www", WWW), instance("ALIAS_APEX", ALIAS))
    events: list[str] = []
    notes: list[str] = []
    client = client_for(events, [WWW, ALIAS, MX])
    tf = Terraform(tmp_path / "cdktf.out" / "stacks" / ZONE, events, shown)
    deployment = Engine(tmp_path, tf, client, notes)
    reviewed = deployment.plan(zone)
    events.clear()
    return deployment, reviewed, tf, events, notes


def test_a_switch_whose_answer_was_lost_but_landed_goes_on(tmp_path: Path) -> None:
    """The PUT landed and its answer was lost (bench type_switch: "drop after name PUT"): read back, the
    name holds the declared sets, so state follows and the rest is applied — not "nothing changed"."""
    deployment, reviewed, _, events, notes = _switch_with(tmp_path, lambda e, live: LostAnswer(e, live, lands=True))
    assert deployment.apply(reviewed) is True
    assert events == ["list", "put www CNAME", "list", "state rm gandi_livedns_record.A_www", "plan -rest",
                      "apply -rest"]
    assert "example.org: the answer to PUT …/records/www was lost; read back: it landed" in notes


def test_a_switch_whose_answer_was_lost_and_did_not_land_says_so(tmp_path: Path) -> None:
    deployment, reviewed, _, events, _ = _switch_with(tmp_path, lambda e, live: LostAnswer(e, live, lands=False))
    with pytest.raises(StepError) as failed:
        deployment.apply(reviewed)
    assert str(failed.value).endswith("read back: nothing changed there (A 192.0.2.1)")
    assert events == ["list", "put www CNAME", "list"]  # state untouched, nothing applied


def test_a_switch_whose_answer_was_lost_and_the_name_changed_otherwise_says_what_it_holds(tmp_path: Path) -> None:
    other = LiveRRset("www", "AAAA", 300, ("2001:db8::1",))
    deployment, reviewed, _, events, _ = _switch_with(
        tmp_path, lambda e, live: LostAnswer(e, [s for s in live if s.name != "www"] + [WWW], lands=False, also=other))
    with pytest.raises(StepError) as failed:
        deployment.apply(reviewed)
    assert str(failed.value).endswith("read back: www now holds AAAA 2001:db8::1, neither the plan's before nor its "
                                      "after; plan again")
    assert "state rm" not in " ".join(events)


def test_a_refused_switch_changed_nothing(tmp_path: Path) -> None:
    class Refuses(Client):
        def replace_name(self, zone: str, name: str, records: list) -> None:  # noqa: ANN001
            self.events.append("put")
            raise GandiError(f"PUT /v5/livedns/domains/{zone}/records/{name}: 400 Bad Request", status=400)

    deployment, reviewed, _, events, _ = _switch_with(tmp_path, Refuses)
    with pytest.raises(StepError, match="switching www in one request failed, nothing changed there: PUT"):
        deployment.apply(reviewed)
    assert events == ["list", "put"]
