# One-command set-up for a fresh clone: Python deps (Pipenv), the cdktf CLI (npm),
# and the Terraform toolchain (binary + go-gandi provider mirror).
# `make demo` and `make test` are the README's two commands.

export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_NOSPIN := 1
export PIPENV_YES := 1
export PIPENV_IGNORE_VIRTUALENVS := 1
PYTHON ?= python3
PIPENV := $(PYTHON) -m pipenv

.PHONY: setup deps toolchain demo test test-fast bench update-snapshots

setup: deps toolchain

deps:
	@$(PYTHON) -m pipenv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check pipenv
	$(PIPENV) sync --dev
	npm ci --no-audit --no-fund

# The provider may be unobtainable (no registry, Go module refused): setup reports
# it (exit 3) and the end-to-end tests that need it say so and skip.
toolchain:
	$(PIPENV) run zonestack setup || [ $$? -eq 3 ]
	# Node >= 22.19 for cdktn-cli (CDK Terrain), project-local when the machine's is older.
	$(PIPENV) run python -m zonestack.toolchain.node >/dev/null || echo "node: cdktn-cli will not run (see above)"

demo: setup
	$(PIPENV) run demo

test: setup
	$(PIPENV) run test

test-fast: deps
	$(PIPENV) run test -m "not e2e"

bench: deps
	$(PIPENV) run bench

update-snapshots: deps
	$(PIPENV) run update-snapshots
