"""zonestack: Gandi LiveDNS zones as code.

This package is the pure-Python core (model, loading, validation, API client,
importers, deploy). It never imports cdktf: the cdktf layer lives in
``constructs_lib/`` and ``stacks/`` and depends on this package, not the reverse.
"""

__version__ = "0.1.0"
