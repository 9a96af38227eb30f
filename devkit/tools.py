"""The developer set-up: the servers and tools the tests and the demo use, not the product.

``zonestack setup`` prepares what a user needs (Terraform, the provider mirror, the CLI
config). The test suite and ``make demo`` need more: Knot DNS (the emulator's nameserver),
``dig`` (the README's "ask it yourself" line) and PostgreSQL (the pg-backend tests). This
module finds them and, as root with ``apt-get``, installs the Debian packages that are
missing, so a fresh CI machine runs those tests instead of skipping them. Never raises for a
missing tool: each one's outcome is an :class:`~zonestack.toolchain.prepare.Item`.

``python -m devkit.tools [--check]`` prints one line per tool (run by ``make setup``); exit 0.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping

from devkit.debian import AptFailed, apt_install, can_apt_install
from devkit.postgres import find_postgres
from livedns_emulator.knot import DEBIAN_PACKAGE as KNOT_PACKAGE
from livedns_emulator.knot import KnotBinaries, KnotUnavailable, find_knot
from zonestack.toolchain.prepare import Item, Status

Progress = Callable[[str], None]

DIG_PACKAGE = "bind9-dnsutils"
"""Debian's package holding ``dig`` (``dnsutils`` is only a transitional name for it)."""


def find_dig() -> str | None:
    """``dig`` on PATH or in ``/usr/bin``; None if absent."""
    return shutil.which("dig") or shutil.which("dig", path="/usr/bin")


def install_knot(progress: Progress | None = None) -> None:
    """``apt-get install knot`` (root only); raises KnotUnavailable with apt-get's reason."""
    try:
        apt_install(KNOT_PACKAGE, progress)
    except AptFailed as exc:
        raise KnotUnavailable(str(exc)) from None


def ensure_knot(*, install: bool = True, progress: Progress | None = None) -> KnotBinaries:
    """Knot's binaries, installing Debian's package first when missing and allowed (root)."""
    found = find_knot()
    if found is None and install and can_apt_install():
        install_knot(progress)
        found = find_knot()
    if found is None:
        raise KnotUnavailable("Knot DNS (knotd, knotc) not found on PATH nor in /usr/sbin: "
                              f"install Debian's '{KNOT_PACKAGE}' package")
    return found


def knot_item(check_only: bool, progress: Progress | None) -> Item:
    """Knot DNS serves the emulator's zones over DNS (``zonestack verify`` tests, demo)."""
    try:
        found = ensure_knot(install=not check_only, progress=progress)
    except KnotUnavailable as exc:
        why = "" if check_only or can_apt_install() else " (not root: skipped the install)"
        return Item("knot", Status.WARNING, f"{exc}{why}; DNS tests skip")
    return Item("knot", Status.OK, "Knot DNS, the emulator's nameserver", str(found.knotd))


def dig_item(check_only: bool, progress: Progress | None) -> Item:
    """``dig`` runs the README's "ask it yourself" line in the tests; installed like Knot DNS."""
    found = find_dig()
    why = ""
    if found is None and not check_only:
        if can_apt_install():
            try:
                apt_install(DIG_PACKAGE, progress)
            except AptFailed as exc:
                why = f": {exc}"
            found = find_dig()
        else:
            why = " (not root: skipped the install)"
    if found is None:
        return Item("dig", Status.WARNING, f"dig not found{why}; install Debian's '{DIG_PACKAGE}'; "
                                           "the README's dig test skips")
    return Item("dig", Status.OK, "dig, for the README's DNS lines", found)


def postgres_item(env: Mapping[str, str]) -> Item:
    """PostgreSQL's server binaries (the pg-backend tests start a throwaway cluster)."""
    found = find_postgres(env)
    if found:
        return Item("postgres", Status.OK, "server binaries (for pg-backend tests)", str(found.bindir))
    return Item("postgres", Status.WARNING, "server binaries not found; pg-backend tests install or skip them")


def prepare_dev_tools(*, check_only: bool = False, progress: Progress | None = None,
                      env: Mapping[str, str] | None = None) -> list[Item]:
    """Knot DNS, dig, PostgreSQL: found or installed (unless ``check_only``), one item each."""
    environ = os.environ if env is None else env
    return [knot_item(check_only, progress), dig_item(check_only, progress), postgres_item(environ)]


def main(argv: list[str] | None = None) -> int:
    """Print one line per tool (``  knot          ok  /usr/sbin/knotd``); always 0."""
    args = sys.argv[1:] if argv is None else argv
    check_only = "--check" in args
    print(f"dev tools{' --check' if check_only else ''} (tests and demo)")
    for item in prepare_dev_tools(check_only=check_only,
                                  progress=lambda message: print(f"... {message}", file=sys.stderr)):
        print(f"  {item.name:<14}{item.status.value}  {item.path or item.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
