"""One deploy run's access to Gandi: the PAT read once, and the pacing proxy for the provider.

:func:`open_session` resolves the PAT (variable, file or command; see
:mod:`zonestack.gandi.token_source`), starts :class:`~zonestack.gandi.proxy.PacingProxy` on
127.0.0.1 in front of ``GANDI_URL`` and returns the variables every child (Terraform, the
provider, provisioners) must get: ``GANDI_URL`` pointing at the proxy and the PAT as
``GANDI_PERSONAL_ACCESS_TOKEN``. The proxy stops when the process exits.

go-gandi gives every request 5 s in all, so the proxy may hold a request only ~3.5 s; Terraform's
``-parallelism`` is lowered (through ``TF_CLI_ARGS_plan``/``TF_CLI_ARGS_apply``) so the requests
queued at the pacer never wait longer than that at the configured pace.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Callable, Mapping

from zonestack.gandi.client import DEFAULT_URL, URL_ENV
from zonestack.gandi.pacing import Pacer, lowest_pace, parallelism, rate_from_env
from zonestack.gandi.proxy import HOLD, PacingProxy
from zonestack.gandi.token_source import TOKEN_ENV, resolve_token

PROXY_OFF_ENV = "ZONESTACK_NO_PROXY"
"""Set to 1 to let the provider talk to ``GANDI_URL`` directly (no pacing, no retries)."""


_current: PacingProxy | None = None


def current_proxy() -> PacingProxy | None:
    """This run's pacing proxy (None without one): what Gandi refused and what the provider gave up on."""
    return _current


QUEUED_WAIT = HOLD * 0.7
"""Longest a provider request is planned to wait at the pacer: the proxy's hold with a margin."""


def lanes(per_minute: int, most: int = 10) -> str:
    """Terraform's ``-parallelism`` for a pace (at most ``most``): no request queued at the pacer past
    the proxy's hold."""
    return f"-parallelism={parallelism(per_minute, QUEUED_WAIT, most)}"


def open_session(env: Mapping[str, str], notify: Callable[[str], None] | None = None) -> dict[str, str]:
    """``env`` plus ``GANDI_URL`` (the proxy) and the PAT, for the children of this run.

    Raises ``TokenSourceError``/``MissingTokenError`` when no PAT can be had (callers exit 2
    before running anything) and ``RateConfigError`` for a bad ``ZONESTACK_RATE_LIMIT``.
    """
    merged = {**os.environ, **env}
    token = resolve_token(merged)
    upstream = (merged.get(URL_ENV) or DEFAULT_URL).rstrip("/")
    out = {**env, TOKEN_ENV: token.value, URL_ENV: upstream}
    if merged.get(PROXY_OFF_ENV, "") in ("1", "true", "yes"):
        return out
    rate = rate_from_env(merged)
    global _current
    pacer = Pacer(rate, adaptive=True, floor=lowest_pace(QUEUED_WAIT))
    proxy = PacingProxy(upstream, pacer=pacer, notify=notify).start()
    _current = proxy
    atexit.register(proxy.stop)
    out[URL_ENV] = proxy.url
    for name in ("TF_CLI_ARGS_plan", "TF_CLI_ARGS_apply"):
        out[name] = " ".join(filter(None, (merged.get(name, ""), lanes(rate))))
    return out
