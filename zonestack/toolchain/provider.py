"""The go-gandi/gandi provider pin and the unpacked filesystem mirror that holds it.

Terraform and OpenTofu normally download providers from their registries. Where
those are out of reach (CI, air-gapped hosts) they can instead install from an
*unpacked filesystem mirror*: a directory laid out as
``HOSTNAME/NAMESPACE/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION``.
Terraform asks for ``registry.terraform.io/go-gandi/gandi`` and OpenTofu for
``registry.opentofu.org/go-gandi/gandi``, so the mirror carries both.

Where the binary comes from, first hit wins:

1. ``ZONESTACK_PROVIDER_MIRROR`` -- an existing mirror (an artifact store, or a
   developer's own build) that already contains the pinned provider;
2. the project cache's mirror, if an earlier set-up filled it (nothing is rebuilt);
3. the mirror an earlier set-up found (remembered in ``<cache>/provider-mirror``,
   so a later shell needs no variable);
4. Terraform's implied local mirror directories (``~/.terraform.d/plugins``,
   ``$XDG_DATA_HOME/terraform/plugins``..., see :mod:`.mirrors`);
5. a build from the provider's Go module at the pinned version.

A mirror found by 1, 3 or 4 is remembered. If all fail, :class:`ProviderUnavailable`
says what was tried and what each source answered (for the Go module: the proxy's
own words).
"""

from __future__ import annotations

import os
import platform as _platform
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from zonestack.toolchain import refusal
from zonestack.toolchain.cache import cache_dir, project_root
from zonestack.toolchain.gomodule import (
    GoModuleError,
    Progress,
    build_command,
    download_module,
    is_executable,
)
from zonestack.toolchain.mirrors import implied_mirror_dirs, read_remembered, remember

MIRROR_ENV = "ZONESTACK_PROVIDER_MIRROR"
"""An existing unpacked mirror to use instead of building."""

REGISTRY_HOSTS = ("registry.terraform.io", "registry.opentofu.org")
"""Terraform's and OpenTofu's default registry hosts: the mirror is laid out for both."""


@dataclass(frozen=True)
class ProviderPin:
    """One provider at one exact version, and the Go module it is built from."""

    namespace: str
    type: str
    version: str
    go_module: str
    go_package: str = "."

    @property
    def source(self) -> str:
        """The ``required_providers`` source address, e.g. ``go-gandi/gandi``."""
        return f"{self.namespace}/{self.type}"

    @property
    def tag(self) -> str:
        """The Go module version (the provider's git tag)."""
        return f"v{self.version}"

    @property
    def binary_name(self) -> str:
        """The executable name Terraform expects inside the mirror."""
        return f"terraform-provider-{self.type}_v{self.version}"

    def addresses(self) -> tuple[str, ...]:
        """Fully qualified addresses, one per registry host (for the CLI config)."""
        return tuple(f"{host}/{self.source}" for host in REGISTRY_HOSTS)


GANDI = ProviderPin(
    namespace="go-gandi",
    type="gandi",
    version="2.3.0",
    go_module="github.com/go-gandi/terraform-provider-gandi/v2",
)
"""The pin this project's stacks require (``go-gandi/gandi`` = ``2.3.0``)."""

_GOOS_PREFIXES = (
    ("linux", "linux"),
    ("darwin", "darwin"),
    ("win32", "windows"),
    ("cygwin", "windows"),
    ("freebsd", "freebsd"),
)
_GOARCH = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "i386": "386",
    "i686": "386",
    "x86": "386",
    "armv7l": "arm",
    "armv6l": "arm",
}


def host_platform() -> str:
    """This host as Terraform names platforms (``GOOS_GOARCH``, e.g. ``linux_amd64``).

    Derived from Python rather than ``go env`` so that it works without Go (a mirror
    from ``ZONESTACK_PROVIDER_MIRROR`` needs no toolchain).
    """
    goos = next((name for prefix, name in _GOOS_PREFIXES if sys.platform.startswith(prefix)), sys.platform)
    machine = _platform.machine().lower()
    return f"{goos}_{_GOARCH.get(machine, machine)}"


def mirror_binary_path(mirror: Path, host: str, pin: ProviderPin = GANDI, platform: str | None = None) -> Path:
    """Where one host's copy of the provider sits in an unpacked mirror."""
    return mirror / host / pin.namespace / pin.type / pin.version / (platform or host_platform()) / pin.binary_name


def mirror_binary_paths(mirror: Path, pin: ProviderPin = GANDI, platform: str | None = None) -> dict[str, Path]:
    """Every host's copy, keyed by registry host."""
    return {host: mirror_binary_path(mirror, host, pin, platform) for host in REGISTRY_HOSTS}


def hosts_in_mirror(mirror: Path, pin: ProviderPin = GANDI, platform: str | None = None) -> tuple[str, ...]:
    """The registry hosts for which ``mirror`` holds an executable provider binary."""
    return tuple(host for host, path in mirror_binary_paths(mirror, pin, platform).items() if is_executable(path))


def cache_mirror_dir(cache: Path | None = None) -> Path:
    """The project cache's own mirror: ``<cache>/providers``."""
    return (cache or cache_dir()) / "providers"


class MirrorSource(str, Enum):
    """Which of the three sources the mirror came from."""

    ENV = "env"
    CACHED = "cached"
    REMEMBERED = "remembered"
    IMPLIED = "terraform-implied-dir"
    BUILT = "built"


@dataclass(frozen=True)
class ProviderMirror:
    """A mirror directory known to hold the pinned provider for this platform."""

    path: Path
    source: MirrorSource
    hosts: tuple[str, ...]
    pin: ProviderPin = GANDI
    platform: str = field(default_factory=host_platform)

    def binaries(self) -> dict[str, Path]:
        """The provider executables present, keyed by registry host."""
        return {h: mirror_binary_path(self.path, h, self.pin, self.platform) for h in self.hosts}


class ProviderUnavailable(RuntimeError):
    """The pinned provider could be neither found nor built.

    ``attempts`` lists, in order, each source tried and what it answered; ``str()``
    is a complete message for a person (what, what was tried, what to do).
    """

    def __init__(self, pin: ProviderPin, attempts: list[str]) -> None:
        self.pin = pin
        self.attempts = list(attempts)
        lines = [
            f"provider {pin.source} {pin.version} is not available from any of {len(self.attempts)} source(s); "
            f"set {MIRROR_ENV} to a mirror that holds it",
            "Sources tried:",
        ]
        lines += [f"  {n}. {attempt}" for n, attempt in enumerate(self.attempts, 1)]
        lines += [
            "Ways out:",
            f"  - set {MIRROR_ENV} to an unpacked filesystem mirror that contains",
            f"    {mirror_binary_path(Path('<mirror>'), REGISTRY_HOSTS[0], pin)}",
            "    (and/or the registry.opentofu.org equivalent), then run `zonestack setup` again;",
            "  - or, on a machine that reaches the Terraform registry, leave TF_CLI_CONFIG_FILE unset:",
            "    `terraform init` then downloads the provider as usual.",
        ]
        super().__init__("\n".join(lines))


_VERSION_VAR = re.compile(r"^\s*(?:var\s+)?version\s+(?:string\b|=)", re.MULTILINE)
"""``var version string``, ``var version = "dev"``, or ``version string`` in a var block."""


def _main_ldflags(module_dir: Path, pin: ProviderPin) -> tuple[str, ...]:
    """``-X main.version=...`` only if the provider's main package declares ``version``.

    Some providers report their version through a linker-set ``main.version``; go-gandi
    2.3.0's main.go has none, and the flag is then simply left out.
    """
    flags = ["-s", "-w"]
    main_go = module_dir / pin.go_package / "main.go"
    try:
        text = main_go.read_text(encoding="utf-8")
    except OSError:
        text = ""
    if _VERSION_VAR.search(text):
        flags += ["-X", f"main.version={pin.version}"]
    return tuple(flags)


def _link_or_copy(source: Path, target: Path) -> None:
    """Give another host's layout the same binary: a hard link if possible, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        os.link(source, partial)
    except OSError:
        shutil.copy2(source, partial)
    partial.chmod(0o755)
    os.replace(partial, target)


def _complete_layout(mirror: Path, pin: ProviderPin, platform: str) -> tuple[str, ...]:
    """Make sure every host's layout has the binary, from whichever host already has it."""
    present = hosts_in_mirror(mirror, pin, platform)
    if present:
        source = mirror_binary_path(mirror, present[0], pin, platform)
        for host in REGISTRY_HOSTS:
            if host not in present:
                _link_or_copy(source, mirror_binary_path(mirror, host, pin, platform))
    return hosts_in_mirror(mirror, pin, platform)


def _candidates(environ: Mapping[str, str], cache: Path) -> list[tuple[MirrorSource, Path]]:
    """Sources 1-4 in order (the cache's own mirror is source 2)."""
    found: list[tuple[MirrorSource, Path]] = []
    configured = environ.get(MIRROR_ENV)
    if configured:
        found.append((MirrorSource.ENV, Path(configured).expanduser().resolve()))
    found.append((MirrorSource.CACHED, cache_mirror_dir(cache)))
    remembered = read_remembered(cache)
    if remembered is not None:
        found.append((MirrorSource.REMEMBERED, remembered))
    found += [(MirrorSource.IMPLIED, d) for d in implied_mirror_dirs(environ, cwd=project_root())]
    return found


def find_provider_mirror(
    env: Mapping[str, str] | None = None,
    cache: Path | None = None,
    pin: ProviderPin = GANDI,
    platform: str | None = None,
) -> ProviderMirror | None:
    """Sources 1-4 without building or writing anything; None if none has it."""
    environ = os.environ if env is None else env
    platform = platform or host_platform()
    for source, mirror in _candidates(environ, cache or cache_dir(environ)):
        hosts = hosts_in_mirror(mirror, pin, platform)
        if hosts:
            return ProviderMirror(mirror, source, hosts, pin, platform)
    return None


def _not_there(source: MirrorSource, mirror: Path, pin: ProviderPin, platform: str) -> str:
    inside = mirror_binary_path(mirror, REGISTRY_HOSTS[0], pin, platform).relative_to(mirror)
    return {
        MirrorSource.ENV: f"{MIRROR_ENV}={mirror}: no executable {inside} (nor the registry.opentofu.org "
                          "equivalent) in it",
        MirrorSource.CACHED: f"project cache {mirror}: provider not built yet",
        MirrorSource.REMEMBERED: f"mirror remembered from an earlier set-up, {mirror}: no longer holds it",
    }.get(source, str(mirror))


def ensure_provider_mirror(
    env: Mapping[str, str] | None = None,
    cache: Path | None = None,
    pin: ProviderPin = GANDI,
    *,
    build: bool = True,
    progress: Progress | None = None,
    retry_refused: bool = False,
) -> ProviderMirror:
    """A mirror holding ``pin`` for this platform, building it into the cache if needed.

    A mirror from outside the project (sources 1, 3, 4) is used as it is (it may be
    a read-only artifact store) and remembered in the cache unless ``build`` is
    false (check only: nothing written); the cache's own mirror is completed for
    both hosts. Raises :class:`ProviderUnavailable` when nothing works (or, with
    ``build=False``, when nothing is there yet). A refusal of the Go module proxy is
    remembered for an hour (:mod:`zonestack.toolchain.refusal`) and not asked again unless
    ``retry_refused`` (``zonestack setup`` sets it).
    """
    environ = os.environ if env is None else env
    cache = cache or cache_dir(environ)
    platform = host_platform()
    attempts: list[str] = [] if environ.get(MIRROR_ENV) else [f"{MIRROR_ENV}: not set"]
    implied: list[str] = []
    for source, mirror in _candidates(environ, cache):
        hosts = hosts_in_mirror(mirror, pin, platform)
        if not hosts:
            if source is MirrorSource.IMPLIED:
                implied.append(str(mirror))
            else:
                attempts.append(_not_there(source, mirror, pin, platform))
            continue
        if source is MirrorSource.CACHED:
            hosts = _complete_layout(mirror, pin, platform) if build else hosts
        elif build:
            remember(cache, mirror)
        return ProviderMirror(mirror, source, hosts, pin, platform)
    attempts.append("Terraform's implied local mirror directories: none holds it (" + ", ".join(implied) + ")")

    if not build:
        attempts.append("building from the Go module: skipped (check only)")
        raise ProviderUnavailable(pin, attempts)

    mirror = cache_mirror_dir(cache)
    target = mirror_binary_path(mirror, REGISTRY_HOSTS[0], pin, platform)
    kept = None if retry_refused else refusal.recall(cache, pin.go_module, pin.tag)
    if kept is not None:
        answer, age = kept
        attempts.append(f"`go mod download {pin.go_module}@{pin.tag}` was refused {age / 60:.0f} min ago, not asked "
                        f"again (`zonestack setup` asks again): {answer}")
        raise ProviderUnavailable(pin, attempts)
    try:
        if progress:
            progress(f"downloading Go module {pin.go_module}@{pin.tag}")
        module = download_module(pin.go_module, pin.tag, env=env)
        refusal.forget(cache)
        if progress:
            progress(f"building provider {pin.source} {pin.version} into {mirror}")
        build_command(module, pin.go_package, target, ldflags=_main_ldflags(module.dir, pin), env=env)
    except GoModuleError as exc:
        what = {
            "go": "finding a Go toolchain",
            "download": f"`go mod download {pin.go_module}@{pin.tag}`",
            "build": f"`go build` of {pin.go_module}@{pin.tag}",
        }.get(exc.stage, exc.stage)
        answer = " | ".join(line.strip() for line in exc.detail.splitlines() if line.strip())
        attempts.append(f"{what} failed: {answer}")
        if exc.stage == "download":
            refusal.record(cache, pin.go_module, pin.tag, answer)
        raise ProviderUnavailable(pin, attempts) from exc
    hosts = _complete_layout(mirror, pin, platform)
    return ProviderMirror(mirror, MirrorSource.BUILT, hosts, pin, platform)
