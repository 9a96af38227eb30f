"""``zonestack setup``: report, exit codes, and that a missing provider never tracebacks."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from tests.unit.toolchain.fakes import ExecutableFactory, FakeGo, make_executable
from zonestack.toolchain.provider import GANDI, MIRROR_ENV, host_platform, mirror_binary_path

Invoke = Callable[..., tuple[int, str]]
"""``run(*args, **env)`` -> (exit code, stdout)."""

_SETUP_CMD = Path(__file__).resolve().parents[3] / "zonestack" / "cli" / "setup_cmd.py"


def _setup_module() -> ModuleType:
    """Load setup_cmd by path: this tests `setup` alone, whichever sibling commands exist yet."""
    spec = importlib.util.spec_from_file_location("zonestack_setup_cmd_under_test", _SETUP_CMD)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, fake_go: FakeGo, cache: Path) -> Invoke:
    """Invoke ``setup`` with only the fake tools on PATH and the cache in a temp dir."""
    command = _setup_module().command

    def invoke(*args: str, **env: str) -> tuple[int, str]:
        for key in ("TERRAFORM_BINARY_NAME", MIRROR_ENV, "TF_CLI_CONFIG_FILE"):
            monkeypatch.delenv(key, raising=False)
        for key, value in {**fake_go.env, "ZONESTACK_CACHE_DIR": str(cache), **env}.items():
            monkeypatch.setenv(key, value)
        result = CliRunner().invoke(command, list(args))
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result.exit_code, result.stdout

    return invoke


def test_refused_provider_exit_3_rest_still_done(
    run: Invoke, fake_go: FakeGo, executable: ExecutableFactory, cache: Path
) -> None:
    executable("terraform")
    fake_go.set_mode("refuse")
    code, out = run("--json")
    assert code == 3
    report = json.loads(out)
    items = {item["name"]: item for item in report["items"]}
    assert items["binary"]["status"] == "ok"
    assert items["provider"]["status"] == "missing"
    assert "This module version is not available." in items["provider"]["detail"]
    assert items["cli-config"]["status"] == "written"
    assert (cache / "terraform.tfrc").is_file()
    assert report["env"]["TF_CLI_CONFIG_FILE"] == str(cache / "terraform.tfrc")


def test_human_output_explains_refusal(run: Invoke, fake_go: FakeGo, executable: ExecutableFactory) -> None:
    executable("terraform")
    fake_go.set_mode("refuse")
    code, out = run()
    assert code == 3
    assert "Traceback" not in out
    assert "go-gandi/gandi 2.3.0 is not available" in out
    assert "ZONESTACK_PROVIDER_MIRROR" in out


def test_ready_with_env_mirror(run: Invoke, tmp_path: Path, executable: ExecutableFactory, fake_go: FakeGo) -> None:
    executable("tofu")
    mirror = tmp_path / "mirror"
    for host in ("registry.terraform.io", "registry.opentofu.org"):
        make_executable(mirror_binary_path(mirror, host, GANDI, host_platform()))
    code, out = run("--json", **{MIRROR_ENV: str(mirror)})
    assert code == 0, out
    report = json.loads(out)
    assert report["env"]["TERRAFORM_BINARY_NAME"].endswith("/tofu")
    assert fake_go.calls() == []


def test_check_builds_and_writes_nothing(run: Invoke, fake_go: FakeGo, cache: Path) -> None:
    code, out = run("--check", "--json")
    report = json.loads(out)
    assert code == 3
    assert {i["name"]: i["status"] for i in report["items"]}["binary"] == "missing"
    assert fake_go.calls() == []
    assert not cache.exists()


def test_full_build_with_fake_go(run: Invoke, fake_go: FakeGo, cache: Path) -> None:
    code, out = run("--json")
    assert code == 0, out
    statuses = {i["name"]: i["status"] for i in json.loads(out)["items"]}
    assert statuses["binary"] == "built" and statuses["provider"] == "built"
    calls = len(fake_go.calls())
    code, out = run("--json")
    statuses = {i["name"]: i["status"] for i in json.loads(out)["items"]}
    assert code == 0 and statuses["binary"] == "ok" and statuses["provider"] == "ok"
    assert len(fake_go.calls()) == calls  # second set-up rebuilt nothing


def test_human_output_is_plain_lines_that_never_cut_a_path(
    run: Invoke, fake_go: FakeGo, executable: ExecutableFactory, cache: Path
) -> None:
    """No table folding a path mid-word at 80 columns, no bare "Tried:" line."""
    executable("terraform")
    fake_go.set_mode("refuse")
    code, out = run()
    assert code == 3
    lines = out.splitlines()
    assert str(cache / "terraform.tfrc") in [line.strip() for line in lines]  # a path on a line of its own
    assert not any(line.strip().endswith("Tried:") for line in lines)
    provider = lines[lines.index("  provider      missing") + 1]
    assert provider.strip().startswith("provider go-gandi/gandi 2.3.0 is not available from any of ")
    assert "set ZONESTACK_PROVIDER_MIRROR to a mirror that holds it" in provider
    assert not any(ch in out for ch in "┃│┏")


def test_make_demo_asks_the_go_module_proxy_once(
    run: Invoke, fake_go: FakeGo, executable: ExecutableFactory, cache: Path
) -> None:
    """Issue 19 item 9: `make demo` is `zonestack setup` then the demo's own prepare(): one download."""
    from zonestack.toolchain.prepare import prepare

    executable("terraform")
    fake_go.set_mode("refuse")
    assert run()[0] == 3  # zonestack setup: asks, is refused
    downloads = [c for c in fake_go.calls() if c["argv"][:2] == ["mod", "download"]]
    assert len(downloads) == 1
    report = prepare(env={**fake_go.env, "ZONESTACK_CACHE_DIR": str(cache)}, cache=cache)  # the demo
    assert report.exit_code == 3
    assert len([c for c in fake_go.calls() if c["argv"][:2] == ["mod", "download"]]) == 1
    detail = {item.name: item.detail for item in report.items}["provider"]
    assert "was refused 0 min ago, not asked again (`zonestack setup` asks again)" in detail
    assert "This module version is not available." in detail
    assert run()[0] == 3  # an explicit setup asks again
    assert len([c for c in fake_go.calls() if c["argv"][:2] == ["mod", "download"]]) == 2
