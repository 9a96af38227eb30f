"""Node >= 22.19 for cdktn-cli: the PATH's when new enough, else a project-local one."""

from __future__ import annotations

from pathlib import Path

import pytest

from devkit.node import MIN_VERSION, NodeUnavailable, ensure_node, node_version
from tests.unit.toolchain.fakes import make_executable


def fake_node(directory: Path, version: str) -> Path:
    return make_executable(directory / "node", f"#!/bin/sh\necho v{version}\n")


def test_version_of_a_binary(tmp_path: Path) -> None:
    assert node_version(fake_node(tmp_path, "22.23.5")) == (22, 23, 5)
    assert node_version(tmp_path / "missing") is None


def test_new_enough_node_on_path_is_used(tmp_path: Path) -> None:
    fake_node(tmp_path, "22.19.0")
    node = ensure_node({"PATH": str(tmp_path)}, tmp_path / "cache", install=False)
    assert (node.source, node.version) == ("path", MIN_VERSION)


def test_older_node_without_install_is_one_clear_error(tmp_path: Path) -> None:
    fake_node(tmp_path, "20.20.2")
    with pytest.raises(NodeUnavailable, match=r"Node 22\.19\.0\+ not found \(run `make setup`\)"):
        ensure_node({"PATH": str(tmp_path)}, tmp_path / "cache", install=False)


def test_older_node_installs_the_binary_package_into_the_cache(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_node(bin_dir, "20.20.2")
    # A fake npm that "installs" by writing the package's bin/node where npm would.
    make_executable(bin_dir / "npm", "#!/bin/sh\n"
                    'prefix="$3"; for a; do last="$a"; done; pkg="${last%@*}"\n'
                    'mkdir -p "$prefix/node_modules/$pkg/bin"\n'
                    'printf \'#!/bin/sh\\necho v22.23.5\\n\' > "$prefix/node_modules/$pkg/bin/node"\n'
                    'chmod +x "$prefix/node_modules/$pkg/bin/node"\n')
    cache = tmp_path / "cache"
    node = ensure_node({"PATH": f"{bin_dir}:/usr/bin:/bin"}, cache)
    assert (node.source, node.version, node.path) == ("installed", (22, 23, 5), cache / "node" / "bin" / "node")
    again = ensure_node({"PATH": f"{bin_dir}:/usr/bin:/bin"}, cache, install=False)
    assert again.source == "cache"


def test_failed_install_says_what_npm_said(tmp_path: Path) -> None:
    fake_node(tmp_path, "18.0.0")
    make_executable(tmp_path / "npm", "#!/bin/sh\necho 'npm error 404 Not Found' >&2\nexit 1\n")
    with pytest.raises(NodeUnavailable, match="failed: npm error 404 Not Found"):
        ensure_node({"PATH": str(tmp_path)}, tmp_path / "cache")
