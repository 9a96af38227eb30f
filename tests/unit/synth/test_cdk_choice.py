"""CDK Terrain (``cdktn``) and cdktf synthesise the same Terraform JSON.

``ZONESTACK_CDK`` picks the framework in ``constructs_lib/cdk.py`` alone. Every
zone in ``records/`` and the compose example are synthesised under both, in
separate processes, and every ``*.tf.json`` compared byte for byte in the
snapshot tests' canonical form (parsed, keys sorted, indented). Two differences
are the frameworks' own and are taken out first: the release in the ``//``
metadata block, and the raw files' layout of empty objects and lists (cdktf
writes ``{\n}``, cdktn ``{}``), which carries no meaning.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def canonical(data: bytes) -> tuple[bytes, str]:
    """The snapshot form of a synthesised file, and the CDK release named in its metadata."""
    parsed = json.loads(data)
    meta = parsed["//"]["metadata"] if "//" in parsed else parsed  # cdk.tf.json, or manifest.json
    version = meta.pop("version", "")
    return (json.dumps(parsed, indent=2, sort_keys=True) + "\n").encode(), version


def synth(workdir: Path, script: Path, framework: str) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GANDI_", "CDKTF_", "ZONESTACK_"))}
    out = workdir / f"out-{framework}"
    run = subprocess.run([sys.executable, str(script)], cwd=workdir, capture_output=True, text=True, timeout=300,
                         env={**env, "ZONESTACK_CDK": framework, "CDKTF_OUTDIR": str(out)})
    assert run.returncode == 0, run.stderr
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.json"))}


@pytest.mark.parametrize("script", [ROOT / "main.py", ROOT / "examples" / "compose" / "main.py"], ids=["zones", "compose"])
def test_cdktf_and_cdktn_write_identical_json(tmp_path: Path, script: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "records", tmp_path / "records")
    tf = synth(tmp_path, script, "cdktf")
    tn = synth(tmp_path, script, "cdktn")
    assert tf and sorted(tf) == sorted(tn)
    for name, data in tf.items():
        (tf_json, tf_version), (tn_json, tn_version) = canonical(data), canonical(tn[name])
        assert tf_json == tn_json, f"{name} differs between cdktf and cdktn"
        assert (tf_version, tn_version) == ("0.21.0", "0.24.0")


def test_an_unknown_framework_is_one_clear_line(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "records", tmp_path / "records")
    run = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "ZONESTACK_CDK": "pulumi"})
    assert run.returncode == 2
    assert run.stderr.strip() == "synth: ZONESTACK_CDK='pulumi' is not a known CDK (use one of: cdktf, cdktn)"
