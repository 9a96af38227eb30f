"""The deploy synthesises a zone again only when an input of synthesis changed (issue 18).

Tries to fool the rule: an edited record file, import plan, backend setting, a hand-edited
``cdk.tf.json``, a synthesis by plain ``main.py`` (cdktf) in between. When in doubt it synthesises.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zonestack.deploy.synth import synthesise
from zonestack.loader import load_zone
from zonestack.synth_cache import KEY_FILE

ROOT = Path(__file__).resolve().parents[3]
ZONE = "example.com"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "records", tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(project: Path, env: dict[str, str] | None = None) -> list[str]:
    return synthesise(project, [load_zone(project / "records" / f"{ZONE}.yaml")], env or {"ZONESTACK_BACKEND": "local"})


def stack_file(project: Path) -> Path:
    return project / "cdktf.out" / "stacks" / ZONE / "cdk.tf.json"


def test_unchanged_inputs_reuse_the_stack(project: Path) -> None:
    assert run(project) == [ZONE]
    written = stack_file(project).read_bytes()
    assert run(project) == []
    assert stack_file(project).read_bytes() == written


def test_a_changed_record_file_import_plan_or_setting_synthesises_again(project: Path) -> None:
    run(project)
    records = project / "records" / f"{ZONE}.yaml"
    records.write_text(records.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # one byte
    assert run(project) == [ZONE]
    (project / "imports").mkdir()
    (project / "imports" / f"{ZONE}.json").write_text('{"domain": true, "records": {}}\n', encoding="utf-8")
    assert run(project) == [ZONE]
    assert '"import"' in stack_file(project).read_text(encoding="utf-8")
    assert run(project, {"ZONESTACK_BACKEND": "pg"}) == [ZONE]
    assert '"pg"' in stack_file(project).read_text(encoding="utf-8")
    assert run(project, {"ZONESTACK_BACKEND": "local"}) == [ZONE]


def test_a_hand_edited_stack_or_a_missing_key_synthesises_again(project: Path) -> None:
    run(project)
    path = stack_file(project)
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["resource"]["gandi_livedns_record"]))
    data["resource"]["gandi_livedns_record"][first]["ttl"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run(project) == [ZONE]
    assert json.loads(path.read_text(encoding="utf-8"))["resource"]["gandi_livedns_record"][first]["ttl"] != 1
    (path.parent / KEY_FILE).unlink()
    assert run(project) == [ZONE]


def test_a_synthesis_by_plain_cdktf_in_between_drops_the_key(project: Path) -> None:
    run(project)
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=project, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "ZONESTACK_BACKEND": "pg",
                                            "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert not (stack_file(project).parent / KEY_FILE).exists()
    assert run(project) == [ZONE]
    assert '"local"' in stack_file(project).read_text(encoding="utf-8")
