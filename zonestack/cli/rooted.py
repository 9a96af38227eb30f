"""Every command runs at the project root, and an OS error is one line, never a traceback.

Defaults such as ``records/``, ``imports/``, ``.state/`` and ``cdktf.out/`` are
relative to the project root. So that a command works from any directory inside
the checkout (as ``cdktf`` does, the root is the nearest ``cdktf.json`` upwards,
see :mod:`zonestack.project`), each command's callback is wrapped: paths the
user typed are made absolute against the directory they were typed in, then the
process changes to the root for the command and back afterwards.

A read-only checkout, a full disk or a missing permission surfaces as an
``OSError`` from deep inside a command; the wrapper turns any that escapes into
``zonestack <command>: <what> <path>`` and exit status 1.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from zonestack.deploy.runner import Interrupted
from zonestack.project import find_root

_USER_SOURCES = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT, ParameterSource.PROMPT)


def describe_os_error(exc: OSError) -> str:
    """One line for an OSError: what failed, on which path, and the likely cause."""
    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno == errno.EROFS:
        return f"cannot write{where}: read-only file system (run from a writable copy of the project)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied:{where or ' (no path given)'} (is the checkout read-only for this user?)"
    if exc.errno == errno.ENOSPC:
        return f"no space left on device{(' writing' + where) if where else ''}"
    reason = exc.strerror or exc.__class__.__name__
    return f"{reason}:{where}" if where else reason


def _absolute(value: Any, base: Path) -> Any:
    if isinstance(value, tuple):
        return tuple(_absolute(v, base) for v in value)
    if isinstance(value, Path):
        return value if value.is_absolute() else base / value
    if isinstance(value, str) and value and value != "-":
        return value if os.path.isabs(value) else str(base / value)
    return value


def _user_paths_absolute(ctx: click.Context, kwargs: dict[str, Any], base: Path) -> None:
    for param in ctx.command.params:
        if (param.name in kwargs and isinstance(param.type, click.Path)
                and ctx.get_parameter_source(param.name) in _USER_SOURCES):
            kwargs[param.name] = _absolute(kwargs[param.name], base)


def at_project_root(callback: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``callback`` run at the project root with user paths kept meaningful, OS errors as one line."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        here = Path.cwd()
        root = find_root(here)
        moved = root is not None and root != here.resolve()
        if moved:
            _user_paths_absolute(click.get_current_context(), kwargs, here)
            os.chdir(root)  # type: ignore[arg-type]
        try:
            return callback(*args, **kwargs)
        except OSError as exc:
            click.echo(f"zonestack {name}: {describe_os_error(exc)}", err=True)
            sys.exit(1)
        except Interrupted as exc:  # Terraform was stopped gracefully: its state is complete
            click.echo(f"zonestack {name}: {exc}: Terraform finished its in-flight requests and saved its state; "
                       "run the command again to converge", err=True)
            sys.exit(exc.exit_status)
        except KeyboardInterrupt:
            click.echo(f"zonestack {name}: interrupted (SIGINT); nothing more was done", err=True)
            sys.exit(130)
        finally:
            if moved:
                os.chdir(here)

    return run


def wrap_commands(command: click.Command, prefix: str = "") -> None:
    """Wrap the callback of ``command`` and of every subcommand below it (once)."""
    name = f"{prefix}{command.name}".strip()
    if command.callback is not None and not getattr(command.callback, "_zonestack_rooted", False):
        command.callback = at_project_root(command.callback, name)
        command.callback._zonestack_rooted = True  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            wrap_commands(sub, f"{name} ")
