# Stockham analytics: one-command tasks for a fresh clone with Python 3.11+.
#   make report          build the termly governors' pack from the demo data (installs only what a report needs; PDF=1: also pack.pdf)
#   make test            run every test (adds the test tools; installs Chromium and LibreOffice Calc if missing)
#   make test-portable   run the fast tests again as Windows would: no fcntl, no renameat2, kernels over tcp
#   make lab             open JupyterLab on the notebooks (adds JupyterLab)
#   make bench           measure reading, loading and pack-building speed
#   make audit           check the installed packages for known vulnerabilities
#   make typecheck       mypy --strict on the package
#   make lint            ruff and mypy --strict (make test runs them too)
#   make regenerate      rewrite what is generated from the code: data/, templates/excel/, docs/guide.md's tables
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet -c constraints.txt
# One stamp per set of packages: a report needs only the first.
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test
LAB := $(VENV)/.installed-lab
DATA ?= data
REPORT_TERM ?= Autumn 2026
# The demo workbooks are a snapshot of 10 December 2026 (stockham_analytics/authoring/demo.py AS_OF):
# judged that day the Autumn 2026 pack is provisional. Set AS_OF= (empty) to judge as of today.
AS_OF ?= $(if $(filter data,$(DATA)),2026-12-10,)

.PHONY: regenerate report validate test test-portable typecheck lab system-packages chromium audit bench clean help lint
help:
	@grep -E '^#   make' Makefile | sed 's/^#   //'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# What a report needs, and nothing else.
$(RUNTIME): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	@touch $@

# The test tools (pytest, Playwright, mypy, pip-audit, ...) on top, and JupyterLab, which the tests drive.
$(TESTING): $(RUNTIME)
	$(PIP) -e '.[test,lab]'
	@touch $@

$(LAB): $(RUNTIME)
	$(PIP) -e '.[lab]'
	@touch $@

validate: $(RUNTIME)
	$(BIN)/stockham-analytics validate --data $(DATA) $(if $(AS_OF),--as-of $(AS_OF))

# PDF=1 also writes pack.pdf (adds the pdf extra; printed by the Chromium/Chrome/Edge already installed).
report: $(RUNTIME)
	$(if $(PDF),$(PIP) -e '.[pdf]')
	$(BIN)/stockham-analytics report --data $(DATA) --term "$(REPORT_TERM)" $(if $(AS_OF),--as-of $(AS_OF)) $(if $(PDF),--pdf)

# Debian's chromium (browser tests) and LibreOffice Calc (opening the workbooks the tests write),
# installed with apt as root, else through sudo; elsewhere the tests that need them skip.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="chromium"; \
	command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing="$$missing libreoffice-calc-nogui"; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "Not installed: $$missing (no apt-get here; install them yourself, or the tests that need them skip)."; \
	  else \
	    echo "Installing Debian's$$missing for the tests..."; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	fi
chromium: system-packages

# Known vulnerabilities in the installed packages (see .ci/audit.py; exceptions in audit-exceptions.toml).
audit: $(TESTING)
	$(BIN)/python .ci/audit.py

test: $(TESTING) lint system-packages audit
	$(BIN)/python -m pytest

# The fast suite once more on the paths Windows takes (tests/conftest.py reads the switch),
# then the slow tests those paths change: kernels over tcp, and runs killed mid-swap.
test-portable: $(TESTING)
	STOCKHAM_PORTABLE=1 $(BIN)/python -m pytest -m "not slow"
	STOCKHAM_PORTABLE=1 $(BIN)/python -m pytest tests/test_execute.py tests/test_crash_safety.py

typecheck: $(TESTING)
	$(BIN)/mypy

lint: $(TESTING)
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory typecheck

# Speed and memory figures (printed, never asserted): readers, loading, the whole pack.
bench: $(TESTING)
	$(BIN)/python benchmarks/bench_readers.py
	$(BIN)/python benchmarks/bench_load.py data
	$(BIN)/python benchmarks/bench_big.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_pack.py

# After adding a column (a field in stockham_analytics/records.py) or a check: the committed
# demo workbooks, entry templates and the guide's tables follow the code (tests compare them).
# python -m runs this checkout's package (the current folder comes first on its path).
regenerate: $(TESTING)
	rm -rf .regenerate
	$(BIN)/python -m stockham_analytics demo --out .regenerate/data
	$(BIN)/python -m stockham_analytics templates --out .regenerate/templates
	cp .regenerate/data/* data/
	cp .regenerate/templates/*.xlsx templates/excel/
	rm -rf .regenerate
	$(BIN)/python tests/test_docs.py

lab: $(LAB)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) reports build dist *.egg-info
