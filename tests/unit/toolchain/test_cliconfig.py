"""The CLI config text that points Terraform/OpenTofu at the provider mirror."""

from __future__ import annotations

from pathlib import Path

from zonestack.toolchain.cliconfig import cli_config_path, render_cli_config, write_cli_config

EXPECTED = """\
# Written by `zonestack setup`; regenerated on every run -- do not edit.
# Used only where TF_CLI_CONFIG_FILE points at this file.
provider_installation {
  filesystem_mirror {
    path    = "/srv/mirror"
    include = ["registry.terraform.io/go-gandi/gandi", "registry.opentofu.org/go-gandi/gandi"]
  }
  direct {
    exclude = ["registry.terraform.io/go-gandi/gandi", "registry.opentofu.org/go-gandi/gandi"]
  }
}
"""


def test_text() -> None:
    assert render_cli_config(Path("/srv/mirror")) == EXPECTED


def test_paths_are_escaped_for_hcl() -> None:
    text = render_cli_config(Path('/srv/we"ird/${x}/%{y}\\z'), ["a/b/c"])
    assert 'path    = "/srv/we\\"ird/$${x}/%%{y}\\\\z"' in text
    assert 'include = ["a/b/c"]' in text and 'exclude = ["a/b/c"]' in text


def test_written_into_the_cache_only_when_changed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = write_cli_config(Path("/srv/mirror"), cache)
    assert path == cli_config_path(cache) == cache / "terraform.tfrc"
    assert path.read_text() == EXPECTED
    before = path.stat().st_mtime_ns
    write_cli_config(Path("/srv/mirror"), cache)
    assert path.stat().st_mtime_ns == before
    write_cli_config(Path("/srv/other"), cache)
    assert '"/srv/other"' in path.read_text()
