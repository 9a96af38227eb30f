"""Everything ``zonestack setup`` does, as one call that never raises for a missing tool.

Set-up has several independent parts (binary, provider mirror, CLI config, env) and
one failing must not hide the state of the others: a user without the provider still
wants the binary built and to be told exactly what is missing. So each part is
tried, and its outcome -- found, built, written, or missing with the reason -- goes
into a :class:`SetupReport`, which the CLI prints and turns into an exit code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

from zonestack.toolchain.binary import BinaryUnavailable, ResolvedBinary, ensure_binary
from zonestack.toolchain.cache import cache_dir
from zonestack.toolchain.cliconfig import cli_config_path, render_cli_config, write_cli_config
from zonestack.toolchain.env import toolchain_env
from zonestack.toolchain.gomodule import Progress
from zonestack.toolchain.provider import (
    GANDI,
    REGISTRY_HOSTS,
    ProviderMirror,
    ProviderUnavailable,
    cache_mirror_dir,
    ensure_provider_mirror,
)

EXIT_OK = 0
EXIT_PROVIDER_UNAVAILABLE = 3
"""The provider can be neither found nor built (also when the binary is missing too)."""
EXIT_BINARY_UNAVAILABLE = 4
"""No Terraform-compatible binary, but the provider is there."""


class Status(str, Enum):
    OK = "ok"
    BUILT = "built"
    WRITTEN = "written"
    MISSING = "missing"
    WARNING = "warning"


@dataclass
class Item:
    """One part of the set-up and what happened to it."""

    name: str
    status: Status
    detail: str
    path: str | None = None


@dataclass
class SetupReport:
    """All parts, plus the environment a cdktf/terraform subprocess should get."""

    cache: str
    check_only: bool
    items: list[Item] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    binary: ResolvedBinary | None = None
    mirror: ProviderMirror | None = None

    def item(self, name: str) -> Item:
        return next(i for i in self.items if i.name == name)

    @property
    def exit_code(self) -> int:
        if self.mirror is None:
            return EXIT_PROVIDER_UNAVAILABLE
        if self.binary is None:
            return EXIT_BINARY_UNAVAILABLE
        return EXIT_OK

    def to_json(self) -> dict[str, object]:
        return {
            "cache": self.cache,
            "check_only": self.check_only,
            "exit_code": self.exit_code,
            "items": [{**asdict(i), "status": i.status.value} for i in self.items],
            "env": self.env,
        }


def _binary_item(report: SetupReport, env: Mapping[str, str], cache: Path, progress: Progress | None) -> None:
    try:
        binary = ensure_binary(env, cache, build=not report.check_only, progress=progress)
    except BinaryUnavailable as exc:
        report.items.append(Item("binary", Status.MISSING, str(exc)))
        return
    report.binary = binary
    status = Status.BUILT if binary.source.value == "built-opentofu" else Status.OK
    report.items.append(Item("binary", status, f"{binary.source.value}", str(binary.path)))


def _provider_item(report: SetupReport, env: Mapping[str, str], cache: Path, progress: Progress | None,
                   retry_refused: bool = False) -> None:
    try:
        mirror = ensure_provider_mirror(env, cache, build=not report.check_only, progress=progress,
                                        retry_refused=retry_refused)
    except ProviderUnavailable as exc:
        report.items.append(Item("provider", Status.MISSING, str(exc)))
        return
    report.mirror = mirror
    status = Status.BUILT if mirror.source.value == "built" else Status.OK
    detail = (
        f"{GANDI.source} {GANDI.version} for {mirror.platform} ({mirror.source.value}); "
        f"hosts: {', '.join(mirror.hosts)}"
    )
    report.items.append(Item("provider", status, detail, str(mirror.path)))
    if report.binary is not None:
        needed = REGISTRY_HOSTS[1] if report.binary.is_opentofu else REGISTRY_HOSTS[0]
        if needed not in mirror.hosts:
            report.items.append(
                Item(
                    "provider-host",
                    Status.WARNING,
                    f"{report.binary.path.name} looks for {needed}/{GANDI.source}, which this mirror lacks",
                    str(mirror.path),
                )
            )


def _cli_config_item(report: SetupReport, cache: Path) -> Path | None:
    mirror_path = report.mirror.path if report.mirror else cache_mirror_dir(cache)
    path = cli_config_path(cache)
    lacking = "" if report.mirror else "; the mirror lacks the provider: `terraform init` fails until it is there"
    if report.check_only:
        if path.is_file() and path.read_text(encoding="utf-8") == render_cli_config(mirror_path, GANDI.addresses()):
            report.items.append(Item("cli-config", Status.OK, "up to date" + lacking, str(path)))
            return path
        report.items.append(Item("cli-config", Status.MISSING, "not written yet, or stale", str(path)))
        return None
    write_cli_config(mirror_path, cache)
    report.items.append(Item("cli-config", Status.WRITTEN, f"filesystem mirror {mirror_path}" + lacking, str(path)))
    return path


def prepare(
    *,
    check_only: bool = False,
    env: Mapping[str, str] | None = None,
    cache: Path | None = None,
    progress: Progress | None = None,
    retry_refused: bool = False,
) -> SetupReport:
    """Find or build the binary and the provider mirror, write the CLI config, report.

    With ``check_only`` nothing is built, installed or written. Never raises for a
    missing tool: each part's outcome is in the report (see :attr:`SetupReport.exit_code`).
    ``retry_refused``: ask the Go module proxy again even if it refused within the hour
    (``zonestack setup``; the demo and deploy trust the remembered refusal).
    """
    environ = dict(os.environ if env is None else env)
    cache = cache or cache_dir(environ)
    report = SetupReport(cache=str(cache), check_only=check_only)
    _binary_item(report, environ, cache, progress)
    _provider_item(report, environ, cache, progress, retry_refused)
    config = _cli_config_item(report, cache)
    report.env = toolchain_env(
        binary=report.binary.path if report.binary else None,
        cli_config=config,
        cache=cache,
        create=not check_only,
    )
    return report
