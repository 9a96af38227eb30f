"""A faithful local emulator of the Gandi LiveDNS v5 API.

Behaviour follows docs/gandi-livedns.md; unknowns are ``Settings`` knobs.
Start one with ``Emulator.start(data_dir)`` (background thread) or
``serve_forever`` (foreground, used by ``zonestack emulator``). The admin API
for other processes is documented in ``zonestack.emulator.admin``.
"""

from zonestack.emulator.emulator import Emulator, serve_forever
from zonestack.emulator.settings import Settings

__all__ = ["Emulator", "Settings", "serve_forever"]
