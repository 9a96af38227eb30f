"""A faithful local emulator of the Gandi LiveDNS v5 API.

Behaviour follows the real Gandi LiveDNS API; unknowns are ``Settings`` knobs.
Start one with ``Emulator.start(data_dir)`` (background thread) or
``serve_forever`` (foreground, used by ``python -m livedns_emulator``). The admin API
for other processes is documented in ``livedns_emulator.admin``.
"""

from livedns_emulator.emulator import Emulator, serve_forever
from livedns_emulator.settings import Settings

__all__ = ["Emulator", "Settings", "serve_forever"]
