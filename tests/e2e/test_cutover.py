"""Issue 22 with the real provider: the nameserver flip refused, gated, applied and proven.

The emulator plays LiveDNS, the registrar (Gandi's v5 domain API) and the parent zone over DNS
(Knot). The domain starts delegated to its old provider with a DS for the old signer at the
registry. The cutover refuses while that DS is published, then while its served TTL is not waited
out, then while one declared set is missing at the LiveDNS nameserver; without a go it only shows
the plan; with ``--yes`` it flips through ``gandi_nameservers`` and proves the delegation; a second
plan of the delegation stack has no changes. Then DNSSEC: ``zonestack dnssec`` refuses until the old
delegation's NS TTL has passed, signs at LiveDNS, publishes the DS through ``gandi_dnssec_key`` only
with a go, proves the chain of trust over DNS, and plans no changes the second time.
"""

from __future__ import annotations

import base64
import json
import os
import pty
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from livedns_emulator import Emulator, Settings
from tests.unit.verify.conftest import knot_or_skip
from zonestack.cutover import ds_memory
from zonestack.deploy.runner import run_terraform
from zonestack.gandi import LiveDNSClient

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PAT = "pat_cutover_" + "c" * 24
ZONE = "example.com"
OLD = ["ns1.old-dns.example", "ns2.old-dns.example"]
RECORDS = f"""\
zone: {ZONE}
ttl: 300
delegation: {{registrar: gandi}}
records:
  - {{name: "@", type: A, values: [192.0.2.10]}}
  - {{name: www, type: CNAME, values: ["{ZONE}."]}}
  - {{name: "@", type: MX, values: ["10 mail.{ZONE}."]}}
  - {{name: mail, type: A, values: [192.0.2.25]}}
"""


@dataclass
class Rig:
    root: Path
    emu: Emulator
    env: dict[str, str]
    outputs: list[str]

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "zonestack", *args], cwd=self.root, env=self.env,
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        self.outputs.append(done.stdout + done.stderr)
        return done

    def cutover(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("cutover", "--zone", ZONE, *args)

    def domain_api(self) -> httpx.Client:
        return httpx.Client(base_url=f"{self.emu.url}/v5/domain", headers={"Authorization": f"Bearer {PAT}"},
                            timeout=10)

    def registrar_nameservers(self) -> list[str]:
        with self.domain_api() as api:
            return api.get(f"/domains/{ZONE}/nameservers").json()


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory, provider_env: dict[str, str]) -> Iterator[Rig]:
    knot_or_skip()
    tmp = tmp_path_factory.mktemp("cutover")
    root = tmp / "project"
    (root / "records").mkdir(parents=True)
    for name in ("main.py", "cdktf.json"):
        (root / name).write_text((REPO / name).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "records" / f"{ZONE}.yaml").write_text(RECORDS, encoding="utf-8")
    emu = Emulator.start(tmp / "emu", Settings(fsync=False))
    emu.add_token(PAT, label="cutover")
    emu.register_domain(ZONE)
    dns = emu.start_dns()
    dns.delegate(ZONE, OLD)  # the registry still delegates to the old provider
    env = {**os.environ, **provider_env, **dns.env(), "GANDI_URL": emu.url, "GANDI_PERSONAL_ACCESS_TOKEN": PAT,
           "PYTHONPATH": str(REPO), "ZONESTACK_BACKEND": "local"}
    rig = Rig(root, emu, env, [])
    deployed = rig.run("deploy", "--quiet", "--zone", ZONE)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    yield rig
    emu.stop()
    assert not [i for i, text in enumerate(rig.outputs) if PAT in text]


def line(done: subprocess.CompletedProcess[str], prefix: str) -> str:
    found = [x for x in done.stdout.splitlines() if x.startswith(prefix)]
    assert found, done.stdout + done.stderr
    return found[0]


def test_1_refused_while_the_parent_publishes_a_ds_for_the_old_signer(rig: Rig) -> None:
    key = base64.b64encode(bytes(range(1, 65))).decode()
    with rig.domain_api() as api:  # the old provider's KSK, published at the registry
        assert api.post(f"/domains/{ZONE}/dnskeys",
                        json={"algorithm": 13, "type": "ksk", "public_key": key}).status_code == 201
    done = rig.cutover("--yes")
    assert done.returncode == 3, done.stdout + done.stderr
    ds = line(done, "FAIL ds: ")
    assert f"the parent publishes DS for {ZONE} (key tag " in ds and "TTL 86400 s as served by" in ds
    assert "go insecure first: remove the DS at the registry, then wait 86400 s" in done.stdout
    assert line(done, "ok   records: ") and line(done, "ok   audit: ")
    assert "NS TTL 172800 s as the parent serves it" in line(done, "ok   delegation: now delegated to ns1.old-dns")
    assert "plan:" not in done.stdout and rig.registrar_nameservers() == OLD

    with rig.domain_api() as api:  # going insecure: the DS is removed at the registry...
        [published] = api.get(f"/domains/{ZONE}/dnskeys").json()
        assert api.delete(f"/domains/{ZONE}/dnskeys/{published['id']}").status_code == 204
    waiting = rig.cutover("--yes")  # ...but resolvers may hold it for the TTL the parent served
    assert waiting.returncode == 3, waiting.stdout + waiting.stderr
    assert "no DS at the parent now, but one was served" in line(waiting, "FAIL ds: ")
    assert "with TTL 86400 s: resolvers may still hold it for 86" in waiting.stdout
    assert rig.registrar_nameservers() == OLD

    seen, ttl = ds_memory.recall(rig.root / ".state", ZONE)  # a day passes
    assert seen is not None and ttl == 86400
    ds_memory.remember(rig.root / ".state", ZONE, time.time() - 86401, 86400)


def test_2_refused_while_one_declared_set_is_missing_at_a_livedns_nameserver(rig: Rig) -> None:
    with LiveDNSClient(rig.emu.url, PAT) as client:
        client.delete_rrset(ZONE, "mail", "A")
    done = rig.cutover("--yes")
    assert done.returncode == 3, done.stdout + done.stderr
    records = line(done, "FAIL records: ")
    assert f"{ZONE}: 3/4 record sets ok at 1 nameserver" in records and "mail A missing at ns-" in records
    assert "deploy the zone (`zonestack deploy --zone example.com`)" in done.stdout
    assert line(done, "ok   ds: no DS at the parent; the last one (TTL 86400 s) expired")
    assert rig.registrar_nameservers() == OLD
    redeployed = rig.run("deploy", "--quiet", "--zone", ZONE)
    assert redeployed.returncode == 0, redeployed.stdout + redeployed.stderr


def test_3_without_a_go_only_the_plan_is_shown(rig: Rig) -> None:
    done = rig.cutover()  # stdin is not a terminal and there is no --yes
    assert done.returncode == 4, done.stdout + done.stderr
    assert "plan: gandi_nameservers.delegation: create: nameservers not managed yet -> ns-" in done.stdout
    assert "no go: pass --yes" in done.stderr
    assert rig.registrar_nameservers() == OLD


def test_3b_at_a_terminal_the_go_is_the_zone_name_typed(rig: Rig) -> None:
    controller, terminal = pty.openpty()
    try:
        os.write(controller, b"example.org\n")  # typed ahead: the terminal holds the line for the prompt
        done = subprocess.run([sys.executable, "-m", "zonestack", "cutover", "--zone", ZONE], cwd=rig.root,
                              env=rig.env, stdin=terminal, capture_output=True, text=True, timeout=600)
    finally:
        os.close(terminal)
        os.close(controller)
    rig.outputs.append(done.stdout + done.stderr)
    assert done.returncode == 4, done.stdout + done.stderr
    assert f"Type {ZONE} to flip its nameservers" in done.stdout
    assert "no go (typed 'example.org'); nothing changed" in done.stderr
    assert rig.registrar_nameservers() == OLD


def test_4_the_gated_flip_is_applied_and_the_delegation_proven(rig: Rig) -> None:
    report = rig.root / "cutover.md"
    done = rig.cutover("--yes", "--wait", "60", "--report", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    livedns = httpx.get(f"{rig.emu.url}/v5/livedns/nameservers/{ZONE}").json()
    assert rig.registrar_nameservers() == livedns  # set through the provider, in the data source's order
    assert rig.emu.dns is not None and rig.emu.dns.delegation(ZONE) == livedns
    assert "delegation: parent-ns.emulator.invalid" in done.stdout and ": ok, delegated to ns-" in done.stdout
    text = report.read_text(encoding="utf-8")
    rig.outputs.append(text)
    assert "- --yes; applied: yes" in text and "| ds | ok |" in text and ": ok, delegated to ns-" in text
    assert PAT not in text

    proven = rig.run("verify", "--zone", ZONE, "--delegation")
    assert proven.returncode == 0, proven.stdout + proven.stderr


def test_5_a_second_plan_of_the_delegation_stack_has_no_changes(rig: Rig) -> None:
    again = rig.cutover("--yes")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "plan: gandi_nameservers.delegation: no changes" in again.stdout
    assert "ok   delegation: already delegated to LiveDNS" in again.stdout
    stack = rig.root / "cdktf.out" / "stacks" / f"delegation-{ZONE}"
    plain = run_terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], stack,
                          {k: v for k, v in rig.env.items() if k != "PYTHONPATH"})
    rig.outputs.append(plain.output)
    assert plain.returncode == 0, plain.output  # 0: no changes (2 would be a diff)
    assert json.loads((stack / "cdk.tf.json").read_text())["resource"]["gandi_nameservers"]


def test_6_dnssec_waits_out_the_old_delegations_ns_ttl(rig: Rig) -> None:
    records = rig.root / "records" / f"{ZONE}.yaml"
    records.write_text(RECORDS.replace("{registrar: gandi}", "{registrar: gandi, dnssec: true}"), encoding="utf-8")
    done = rig.run("dnssec", "--zone", ZONE, "--yes")
    assert done.returncode == 3, done.stdout + done.stderr
    assert line(done, "ok   delegation: the parent delegates to LiveDNS (ns-")
    assert "the old delegation's NS TTL is 172800 s: resolvers may ask the old nameservers for 17" in \
        line(done, "FAIL ns-ttl: flipped ")
    with LiveDNSClient(rig.emu.url, PAT) as client:
        assert client.signing_keys(ZONE) == []  # refused before anything is signed
    assert not (rig.root / "imports").exists()
    flipped, ttl = ds_memory.recall(rig.root / ".state", ZONE, ds_memory.FLIP)  # two days pass
    assert flipped is not None and ttl == 172800
    ds_memory.remember(rig.root / ".state", ZONE, time.time() - 172801, 172800, ds_memory.FLIP)


def test_7_without_a_go_the_zone_is_signed_but_no_ds_is_published(rig: Rig) -> None:
    done = rig.run("dnssec", "--zone", ZONE, "--wait", "60")
    assert done.returncode == 4, done.stdout + done.stderr
    assert "now signs the zone with key-signing key " in line(done, "ok   signing: LiveDNS ")
    assert line(done, "ok   served: every LiveDNS nameserver (1) serves the zone signed by key ")
    assert f"wrote imports/{ZONE}.dnssec.json" in done.stdout
    assert "plan: gandi_dnssec_key.ksk_" in done.stdout and ": publish the DS at the registry" in done.stdout
    assert "no go: pass --yes" in done.stderr
    with rig.domain_api() as api:
        assert api.get(f"/domains/{ZONE}/dnskeys").json() == []


def test_8_dnssec_on_and_the_chain_of_trust_proven(rig: Rig) -> None:
    report = rig.root / "dnssec.md"
    done = rig.run("dnssec", "--zone", ZONE, "--yes", "--wait", "60", "--report", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   signing: LiveDNS signs the zone with key-signing key" in done.stdout  # the same key, not a new one
    with LiveDNSClient(rig.emu.url, PAT) as client:
        [key] = client.signing_keys(ZONE)
        public = client.signing_key(ZONE, key.id).public_key
    with rig.domain_api() as api:
        [published] = api.get(f"/domains/{ZONE}/dnskeys").json()
    assert published["public_key"] == public and published["type"] == "ksk"
    assert line(done, "chain: ok   DS at parent-ns.emulator.invalid")
    assert "matches the DS and signs the DNSKEY rrset" in line(done, "chain: ok   DNSKEY at ns-")
    assert "5 rrset(s) (SOA and the declared sets) validate" in line(done, "chain: ok   answers at ns-")
    assert line(done, "chain: ok   denial at ns-").endswith("NSEC signed")
    assert f"dnssec: {ZONE}: chain of trust proven at 2 server(s)" in done.stdout
    text = report.read_text(encoding="utf-8")
    rig.outputs.append(text)
    assert "# DNSSEC of example.com" in text and "## Chain of trust" in text and "- --yes; applied: yes" in text
    assert PAT not in text
    still = rig.run("verify", "--zone", ZONE)
    assert still.returncode == 0, still.stdout + still.stderr


def test_9_a_second_dnssec_run_plans_no_changes(rig: Rig) -> None:
    again = rig.run("dnssec", "--zone", ZONE, "--yes")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "publish the DS" not in again.stdout and "- not needed (no changes)" not in again.stdout
    stack = rig.root / "cdktf.out" / "stacks" / f"delegation-{ZONE}"
    plain = run_terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], stack,
                          {k: v for k, v in rig.env.items() if k != "PYTHONPATH"})
    rig.outputs.append(plain.output)
    assert plain.returncode == 0, plain.output
    assert json.loads((stack / "cdk.tf.json").read_text())["resource"]["gandi_dnssec_key"]
