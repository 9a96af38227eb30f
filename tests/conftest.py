"""Settings for every test tier.

Hypothesis's default 200 ms deadline per example fails a property test on a busy
machine (CI runs on the developer's shared 2-core machine): no deadline, in every
test, including those that state no settings of their own.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("zonestack", deadline=None)
settings.load_profile("zonestack")
