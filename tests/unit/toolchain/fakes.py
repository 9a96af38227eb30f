"""Fakes for the toolchain tests: executables on a private PATH and a scripted ``go``.

No unit test runs the real Go toolchain, Terraform or PostgreSQL (those that do are
marked ``slow``): the fake ``go`` records its calls and plays the answers the real
one gives (a module directory, a build output, or the module proxy's refusal).
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REFUSAL = (
    "{target}: reading https://goproxy.example/{path}/@v/{version}.info: 403 Forbidden\n"
    "\tserver response: This module version is not available."
)

FAKE_GO_SCRIPT = '''#!{python}
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_GO_LOG"], "a") as log:
    log.write(json.dumps({{"argv": args, "cwd": os.getcwd()}}) + "\\n")
mode = os.environ.get("FAKE_GO_MODE", "ok")
if args[:2] == ["mod", "download"]:
    target = args[-1]
    path, version = target.split("@")
    if mode == "refuse":
        error = {refusal!r}.format(target=target, path=path, version=version)
        print(json.dumps({{"Path": path, "Version": version, "Error": error}}, indent="\\t"))
        sys.exit(1)
    print(json.dumps({{"Path": path, "Version": version, "Dir": os.environ["FAKE_GO_MODULE_DIR"]}}))
    sys.exit(0)
if args and args[0] == "build":
    if mode == "build-fails":
        print("./main.go:3:1: syntax error: unexpected }}", file=sys.stderr)
        sys.exit(1)
    open("writable-probe", "w").close()  # the build copy must be writable
    out = args[args.index("-o") + 1]
    with open(out, "w") as binary:
        binary.write("#!/bin/sh\\necho built\\n")
    sys.exit(0)
sys.exit(2)
'''

ExecutableFactory = Callable[[str], Path]
"""The ``executable`` fixture: ``executable("terraform")`` -> its path on the test PATH."""


def make_executable(path: Path, body: str = "#!/bin/sh\nexit 0\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@dataclass
class FakeGo:
    """A scripted ``go`` on ``env["PATH"]``; ``calls()`` lists what it was asked."""

    env: dict[str, str]
    log: Path
    module_dir: Path

    def calls(self) -> list[dict[str, object]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def set_mode(self, mode: str) -> None:
        self.env["FAKE_GO_MODE"] = mode


def path_env(bin_dir: Path, **extra: str) -> dict[str, str]:
    """An environment whose PATH is only ``bin_dir``."""
    return {"PATH": str(bin_dir), **extra}
