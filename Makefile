# One-command set-up for a fresh clone: Python deps (Pipenv), the cdktf CLI (npm),
# and the Terraform toolchain (binary + go-gandi provider mirror).
# `make demo` and `make test` are the README's two commands.

export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_NOSPIN := 1
export PIPENV_YES := 1
export PIPENV_IGNORE_VIRTUALENVS := 1
PYTHON ?= python3
PIPENV := $(PYTHON) -m pipenv

# Stamp files: the Python and npm packages are installed again only when their
# lock files change (or the stamp is gone), so a second `make` installs nothing.
VENV_STAMP := .venv/.zonestack-synced
NPM_STAMP := node_modules/.zonestack-installed

.PHONY: setup deps toolchain demo rehearse lint test test-fast bench update-snapshots

setup: deps toolchain

deps: $(VENV_STAMP) $(NPM_STAMP)

# The .pth file makes the checkout importable from any directory with the venv's
# Python (`python -m zonestack` in an activated venv, from a subdirectory), like
# an editable install; skipped when .venv is a symlink to a venv shared by checkouts.
$(VENV_STAMP): Pipfile Pipfile.lock
	@$(PYTHON) -m pipenv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check pipenv
	$(PIPENV) sync --dev
	@[ -L .venv ] || $(PIPENV) run python -c "import pathlib, sysconfig; \
		pathlib.Path(sysconfig.get_paths()['purelib'], 'zonestack-project.pth').write_text('$(CURDIR)\n')"
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The provider may be unobtainable (no registry, no mirror, Go module refused):
# setup reports it (exit 3), the demo skips only the Terraform deploy, and the
# end-to-end tests that need it say so and skip.
toolchain:
	$(PIPENV) run zonestack setup || [ $$? -eq 3 ]
	# The developer set-up (tests, demo): Knot DNS, dig, PostgreSQL; never fails for a missing tool.
	$(PIPENV) run python -m devkit.tools
	# Node >= 22.19 for cdktn-cli (CDK Terrain), project-local when the machine's is older.
	$(PIPENV) run python -m devkit.node >/dev/null || echo "node: cdktn-cli will not run (see above)"

demo: setup
	$(PIPENV) run demo

# The whole migration runbook (import, deploy, cutover, verify, DNSSEC) played offline on the emulator.
rehearse: setup
	$(PIPENV) run rehearse

# ruff and mypy (configured in pyproject.toml) before any test: a lint or type error fails fast.
lint: deps
	$(PIPENV) run lint
	$(PIPENV) run typecheck

test: setup lint
	$(PIPENV) run test

test-fast: deps lint
	$(PIPENV) run test -m "not e2e"

bench: deps
	$(PIPENV) run bench

update-snapshots: deps
	$(PIPENV) run update-snapshots
