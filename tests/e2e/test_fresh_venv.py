"""Reuse from another cdktf project: ``pip install`` the checkout into a fresh venv, then
a 20-line app outside the repository synthesises a zone (no CLI, no record file)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]

APP = textwrap.dedent('''\
    """Another project's cdktf app: one zone declared in code."""
    from constructs_lib.cdk import App, TerraformOutput, TerraformStack, TerraformVariable
    from constructs_lib.gandi import GandiProvider
    from constructs_lib.zone import GandiZone

    app = App(outdir="cdktf.out")
    stack = TerraformStack(app, "dns")
    GandiProvider(stack, "gandi")
    server_ip = TerraformVariable(stack, "server_ip", type="string")

    zone = GandiZone.from_name(stack, "zone", "example.org", ttl=3600)
    zone.add_record_set("@", "MX", ["10 mail.example.net."])
    zone.add_record_set("@", "TXT", ["v=spf1 exists:%{i}._spf.example.org ~all"])
    zone.add_record_set("api", "A", [server_ip.string_value], ttl=300)
    zone.add_record_set("www", "CNAME", ["api"])

    TerraformOutput(stack, "api_fqdn", value=zone.record_set("api", "A").fqdn)
    app.synth()
''')


def test_pip_installed_checkout_serves_an_app_outside_the_repository(tmp_path: Path) -> None:
    source = tmp_path / "checkout"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if (ROOT / rel).is_file() and not (ROOT / rel).is_symlink():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, source / rel)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                          str(source)], capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    app_dir = tmp_path / "elsewhere"
    app_dir.mkdir()
    (app_dir / "app.py").write_text(APP, encoding="utf-8")
    assert len(APP.splitlines()) <= 20
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CDKTF_", "VIRTUAL_ENV"))}
    run = subprocess.run([str(venv / "bin" / "python"), "app.py"], cwd=app_dir, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    out = json.loads((app_dir / "cdktf.out" / "stacks" / "dns" / "cdk.tf.json").read_text())
    records = out["resource"]["gandi_livedns_record"]
    assert records["A_api"]["values"] == ["${var.server_ip}"]
    assert records["TXT_APEX"]["values"] == ['"v=spf1 exists:%%{i}._spf.example.org ~all"']
    assert records["CNAME_www"]["values"] == ["api.example.org."]
    assert out["resource"]["gandi_livedns_domain"]["zone"]["name"] == "example.org"
    located = subprocess.run([str(venv / "bin" / "python"), "-c", "import constructs_lib, zonestack; "
                              "print(constructs_lib.__file__, zonestack.__file__)"], cwd=app_dir, env=env,
                             capture_output=True, text=True, timeout=60)
    assert str(venv) in located.stdout and str(ROOT) not in located.stdout
