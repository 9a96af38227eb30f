"""``python -m livedns_emulator``: run the local Gandi LiveDNS emulator in the foreground.

Tokens come from a file (``--token-file``), never from the command line, so a
PAT does not end up in shell history or the process list.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from livedns_emulator import Emulator, Settings, serve_forever
from livedns_emulator.knot import KnotUnavailable
from livedns_emulator.requestlog import LoggedRequest


def read_token_file(path: Path) -> list[tuple[str, str]]:
    """``(scheme, token)`` pairs: one token per line, optional ``Bearer``/``Apikey``
    prefix (default Bearer); blank lines and ``#`` comments are skipped."""
    pairs = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if len(words) == 2 and words[0].lower() in ("bearer", "apikey"):
            pairs.append((words[0], words[1]))
        elif len(words) == 1:
            pairs.append(("Bearer", words[0]))
        else:
            raise click.BadParameter(f"line {number}: expected '[Bearer|Apikey] TOKEN'",
                                     param_hint="--token-file")
    return pairs


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.command("emulator")
@click.option("--port", type=int, default=8080, show_default=True,
              help="TCP port to listen on (0 picks a free one).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Directory holding the persisted state (created if absent).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; keep it loopback, the admin API is unauthenticated.")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File of tokens to accept, one per line ('[Bearer|Apikey] TOKEN').")
@click.option("--seed-defaults", is_flag=True,
              help="POST /domains fills new zones with Gandi's default records.")
@click.option("--rate-limit", type=int, default=1000, show_default=True,
              help="Requests per minute per client IP before 429 (0 disables).")
@click.option("--quiet", is_flag=True, help="Do not print one line per request.")
@click.option("--dns-port", type=click.IntRange(0, 65535), default=None,
              help="Also answer the zones over DNS (Knot DNS) on 127.0.0.1 at this UDP/TCP port (0: a free one).")
def command(port: int, data_dir: Path, host: str, token_file: Path | None,
            seed_defaults: bool, rate_limit: int, quiet: bool, dns_port: int | None) -> None:
    """Serve a local Gandi LiveDNS v5 API emulator until Ctrl-C.

    Point clients at the printed URL (e.g. GANDI_URL for Terraform/go-gandi).
    Set-up routes for other processes live under /_emulator/ (see
    livedns_emulator.admin). State persists in --data across restarts.
    """
    tokens = read_token_file(token_file) if token_file else []
    settings = Settings(rate_limit_per_minute=rate_limit, seed_default_records=seed_defaults)

    def ready(emu: Emulator) -> None:
        click.echo(f"LiveDNS emulator listening on {emu.url} "
                   f"(data: {data_dir}, {len(tokens)} token(s) from file)", err=True)
        if dns_port is not None:
            try:
                dns = emu.start_dns(dns_port)
            except KnotUnavailable as exc:
                click.echo(f"emulator: {exc}", err=True)
                sys.exit(1)
            click.echo(f"DNS (Knot) answering the zones at {dns.address}; for zonestack verify: "
                       + " ".join(f"{k}='{v}'" for k, v in dns.env().items()), err=True)

    def log(entry: LoggedRequest) -> None:
        click.echo(f"{entry.method} {entry.path} {entry.status} {entry.token_label or '-'}",
                   err=True)

    signal.signal(signal.SIGTERM, _interrupt)  # stop like Ctrl-C: Knot is stopped too
    serve_forever(data_dir, settings, host, port, tokens=tokens, on_ready=ready,
                  on_request=None if quiet else log)
