"""What ``zonestack setup`` needs to run Terraform with the real go-gandi/gandi provider.

The cdktf CLI shells out to a Terraform-compatible binary, and that binary needs the
``go-gandi/gandi`` provider. Neither is guaranteed on a fresh machine (CI, a new
developer, an air-gapped host), so this package finds or builds both from sources
that any machine with a Go toolchain and its module proxy can reach:

* :mod:`.cache`     -- where built artefacts live (``.cache/zonestack/``, git-ignored);
* :mod:`.gomodule`  -- download a Go module and build a command from a writable copy;
* :mod:`.binary`    -- find ``terraform``/``tofu``, or build a pinned OpenTofu;
* :mod:`.provider`  -- the provider pin and its unpacked filesystem mirror;
* :mod:`.cliconfig` -- the opt-in Terraform CLI config that points at that mirror;
* :mod:`.env`       -- the environment variables a cdktf/terraform subprocess needs;

Nothing here imports cdktf, and nothing here runs at import time: every build or
install happens in an explicit ``ensure_*`` call.
"""
