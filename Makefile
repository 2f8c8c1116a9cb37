# JTAI workbench. `make help` lists the targets. The first use creates .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Tests may use both cores; set PYTEST_WORKERS=0 to run in one process.
PYTEST_WORKERS ?= 2

.DEFAULT_GOAL := help
LOCK   := requirements.lock
.PHONY: help env demo test check lab dashboard lint format bench clean suites lock

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# Installs the exact versions in requirements.lock (then the package itself, editable, on top).
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps -e .
	@if git rev-parse --git-dir >/dev/null 2>&1; then $(BIN)/nbstripout --install --attributes .gitattributes; fi
	@# axe-core checks the pack's accessibility in the browser tests (npm package, no browser download)
	@if command -v npm >/dev/null 2>&1; then npm install --silent --no-audit --no-fund --prefix $(VENV)/node axe-core@4; fi
	@touch $(STAMP)

env: $(STAMP) ## create or update the virtual environment (.venv)

demo: $(STAMP) ## synthetic mid-size area -> reports/demo/briefing-pack.html
	$(BIN)/jtai demo --out reports/demo

test: $(STAMP) ## run the whole test suite (small synthetic data, notebooks via papermill, Chromium)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

# The quick loop: the layers that start no kernel, browser or Dask cluster (tests/README.md).
check: lint ## lint, then the unit and contract tests (no kernel, browser or cluster): about a minute
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup tests/unit tests/contracts

# Kernels over local sockets (no TCP port, so no unencrypted-TCP warning); the server's websocket
# ping timeout no longer exceeds its interval (it warns on every start otherwise).
JUPYTER_QUIET := --config=jtai_analysis/dashboards/jupyter_config.json

lab: $(STAMP) ## JupyterLab from the project root: notebooks/ and the packs under reports/ both reachable
	$(BIN)/jupyter lab $(JUPYTER_QUIET) notebooks/explorer.ipynb

# `make dashboard` serves the demo pack's data; DATA=path (and NOTIFIED=YYYY-MM-DD) serves other lists.
PACK ?= reports/demo
dashboard: $(STAMP) ## explorer and sampling workbench in the browser, no code (PACK=dir or DATA=path)
ifdef DATA
	$(BIN)/jtai dashboard --data $(DATA) $(if $(NOTIFIED),--notification-date $(NOTIFIED))
else
	$(BIN)/jtai dashboard --pack $(PACK)
endif

lint: $(STAMP) ## ruff, format check, import contract, type check, notebooks without outputs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/nbstripout --verify notebooks/*.ipynb

lock: ## refresh requirements.lock from pyproject.toml (newest versions allowed by its ranges)
	@test -x $(BIN)/pip-compile || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); $(BIN)/python -m pip install -q pip-tools; }
	$(BIN)/pip-compile --quiet --upgrade --extra dev --strip-extras --no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

format: $(STAMP) ## ruff format and fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## run the benchmarks and record results under benchmarks/results/
	cd benchmarks && ../$(BIN)/python bench_synth_ingest.py && ../$(BIN)/python bench_validation.py && ../$(BIN)/python bench_pack.py && ../$(BIN)/python bench_explorer.py && ../$(BIN)/python bench_input_limits.py && ../$(BIN)/python bench_dashboard.py

clean: ## remove generated reports and caches (keeps .venv)
	rm -rf reports/demo .pytest_cache .ruff_cache

suites: $(STAMP) ## regenerate data_contracts/suites/*.json from the contracts
	$(BIN)/python -c "from pathlib import Path; from jtai_analysis.validation.suites import write_suites; write_suites(Path('data_contracts/suites'))"
