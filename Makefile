# Stockham analytics: one-command tasks for a fresh clone with Python 3.11+.
#   make report   build the termly governors' pack from the demo data (PDF=1: also pack.pdf)
#   make test     run every test (installs Chromium for the browser tests)
#   make lab      open JupyterLab on the notebooks
#   make bench    measure reading, loading and pack-building speed
#   make audit    check the installed packages for known vulnerabilities
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data
REPORT_TERM ?= Autumn 2026
# The demo workbooks are a snapshot of 10 December 2026 (stockham_analytics/demo.py AS_OF):
# judged that day the Autumn 2026 pack is provisional. Set AS_OF= (empty) to judge as of today.
AS_OF ?= $(if $(filter data,$(DATA)),2026-12-10,)

.PHONY: report validate test lab chromium audit bench clean help
help:
	@grep -E '^#   make' Makefile | sed 's/^#   //'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

validate: $(STAMP)
	$(BIN)/stockham-analytics validate --data $(DATA) $(if $(AS_OF),--as-of $(AS_OF))

# PDF=1 also writes pack.pdf (installs the pdf extra; printed by the Chromium/Chrome/Edge already installed).
report: $(STAMP)
	$(if $(PDF),$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[pdf]')
	$(BIN)/stockham-analytics report --data $(DATA) --term "$(REPORT_TERM)" $(if $(AS_OF),--as-of $(AS_OF)) $(if $(PDF),--pdf)

chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Known vulnerabilities in the installed packages (see .ci/audit.py; exceptions in audit-exceptions.toml).
audit: $(STAMP)
	$(BIN)/python .ci/audit.py

test: $(STAMP) chromium audit
	$(BIN)/python -m pytest

# Speed and memory figures (printed, never asserted): readers, loading, the whole pack.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_readers.py
	$(BIN)/python benchmarks/bench_load.py data
	$(BIN)/python benchmarks/bench_big.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_pack.py

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[lab]'
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) reports build *.egg-info
