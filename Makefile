# Two commands on a fresh machine: `make build`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# One test worker more than cores: browser tests spend much of their time waiting on
# Chromium (1,369 tests: 4m53s with 3 workers on 2 cores; 950 tests took 4m11s with 4).
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

.PHONY: build test lint bench serve check clean theme patterns browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

## build: set up .venv and build the sample site into output/
build: $(VENV)/.installed
	$(BIN)/sitegen build .

## check: check the sample site, warnings as errors
check: $(VENV)/.installed
	$(BIN)/sitegen check . --strict

## serve: preview the sample site with live reload on http://127.0.0.1:8000/
serve: $(VENV)/.installed
	$(BIN)/sitegen serve .

## browser-deps: Debian's chromium and the npm tools the browser tests use (best effort)
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium (Debian package)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@if command -v npm >/dev/null 2>&1 && [ -f package.json ]; then \
		if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then npm install --no-audit --no-fund --silent && touch node_modules; fi; \
	fi

## test: the whole test suite (installs test dependencies first)
test: $(VENV)/.installed-test browser-deps
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

## lint: ruff, mypy (strict) and the size/complexity limits (radon: <= 60 lines, <= 15)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check sitegen tests benchmarks tools
	$(BIN)/ruff format --check sitegen tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python tools/complexity.py sitegen

## bench: build and serve benchmarks against Hugo (when installed)
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/run.py --corpus standard --events 10000 --timelines 20 --no-hugo
	$(BIN)/python benchmarks/run.py --corpus extreme --events 1000,10000 --runs 1 --startup-runs 0 --single-core-events 0
	$(BIN)/python benchmarks/run.py --corpus newsroom --events 1000,10000 --runs 1 --startup-runs 0 --single-core-events 0
	$(BIN)/python benchmarks/run.py --corpus skewed --events 1000,10000 --runs 1 --startup-runs 0 --single-core-events 0
	$(BIN)/python benchmarks/workers.py --corpus standard,varied,extreme --events 10000 --workers 1,2,3,4
	$(BIN)/python benchmarks/overview_bench.py
	@if [ -f benchmarks/serve_bench.py ]; then $(BIN)/python benchmarks/serve_bench.py --large; fi

## theme: compile the default theme (templates/) into sitegen/compiled_theme/ after editing it
theme: $(VENV)/.installed
	$(BIN)/python tools/compile_theme.py

## patterns: compile the regular expressions modules compile at import into sitegen/compiled_patterns.py
patterns: $(VENV)/.installed
	$(BIN)/python tools/compile_patterns.py

clean:
	rm -rf output .sitegen-cache
