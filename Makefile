# annota: every target that needs Python sets up .venv itself, so a fresh clone
# needs only `make test` or `make demo`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# What `make demo` and `make serve` need (the SDK with its extras, the server): a smaller,
# quicker install than the development toolchain behind STAMP, which includes it. The SDK
# (`annota`, pyproject.toml) and the server (`annota-server`, server/pyproject.toml) are two
# distributions, both installed editable; the tools are the `dev` dependency group (never
# published), which needs pip >= 25.1.
DEMO_STAMP := $(VENV)/.installed-demo
DEMO_INSTALL := -e '.[cli,tqdm,images]' -e ./server
PORT ?= 8080
# The generator's ruff post-hooks must find the pinned ruff from the venv.
export PATH := $(BIN):$(PATH)

LINT_DIRS = $(wildcard src tests examples scripts bench server gen/templates/runtime)

GEN_ARGS = generate --path openapi.yaml --config generator-config.yml \
	--custom-template-path gen/templates --meta none --fail-on-warning --overwrite

.PHONY: install gen check-gen lint docs docs-serve test test-fast fuzz serve demo bench clean soak ui check-ui screenshots

# After `make demo` (a demo install as new as pyproject.toml), only the dev group's tools are
# installed into that environment; otherwise the whole environment is made.
$(STAMP): pyproject.toml server/pyproject.toml
	@if [ -f $(DEMO_STAMP) ] && [ ! pyproject.toml -nt $(DEMO_STAMP) ] \
		&& [ ! server/pyproject.toml -nt $(DEMO_STAMP) ]; then \
		echo "Reusing the demo install in $(VENV): adding the dev group's tools only"; \
		$(PY) -m pip install -q --upgrade pip && \
		$(PY) -m pip install -q --group dev; \
	else \
		$(PYTHON) -m venv $(VENV) && \
		$(PY) -m pip install -q --upgrade pip && \
		$(PY) -m pip install -q $(DEMO_INSTALL) --group dev; \
	fi
	touch $@ $(DEMO_STAMP)

$(DEMO_STAMP): pyproject.toml server/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q $(DEMO_INSTALL)
	touch $@

install: $(STAMP)

## Regenerate gen/annota_api from openapi.yaml (reproducible, byte-for-byte).
gen: $(STAMP)
	$(BIN)/openapi-spec-validator openapi.yaml
	$(BIN)/openapi-python-client $(GEN_ARGS) --output-path gen/annota_api
	$(PY) scripts/gen_async.py  # src/annota/aio: the asyncio twins of src/annota/proxies

## Fail, showing the diff, when gen/annota_api is not what the spec generates.
check-gen: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/openapi-python-client $(GEN_ARGS) --output-path "$$tmp/annota_api" >/dev/null && \
	if diff -ru --exclude=__pycache__ gen/annota_api "$$tmp/annota_api"; then \
		echo "check-gen: gen/annota_api is up to date"; \
	else \
		echo "check-gen: gen/annota_api differs from openapi.yaml; run 'make gen' and commit" >&2; exit 1; \
	fi
	@$(PY) scripts/gen_async.py --check

lint: $(STAMP)
	$(BIN)/openapi-spec-validator openapi.yaml
	$(BIN)/ruff check $(LINT_DIRS)
	$(BIN)/ruff format --check $(LINT_DIRS)
	$(BIN)/mypy
	$(BIN)/mypy tests/typecheck  # wrong calls into gen must be rejected

# Test workers: each has its own servers and PostgreSQL cluster; the suite mostly waits on
# them, so more workers than cores pays off.
TEST_WORKERS ?= 4
# worksteal hands each worker a contiguous run of tests (pytest orders them by backend and
# module), so a module's fixtures and a backend's servers start on fewer workers than with
# `load`, which deals tests round-robin; an idle worker then takes half of a busy one's rest.
TEST_DIST ?= --dist worksteal

## The web app's third-party browser files: npm installs what ui/package-lock.json pins, and
## ui/vendor.txt says which of its files are copied into the package's static folder.
WEBAPP_STATIC := src/annota_server/webapp/static
UI_NPM = npm ci --prefix $(1) --ignore-scripts --no-audit --no-fund --loglevel=error

ui:
	$(call UI_NPM,ui)
	@grep -v '^#' ui/vendor.txt | while read -r from to; do \
		mkdir -p "$$(dirname $(WEBAPP_STATIC)/$$to)" && cp "ui/node_modules/$$from" "$(WEBAPP_STATIC)/$$to"; \
	done

## Fail when a vendored browser file is not byte-for-byte what npm installs (as check-gen does).
check-ui:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	cp ui/package.json ui/package-lock.json "$$tmp/" && $(call UI_NPM,"$$tmp") && \
	grep -v '^#' ui/vendor.txt | { status=0; while read -r from to; do \
		cmp -s "$$tmp/node_modules/$$from" "$(WEBAPP_STATIC)/$$to" || \
			{ echo "check-ui: $(WEBAPP_STATIC)/$$to is not npm's $$from; run 'make ui'" >&2; status=1; }; \
	done; exit $$status; } && echo "check-ui: vendored browser files match ui/package-lock.json"

## The documentation site into site/ (open site/index.html); a warning fails the build.
## NO_MKDOCS_2_WARNING: mkdocs-material's end-of-life banner is not about these docs.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

## Serve the site on http://127.0.0.1:8000, rebuilt on every change.
docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict

# The checks before the tests run side by side (they are independent; mypy and the docs build
# each keep one core busy for a while); --output-sync keeps each one's output together.
test: $(STAMP)
	$(MAKE) --no-print-directory -j 4 --output-sync=target check-gen check-ui lint docs
	$(BIN)/pytest -q -n $(TEST_WORKERS) $(TEST_DIST)

## Explore with the contract fuzzer: a random seed and 200 examples per operation, both databases.
fuzz: $(STAMP)
	ANNOTA_FUZZ_RANDOM=1 ANNOTA_FUZZ_EXAMPLES=$${ANNOTA_FUZZ_EXAMPLES:-200} $(BIN)/pytest -q tests/contract

## Start annota-server on SQLite under .annota/ on PORT (8080; Ctrl-C stops it).
serve: $(DEMO_STAMP)
	@mkdir -p .annota
	@if [ ! -f .annota/admin-password ]; then \
		$(PY) -c 'import secrets; print(secrets.token_urlsafe(12))' > .annota/admin-password; \
		$(BIN)/annota-server createadmin --data-dir .annota --username admin --password-stdin < .annota/admin-password; \
	fi
	@echo ""
	@echo "  annota is starting at  http://127.0.0.1:$(PORT)/   <- open this in a browser"
	@echo "  (the API is under http://127.0.0.1:$(PORT)/api)"
	@echo ""
	@echo "Log in as admin with the password in .annota/admin-password. The SDK and the annota"
	@echo "command are in $(VENV): in another shell, 'source $(BIN)/activate' first, or run"
	@echo "  $(BIN)/python -c \"import annota; c = annota.make_client('localhost', port=$(PORT), credentials=('admin', open('.annota/admin-password').read().strip())); print(c.me.username)\""
	@echo "  $(BIN)/annota health --host http://127.0.0.1:$(PORT)"
	$(BIN)/annota-server run --data-dir .annota --host 127.0.0.1 --port $(PORT)

## A real session: a throwaway server on SQLite and examples/quickstart.py against it.
demo: $(DEMO_STAMP)
	$(PY) scripts/demo.py

## The web app's pages, on a throwaway server with a small project, as docs/images/webapp/*.png.
screenshots: $(STAMP)
	$(PY) scripts/screenshots.py

## Mixed SDK traffic for SOAK_SECONDS (120) while the worker is killed at random; prints checks.
soak: $(STAMP)
	$(PY) scripts/soak.py --seconds $${SOAK_SECONDS:-120} $(SOAK_ARGS)

## Benchmarks against raw urllib3, httpx, the stock generator and cvat-sdk; writes bench/RESULTS.md.
bench: $(STAMP)
	$(PY) -m pip install -q --group bench
	$(PY) -m bench

## Unit tests and the SQLite integration suites (no PostgreSQL, no contract fuzz).
test-fast: $(STAMP)
	$(BIN)/pytest -q -x -n $(TEST_WORKERS) $(TEST_DIST) -m "not postgres" tests/unit tests/integration

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache site
