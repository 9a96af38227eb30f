"""Find the Terraform-compatible binary that cdktf and set-up will run.

cdktf runs whatever ``TERRAFORM_BINARY_NAME`` names (default ``terraform``). A user
may have Terraform, OpenTofu, or neither; Terraform's own binaries come from a
download site that not every machine reaches, whereas OpenTofu is an ordinary Go
module. So the order is:

1. ``TERRAFORM_BINARY_NAME`` if set (the user's explicit choice; a name or a path);
2. ``terraform`` on PATH;
3. ``tofu`` on PATH;
4. an OpenTofu already built into the project cache (at the pinned version);
5. build OpenTofu :data:`OPENTOFU_VERSION` from its Go module into the cache.

Steps 1-4 never build anything, so a second set-up is instant.

``ZONESTACK_ENGINE=opentofu`` skips step 2: OpenTofu from PATH, the cache or a build, even
where Terraform is installed. OpenTofu 1.10 applies a large first deploy with about a third
of Terraform 1.11's CPU (``bench/results/first_deploy_engines.md``); the default stays
Terraform, the binary the image ships. Like ``ZONESTACK_BACKEND`` it is read on every run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from zonestack.toolchain.cache import cache_dir
from zonestack.toolchain.gomodule import (
    GoModuleError,
    Progress,
    build_command,
    download_module,
    is_executable,
)

BINARY_ENV = "TERRAFORM_BINARY_NAME"
"""cdktf's own variable for the binary it runs; set-up honours it first."""
ENGINE_ENV = "ZONESTACK_ENGINE"
"""``terraform`` (default: Terraform first, then OpenTofu) or ``opentofu`` (OpenTofu only)."""
ENGINES = ("terraform", "opentofu")

OPENTOFU_MODULE = "github.com/opentofu/opentofu"
OPENTOFU_VERSION = "v1.10.6"
"""Pinned: a newer OpenTofu is a deliberate upgrade, not something a rebuild picks up."""

OPENTOFU_PACKAGE = "./cmd/tofu"
OPENTOFU_LDFLAGS = ("-s", "-w", "-X", "github.com/opentofu/opentofu/version.dev=no")
"""``version.dev=no`` is what release builds set: ``tofu version`` then says 1.10.6, not 1.10.6-dev."""


class BinarySource(str, Enum):
    """Where the binary came from (the step of the resolution order that found it)."""

    ENV = "env"
    TERRAFORM = "terraform-on-path"
    TOFU = "tofu-on-path"
    CACHED = "cached-opentofu"
    BUILT = "built-opentofu"


@dataclass(frozen=True)
class ResolvedBinary:
    """A Terraform-compatible executable and how it was found."""

    path: Path
    source: BinarySource

    @property
    def is_opentofu(self) -> bool:
        """OpenTofu resolves bare provider sources against its own registry host."""
        if self.source in (BinarySource.TOFU, BinarySource.CACHED, BinarySource.BUILT):
            return True
        return "tofu" in self.path.name


class BinaryUnavailable(RuntimeError):
    """No Terraform-compatible binary could be found or built."""


def cached_opentofu_path(cache: Path | None = None) -> Path:
    """Where a built OpenTofu lives: ``<cache>/bin/tofu``."""
    return (cache or cache_dir()) / "bin" / "tofu"


def _stamp_path(binary: Path) -> Path:
    return binary.with_name(binary.name + ".version")


def _cached_opentofu(cache: Path, version: str) -> Path | None:
    """The cached tofu if it exists *and* was built from the pinned version."""
    binary = cached_opentofu_path(cache)
    stamp = _stamp_path(binary)
    if is_executable(binary) and stamp.is_file() and stamp.read_text().strip() == version:
        return binary
    return None


def find_binary(env: Mapping[str, str] | None = None, cache: Path | None = None) -> ResolvedBinary | None:
    """Steps 1-4 of the resolution order: never builds. None if nothing is there.

    Raises :class:`BinaryUnavailable` if ``TERRAFORM_BINARY_NAME`` names something that
    is not an executable: silently running another binary than the one the user
    asked for would be worse than stopping.
    """
    environ = os.environ if env is None else env
    search_path = environ.get("PATH", os.defpath)
    named = environ.get(BINARY_ENV)
    if named:
        found = shutil.which(named, path=search_path)
        if not found:
            raise BinaryUnavailable(f"{BINARY_ENV}={named!r} is not an executable (not a path, nor on PATH)")
        return ResolvedBinary(Path(found), BinarySource.ENV)
    candidates = [("terraform", BinarySource.TERRAFORM), ("tofu", BinarySource.TOFU)]
    if engine(environ) == "opentofu":
        candidates = candidates[1:]
    for name, source in candidates:
        found = shutil.which(name, path=search_path)
        if found:
            return ResolvedBinary(Path(found), source)
    cached = _cached_opentofu(cache or cache_dir(environ), OPENTOFU_VERSION)
    if cached:
        return ResolvedBinary(cached, BinarySource.CACHED)
    return None


def engine(env: Mapping[str, str]) -> str:
    """The engine ``ZONESTACK_ENGINE`` asks for (default ``terraform``); raises BinaryUnavailable for
    any other value (a typo must not silently pick the other engine)."""
    value = env.get(ENGINE_ENV, "").strip().lower() or "terraform"
    if value not in ENGINES:
        raise BinaryUnavailable(f"{ENGINE_ENV}={env.get(ENGINE_ENV)!r}: expected one of {', '.join(ENGINES)}")
    return value


def build_opentofu(
    cache: Path | None = None,
    *,
    version: str = OPENTOFU_VERSION,
    env: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build OpenTofu ``version`` from its Go module into ``<cache>/bin/tofu`` (step 5).

    A no-op if that version is already there. Takes minutes the first time (the
    module's dependencies are large); raises :class:`BinaryUnavailable` with go's
    answer if the module cannot be downloaded or built.
    """
    cache = cache or cache_dir(env)
    cached = _cached_opentofu(cache, version)
    if cached:
        return cached
    target = cached_opentofu_path(cache)
    try:
        if progress:
            progress(f"downloading Go module {OPENTOFU_MODULE}@{version}")
        module = download_module(OPENTOFU_MODULE, version, env=env)
        if progress:
            progress(f"building OpenTofu {version} into {target} (takes several minutes)")
        build_command(module, OPENTOFU_PACKAGE, target, ldflags=OPENTOFU_LDFLAGS, env=env)
    except GoModuleError as exc:
        raise BinaryUnavailable(
            f"no usable terraform or tofu on PATH, and OpenTofu {version} could not be built "
            f"from Go module {OPENTOFU_MODULE}: {exc.stage} failed: {exc.detail}"
        ) from exc
    _stamp_path(target).write_text(version + "\n")
    return target


def ensure_binary(
    env: Mapping[str, str] | None = None,
    cache: Path | None = None,
    *,
    build: bool = True,
    progress: Progress | None = None,
) -> ResolvedBinary:
    """The whole resolution order; builds OpenTofu only if nothing else is there.

    With ``build=False`` (``setup --check``) a missing binary raises instead.
    """
    found = find_binary(env, cache)
    if found:
        return found
    if not build:
        raise BinaryUnavailable(
            f"no {BINARY_ENV}, no terraform or tofu on PATH, and no OpenTofu {OPENTOFU_VERSION} "
            "in the project cache (run `zonestack setup` to build it)"
        )
    return ResolvedBinary(build_opentofu(cache, env=env, progress=progress), BinarySource.BUILT)
