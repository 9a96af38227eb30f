"""The only module that imports the CDK framework.

cdktf 0.21 is unmaintained since Dec 2025; its fork CDK Terrain (``cdktn``) keeps
the same API. Everything else imports these names from here, so moving to the
fork is a change to this file alone.
"""

from __future__ import annotations

import os

# jsii prints a Node end-of-life banner on Node 20; the value names the major version.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from cdktf import (  # noqa: E402,F401  (re-exported)
    App,
    LocalBackend,
    TerraformBackend,
    TerraformElement,
    TerraformProvider,
    TerraformProviderGeneratorMetadata,
    TerraformStack,
    Testing,
)
from constructs import Construct  # noqa: E402,F401  (re-exported)
