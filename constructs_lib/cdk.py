"""The only module that imports the CDK framework.

cdktf 0.21 is unmaintained since Dec 2025; its fork CDK Terrain (``cdktn``) keeps
the same API. Everything else imports these names from here, so moving to the
fork is a change to this file alone.
"""

from __future__ import annotations

from cdktf import (  # noqa: F401  (re-exported)
    App,
    LocalBackend,
    PgBackend,
    TerraformElement,
    TerraformProvider,
    TerraformProviderGeneratorMetadata,
    TerraformStack,
    Testing,
)
from constructs import Construct  # noqa: F401  (re-exported)
