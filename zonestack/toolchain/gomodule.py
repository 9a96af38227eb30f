"""Build a command from a Go module at an exact version, as any Go user could.

Both tools set-up may have to build (OpenTofu and the gandi provider) are published
as Go modules, and the Go module proxy is the one source of code that every machine
with a Go toolchain reaches (GitHub release downloads and the Terraform registry are
not). The recipe is the same for both:

1. ``go mod download -json MODULE@VERSION`` -- fetches and checksum-verifies the
   module zip (against the checksum database) and unpacks it into the module cache;
2. copy that directory somewhere writable -- the module cache is read-only, and
   ``go install MODULE@VERSION`` refuses modules whose go.mod has ``replace``
   directives (OpenTofu has one), so the build must run *inside* the module;
3. ``go build -o OUTPUT ./PACKAGE`` in the copy, written atomically so that an
   interrupted build never leaves a half-written executable that looks cached.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

Progress = Callable[[str], None]
"""Receives one human-readable line per slow step (builds take minutes)."""

_FALLBACK_GO = (Path("/usr/local/go/bin/go"), Path("/usr/lib/go/bin/go"))


class GoModuleError(RuntimeError):
    """A Go module could not be downloaded or built.

    ``stage`` is ``"go"`` (no Go toolchain), ``"download"`` or ``"build"``;
    ``detail`` is what the tool said (for a download, the proxy's own answer).
    """

    def __init__(self, module: str, version: str, stage: str, detail: str) -> None:
        self.module = module
        self.version = version
        self.stage = stage
        self.detail = detail.strip()
        super().__init__(f"{module}@{version}: {stage} failed: {self.detail}")


@dataclass(frozen=True)
class DownloadedModule:
    """A module unpacked in the (read-only) module cache."""

    path: str
    version: str
    dir: Path


def find_go(env: Mapping[str, str] | None = None) -> Path | None:
    """The ``go`` executable: on PATH, else the usual install locations, else None."""
    environ = os.environ if env is None else env
    found = shutil.which("go", path=environ.get("PATH", os.defpath))
    if found:
        return Path(found)
    for candidate in _FALLBACK_GO:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _go_env(env: Mapping[str, str] | None) -> dict[str, str]:
    """The environment for go: the caller's, with cgo off (static, portable binaries)."""
    merged = dict(os.environ if env is None else env)
    merged["CGO_ENABLED"] = "0"
    return merged


def download_module(
    module: str,
    version: str,
    *,
    go: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> DownloadedModule:
    """``go mod download -json MODULE@VERSION``; raises :class:`GoModuleError` with go's answer."""
    go = go or find_go(env)
    if go is None:
        raise GoModuleError(module, version, "go", "no Go toolchain found (go is not on PATH)")
    # Run outside any module so the project's own go.mod (if any) plays no part.
    with tempfile.TemporaryDirectory(prefix="zonestack-godl-") as neutral:
        proc = subprocess.run(
            [str(go), "mod", "download", "-json", f"{module}@{version}"],
            cwd=neutral,
            env=_go_env(env),
            capture_output=True,
            text=True,
            check=False,
        )
    info: dict[str, object] = {}
    try:
        parsed = json.loads(proc.stdout) if proc.stdout.strip() else {}
        if isinstance(parsed, dict):
            info = parsed
    except json.JSONDecodeError:
        info = {}
    error = info.get("Error")
    if proc.returncode != 0 or error or not info.get("Dir"):
        detail = str(error or proc.stderr or proc.stdout or f"go exited {proc.returncode}")
        raise GoModuleError(module, version, "download", detail)
    return DownloadedModule(
        path=str(info.get("Path", module)), version=str(info.get("Version", version)), dir=Path(str(info["Dir"]))
    )


def _make_writable(root: Path) -> None:
    """Module-cache files are 0444 and directories 0555; a build copy must be writable."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in (*dirnames, *filenames):
            path = Path(dirpath, name)
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
    root.chmod(root.stat().st_mode | stat.S_IWUSR)


def build_command(
    source: DownloadedModule,
    package: str,
    output: Path,
    *,
    ldflags: Sequence[str] = (),
    go: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Path:
    """Build ``package`` (e.g. ``./cmd/tofu``) of a downloaded module into ``output``.

    The module is copied to a temp dir first (see the module docstring); the binary
    is written next to ``output`` and renamed into place only once go succeeded.
    """
    go = go or find_go(env)
    if go is None:
        raise GoModuleError(source.path, source.version, "go", "no Go toolchain found (go is not on PATH)")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial-{os.getpid()}")
    workdir = Path(tempfile.mkdtemp(prefix="zonestack-gobuild-"))
    try:
        tree = workdir / "src"
        shutil.copytree(source.dir, tree, symlinks=True)
        _make_writable(tree)
        command = [str(go), "build", "-trimpath", "-buildvcs=false"]
        if ldflags:
            command.append("-ldflags=" + " ".join(ldflags))
        command += ["-o", str(partial), package]
        proc = subprocess.run(command, cwd=tree, env=_go_env(env), capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not partial.is_file():
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-20:])
            raise GoModuleError(source.path, source.version, "build", tail or f"go build exited {proc.returncode}")
        partial.chmod(0o755)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)
    return output


def is_executable(path: Path) -> bool:
    """A regular file we may execute: what 'already built' means for the cache."""
    return path.is_file() and os.access(path, os.X_OK)
